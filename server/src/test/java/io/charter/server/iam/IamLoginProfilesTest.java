package io.charter.server.iam;

import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.AwsErrors;
import io.charter.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Login profiles, ChangePassword and the account password policy, over the AWS SDK for Java v2
 * against a real server. Every response body and error the server sends this test's IAM clients
 * is recorded as sent ({@link #RECORD_BODIES}) and checked not to contain a password.
 */
class IamLoginProfilesTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String FIRST = "First-pass-1";
    private static final String SECOND = "Second-pass-2";

    private static TestServer server;
    private static IamClient root;
    /** Every password a test sent, and every text the server answered with. */
    private static final List<String> passwords = new ArrayList<>();
    private static final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    /** Records every response body, as the server sent it, before the SDK reads it. */
    private static final ExecutionInterceptor RECORD_BODIES = new ExecutionInterceptor() {
        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (body.isEmpty()) {
                return body;
            }
            try {
                byte[] bytes = body.get().readAllBytes();
                answers.add(new String(bytes, StandardCharsets.UTF_8));
                return Optional.of(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.iam(server.rootCredentials(), RECORD_BODIES);
        passwords.addAll(List.of(FIRST, SECOND));
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
        assertTrue(answers.stream().anyMatch(a -> a.contains("<CreateLoginProfileResponse")), "response bodies were recorded");
        assertTrue(answers.stream().anyMatch(a -> a.contains("<ErrorResponse")), "error bodies were recorded");
        for (String answer : answers) {
            for (String password : passwords) {
                assertFalse(answer.contains(password), "a response or error contains a password: " + answer);
            }
        }
    }

    private static String password(String p) {
        passwords.add(p);
        return p;
    }

    /** {@link AwsErrors#iamFails(String, int, Supplier)}, the error's message recorded. */
    private static IamException fails(String code, int status, Supplier<?> call) {
        IamException e = AwsErrors.iamFails(code, status, call);
        answers.add(e.awsErrorDetails().errorMessage());
        answers.add(String.valueOf(e.getMessage()));
        return e;
    }

    private static <T> T answered(T response) {
        answers.add(String.valueOf(response));
        return response;
    }

    private static IamClient client(AwsBasicCredentials key) {
        return server.iam(key, RECORD_BODIES);
    }

    @Test
    void loginProfileLifeCycle() {
        root.createUser(r -> r.userName("console-user"));
        Instant beforeCreate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LoginProfile created = answered(root.createLoginProfile(r -> r.userName("console-user").password(FIRST)
                .passwordResetRequired(true))).loginProfile();
        assertEquals("console-user", created.userName());
        assertTrue(created.passwordResetRequired());
        assertFalse(created.createDate().isBefore(beforeCreate) || created.createDate().isAfter(Instant.now()),
                created.createDate() + " is the time of creation");

        IamException exists = fails("EntityAlreadyExists", 409,
                () -> root.createLoginProfile(r -> r.userName("console-user").password(SECOND)));
        assertEquals("Login Profile for user console-user already exists.", exists.awsErrorDetails().errorMessage());

        LoginProfile got = answered(root.getLoginProfile(r -> r.userName("console-user"))).loginProfile();
        assertEquals(created, got);

        answered(root.updateLoginProfile(r -> r.userName("console-user").passwordResetRequired(false)));
        assertFalse(root.getLoginProfile(r -> r.userName("console-user")).loginProfile().passwordResetRequired());
        answered(root.updateLoginProfile(r -> r.userName("console-user").password(SECOND)));
        assertEquals(created.createDate(), root.getLoginProfile(r -> r.userName("console-user")).loginProfile().createDate());

        IamException conflict = fails("DeleteConflict", 409, () -> root.deleteUser(r -> r.userName("console-user")));
        assertEquals("Cannot delete entity, must delete login profile first.", conflict.awsErrorDetails().errorMessage());

        answered(root.deleteLoginProfile(r -> r.userName("console-user")));
        IamException missing = fails("NoSuchEntity", 404, () -> root.getLoginProfile(r -> r.userName("console-user")));
        assertEquals("Login Profile for User console-user cannot be found.", missing.awsErrorDetails().errorMessage());
        fails("NoSuchEntity", 404, () -> root.updateLoginProfile(r -> r.userName("console-user").password(FIRST)));
        fails("NoSuchEntity", 404, () -> root.deleteLoginProfile(r -> r.userName("console-user")));
        root.deleteUser(r -> r.userName("console-user"));

        IamException noUser = fails("NoSuchEntity", 404,
                () -> root.createLoginProfile(r -> r.userName("nobody").password(FIRST)));
        assertEquals("The user with name nobody cannot be found.", noUser.awsErrorDetails().errorMessage());

        // The model leaves Password optional (for AssumeRoot sessions); any other caller must give one.
        root.createUser(r -> r.userName("no-password"));
        IamException noPassword = fails("ValidationError", 400, () -> root.createLoginProfile(r -> r.userName("no-password")));
        assertEquals("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not"
                + " be null", noPassword.awsErrorDetails().errorMessage());
        fails("NoSuchEntity", 404, () -> root.getLoginProfile(r -> r.userName("no-password")));
        // The model's constraints, checked before anything else.
        fails("ValidationError", 400, () -> root.getLoginProfile(r -> r.userName("bad name")));
        fails("ValidationError", 400, () -> root.deleteLoginProfile(r -> r.userName("")));
        fails("ValidationError", 400, () -> root.changePassword(r -> r.oldPassword("Correct-Horse-9")));
    }

    @Test
    void defaultPolicyNeedsEightCharactersOfThreeKinds() {
        root.createUser(r -> r.userName("default-policy-user"));
        for (String weak : List.of("Ab1!", "alllowercase", "lowercase123", "UPPERlower")) {
            IamException e = fails("PasswordPolicyViolation", 400, () -> root.createLoginProfile(r -> r
                    .userName("default-policy-user").password(password(weak))));
            assertEquals("Password does not conform to the account password policy.", e.awsErrorDetails().errorMessage());
        }
        answered(root.createLoginProfile(r -> r.userName("default-policy-user").password(password("Upper-lower1"))));
        fails("PasswordPolicyViolation", 400, () -> root.updateLoginProfile(r -> r.userName("default-policy-user")
                .password(password("short1A"))));
        // A password longer than the model allows is refused without being echoed.
        String tooLong = password("A1-" + "x".repeat(130));
        fails("ValidationError", 400, () -> root.updateLoginProfile(r -> r.userName("default-policy-user").password(tooLong)));
    }

    @Test
    void accountPasswordPolicyIsSetCheckedAndDeleted() {
        IamException none = fails("NoSuchEntity", 404, () -> root.getAccountPasswordPolicy());
        assertEquals("The Password Policy with domain name " + ACCOUNT + " cannot be found.", none.awsErrorDetails().errorMessage());
        fails("NoSuchEntity", 404, () -> root.deleteAccountPasswordPolicy());

        root.updateAccountPasswordPolicy(r -> r.requireSymbols(true));
        PasswordPolicy defaults = root.getAccountPasswordPolicy().passwordPolicy();
        assertEquals(6, defaults.minimumPasswordLength());
        assertTrue(defaults.requireSymbols());
        assertFalse(defaults.requireNumbers());
        assertFalse(defaults.expirePasswords());
        assertNull(defaults.maxPasswordAge());
        assertNull(defaults.passwordReusePrevention());
        try {
            root.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(10).requireNumbers(true)
                    .requireUppercaseCharacters(true).requireLowercaseCharacters(true).requireSymbols(true)
                    .allowUsersToChangePassword(true).maxPasswordAge(90).passwordReusePrevention(2).hardExpiry(true));
            PasswordPolicy p = root.getAccountPasswordPolicy().passwordPolicy();
            assertEquals(10, p.minimumPasswordLength());
            assertTrue(p.requireNumbers() && p.requireUppercaseCharacters() && p.requireLowercaseCharacters());
            assertTrue(p.allowUsersToChangePassword());
            assertTrue(p.expirePasswords());
            assertEquals(90, p.maxPasswordAge());
            assertEquals(2, p.passwordReusePrevention());
            assertTrue(p.hardExpiry());
            fails("ValidationError", 400, () -> root.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(5)));
            fails("ValidationError", 400, () -> root.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(129)));

            root.createUser(r -> r.userName("policy-user"));
            for (String weak : List.of("Short-1a", "no-digits-Here", "no_upper_123", "NO_LOWER_123", "NoSymbols123")) {
                fails("PasswordPolicyViolation", 400, () -> root.createLoginProfile(r -> r.userName("policy-user")
                        .password(password(weak))));
            }
            String one = password("Reuse-one-111");
            String two = password("Reuse-two-222");
            String three = password("Reuse-three-333");
            root.createLoginProfile(r -> r.userName("policy-user").password(one));
            // The last two passwords (the current one included) cannot be reused; the third back can.
            fails("PasswordPolicyViolation", 400, () -> root.updateLoginProfile(r -> r.userName("policy-user").password(one)));
            root.updateLoginProfile(r -> r.userName("policy-user").password(two));
            fails("PasswordPolicyViolation", 400, () -> root.updateLoginProfile(r -> r.userName("policy-user").password(one)));
            root.updateLoginProfile(r -> r.userName("policy-user").password(three));
            root.updateLoginProfile(r -> r.userName("policy-user").password(one));
            root.deleteLoginProfile(r -> r.userName("policy-user"));
            root.deleteUser(r -> r.userName("policy-user"));
        } finally {
            root.deleteAccountPasswordPolicy();
        }
        fails("NoSuchEntity", 404, () -> root.getAccountPasswordPolicy());
    }

    @Test
    void aUserChangesItsOwnPassword() {
        AwsBasicCredentials key = TestServer.userWithKey(root, "changer", null);
        root.putUserPolicy(r -> r.userName("changer").policyName("self").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:ChangePassword\","
                + "\"Resource\":\"arn:aws:iam::" + ACCOUNT + ":user/changer\"}")));
        try (IamClient changer = client(key)) {
            IamException noProfile = fails("NoSuchEntity", 404,
                    () -> changer.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
            assertEquals("Login Profile for User changer cannot be found.", noProfile.awsErrorDetails().errorMessage());
            root.createLoginProfile(r -> r.userName("changer").password(FIRST).passwordResetRequired(true));

            IamException wrong = fails("InvalidInput", 400,
                    () -> changer.changePassword(r -> r.oldPassword(password("Not-the-pass-9")).newPassword(SECOND)));
            assertEquals("The old password was incorrect.", wrong.awsErrorDetails().errorMessage());
            fails("PasswordPolicyViolation", 400,
                    () -> changer.changePassword(r -> r.oldPassword(FIRST).newPassword(password("weakpass"))));

            answered(changer.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
            assertFalse(root.getLoginProfile(r -> r.userName("changer")).loginProfile().passwordResetRequired());
            // The old password no longer works; the new one does.
            fails("InvalidInput", 400, () -> changer.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
            changer.changePassword(r -> r.oldPassword(SECOND).newPassword(FIRST));
        }

        IamException rootCaller = fails("InvalidUserType", 400,
                () -> root.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
        assertEquals("Only IAM users can change their own password.", rootCaller.awsErrorDetails().errorMessage());

        // Temporary credentials (here an assumed role's) are not an IAM user's.
        root.createRole(r -> r.roleName("changer-role").assumeRolePolicyDocument(TRUST));
        root.putUserPolicy(r -> r.userName("changer").policyName("assume").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}")));
        Credentials session;
        try (StsClient sts = server.sts(key)) {
            session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/changer-role")
                    .roleSessionName("session")).credentials();
        }
        try (IamClient sessionClient = server.iam(TestServer.session(session), RECORD_BODIES)) {
            fails("InvalidUserType", 400, () -> sessionClient.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
        }
    }

    @Test
    void callersWithoutPermissionAreDenied() {
        AwsBasicCredentials key = TestServer.userWithKey(root, "no-rights", null);
        root.createUser(r -> r.userName("someone"));
        root.createLoginProfile(r -> r.userName("someone").password(FIRST));
        root.createLoginProfile(r -> r.userName("no-rights").password(FIRST));
        try (IamClient user = client(key)) {
            IamException denied = fails("AccessDenied", 403, () -> user.getLoginProfile(r -> r.userName("someone")));
            assertEquals("User: arn:aws:iam::" + ACCOUNT + ":user/no-rights is not authorized to perform: iam:GetLoginProfile"
                    + " on resource: arn:aws:iam::" + ACCOUNT + ":user/someone",
                    denied.awsErrorDetails().errorMessage().split(" because")[0]);
            // A user that does not exist is denied alike: nothing is revealed.
            fails("AccessDenied", 403, () -> user.getLoginProfile(r -> r.userName("ghost")));
            fails("AccessDenied", 403, () -> user.createLoginProfile(r -> r.userName("someone").password(SECOND)));
            fails("AccessDenied", 403, () -> user.updateLoginProfile(r -> r.userName("someone").password(SECOND)));
            fails("AccessDenied", 403, () -> user.deleteLoginProfile(r -> r.userName("someone")));
            fails("AccessDenied", 403, () -> user.changePassword(r -> r.oldPassword(FIRST).newPassword(SECOND)));
            fails("AccessDenied", 403, () -> user.getAccountPasswordPolicy());
            fails("AccessDenied", 403, () -> user.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(20)));
            fails("AccessDenied", 403, () -> user.deleteAccountPasswordPolicy());
        }
        assertEquals("someone", root.getLoginProfile(r -> r.userName("someone")).loginProfile().userName());
    }
}
