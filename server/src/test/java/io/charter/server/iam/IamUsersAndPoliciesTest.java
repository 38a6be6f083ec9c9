package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM users, access keys, managed and inline policies over the AWS SDK for Java v2, with every
 * call authorized by the policy engine: a user can do exactly what its policies allow.
 */
class IamUsersAndPoliciesTest {
    private static TestServer server;
    private static IamClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootIam();
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    @Test
    void usersAreCreatedReadListedAndUnique() {
        User created = root.createUser(r -> r.userName("dora").path("/eng/").tags(
                Tag.builder().key("team").value("blue").build())).user();
        assertEquals("arn:aws:iam::123456789012:user/eng/dora", created.arn());
        assertTrue(created.userId().matches("AIDA[A-Z2-7]{17}"), created.userId());
        User read = root.getUser(r -> r.userName("DORA")).user();
        assertEquals(created.userId(), read.userId());
        assertEquals("blue", read.tags().get(0).value());
        assertTrue(root.listUsers(r -> r.pathPrefix("/eng/")).users().stream().anyMatch(u -> u.userName().equals("dora")));
        IamException dup = iamFails("EntityAlreadyExists", 409, () -> root.createUser(r -> r.userName("Dora")));
        assertEquals("User with name Dora already exists.", dup.awsErrorDetails().errorMessage());
        IamException missing = iamFails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("nobody")));
        assertEquals("The user with name nobody cannot be found.", missing.awsErrorDetails().errorMessage());
        iamFails("ValidationError", 400, () -> root.createUser(r -> r.userName("bad name!")));
        iamFails("InvalidInput", 400, () -> root.createUser(r -> r.userName("tagged").tags(
                Tag.builder().key("a").value("1").build(), Tag.builder().key("A").value("2").build())));
    }

    @Test
    void rootGetUserDescribesTheRootUser() {
        User me = root.getUser().user();
        assertEquals("arn:aws:iam::123456789012:root", me.arn());
        assertEquals("123456789012", me.userId());
        assertNull(me.userName());
    }

    @Test
    void aUserCanDoExactlyWhatItsPoliciesAllow() {
        try (IamClient erin = server.iam(server.userWithKey("erin", null))) {
            IamException denied = iamFails("AccessDenied", 403, erin::listUsers);
            assertEquals("User: arn:aws:iam::123456789012:user/erin is not authorized to perform: iam:ListUsers on resource:"
                    + " arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action",
                    TestServer.awsWording(denied.awsErrorDetails().errorMessage()));

            String arn = root.createPolicy(r -> r.policyName("ReadUsers").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:ListUsers\",\"iam:GetUser\"],\"Resource\":\"*\"}"))).policy().arn();
            root.attachUserPolicy(r -> r.userName("erin").policyArn(arn));
            assertFalse(erin.listUsers().users().isEmpty());
            assertEquals("erin", erin.getUser().user().userName());
            iamFails("AccessDenied", 403, () -> erin.createUser(r -> r.userName("x1")));

            // Conditions on request tags.
            root.putUserPolicy(r -> r.userName("erin").policyName("CreateBlue").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateUser\",\"iam:TagUser\"],\"Resource\":\"*\","
                            + "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/team\":\"blue\"}}}")));
            erin.createUser(r -> r.userName("blue1").tags(Tag.builder().key("team").value("blue").build()));
            iamFails("AccessDenied", 403, () -> erin.createUser(r -> r.userName("red1").tags(
                    Tag.builder().key("team").value("red").build())));

            // An explicit deny wins.
            root.putUserPolicy(r -> r.userName("erin").policyName("NoGetDora").policyDocument(policy(
                    "{\"Effect\":\"Deny\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::123456789012:user/*/dora\"}")));
            root.createUser(r -> r.userName("dora2").path("/x/"));
            erin.getUser(r -> r.userName("dora2"));
            root.putUserPolicy(r -> r.userName("erin").policyName("NoGetDora").policyDocument(policy(
                    "{\"Effect\":\"Deny\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::123456789012:user/x/dora2\"}")));
            IamException explicit = iamFails("AccessDenied", 403, () -> erin.getUser(r -> r.userName("dora2")));
            assertTrue(TestServer.awsWording(explicit.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy"),
                    explicit.awsErrorDetails().errorMessage());

            // A permissions boundary narrows what the policies allow.
            String boundary = root.createPolicy(r -> r.policyName("OnlyGet").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"))).policy().arn();
            root.putUserPermissionsBoundary(r -> r.userName("erin").permissionsBoundary(boundary));
            assertEquals(boundary, root.getUser(r -> r.userName("erin")).user().permissionsBoundary().permissionsBoundaryArn());
            assertEquals("erin", erin.getUser().user().userName());
            IamException bounded = iamFails("AccessDenied", 403, erin::listUsers);
            assertTrue(TestServer.awsWording(bounded.awsErrorDetails().errorMessage()).endsWith("because no permissions boundary policy allows the iam:ListUsers action"),
                    bounded.awsErrorDetails().errorMessage());
            root.deleteUserPermissionsBoundary(r -> r.userName("erin"));
            erin.listUsers();

            assertEquals(List.of("CreateBlue", "NoGetDora"), root.listUserPolicies(r -> r.userName("erin")).policyNames());
            assertEquals(List.of(arn), root.listAttachedUserPolicies(r -> r.userName("erin")).attachedPolicies().stream()
                    .map(p -> p.policyArn()).toList());
        }
    }

    @Test
    void managedPolicyVersionsFollowAwsRules() {
        String v1 = policy("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}");
        String arn = root.createPolicy(r -> r.policyName("Versioned").path("/team/").description("d").policyDocument(v1))
                .policy().arn();
        assertEquals("arn:aws:iam::123456789012:policy/team/Versioned", arn);
        PolicyVersion first = root.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion();
        assertEquals(v1, URLDecoder.decode(first.document(), StandardCharsets.UTF_8), "the document as it was written");
        assertTrue(first.isDefaultVersion());
        for (int i = 2; i <= 5; i++) {
            root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(v1).setAsDefault(true));
        }
        assertEquals("v5", root.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId());
        iamFails("LimitExceeded", 409, () -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(v1)));
        iamFails("DeleteConflict", 409, () -> root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5")));
        root.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v2"));
        root.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5"));
        assertEquals(List.of("v4", "v3", "v2", "v1"), root.listPolicyVersions(r -> r.policyArn(arn)).versions().stream()
                .map(PolicyVersion::versionId).toList());
        iamFails("DeleteConflict", 409, () -> root.deletePolicy(r -> r.policyArn(arn)));
        for (String v : List.of("v1", "v3", "v4")) {
            root.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
        }
        root.deletePolicy(r -> r.policyArn(arn));
        iamFails("NoSuchEntity", 404, () -> root.getPolicy(r -> r.policyArn(arn)));
    }

    @Test
    void malformedDocumentsAreRefusedWithAwsErrors() {
        iamFails("MalformedPolicyDocument", 400, () -> root.createPolicy(r -> r.policyName("Bad1").policyDocument("{not json")));
        iamFails("MalformedPolicyDocument", 400, () -> root.createPolicy(r -> r.policyName("Bad2").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}"))));
        String big = policy("{\"Effect\":\"Allow\",\"Action\":[" + "\"iam:GetUser\",".repeat(600)
                + "\"iam:GetUser\"],\"Resource\":\"*\"}");
        iamFails("LimitExceeded", 409, () -> root.createPolicy(r -> r.policyName("Big").policyDocument(big)));
        root.createUser(r -> r.userName("frank"));
        iamFails("MalformedPolicyDocument", 400, () -> root.putUserPolicy(r -> r.userName("frank").policyName("p")
                .policyDocument(policy("{\"Effect\":\"Allow\",\"Action\":\"nocolon\",\"Resource\":\"*\"}"))));
        assertTrue(root.listPolicies(r -> r.scope("Local")).policies().stream().noneMatch(p -> p.policyName().startsWith("Bad")));
    }

    @Test
    void accessKeysAreLimitedDeactivatedAndDeleted() {
        root.createUser(r -> r.userName("gina"));
        AccessKey first = root.createAccessKey(r -> r.userName("gina")).accessKey();
        root.createAccessKey(r -> r.userName("gina"));
        IamException limit = iamFails("LimitExceeded", 409, () -> root.createAccessKey(r -> r.userName("gina")));
        assertEquals("Cannot exceed quota for AccessKeysPerUser: 2", limit.awsErrorDetails().errorMessage());
        // The model's status enum also holds Expired; no client can set it on an access key.
        IamException expired = iamFails("InvalidInput", 400, () -> root.updateAccessKey(r -> r.userName("gina")
                .accessKeyId(first.accessKeyId()).status(StatusType.EXPIRED)));
        assertEquals("The status of an access key can be set to Active or Inactive, not Expired.",
                expired.awsErrorDetails().errorMessage());
        assertEquals(List.of(StatusType.ACTIVE, StatusType.ACTIVE), root.listAccessKeys(r -> r.userName("gina"))
                .accessKeyMetadata().stream().map(k -> k.status()).toList());

        String allowAll = root.createPolicy(r -> r.policyName("SelfKeys").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:ListAccessKeys\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}")))
                .policy().arn();
        root.attachUserPolicy(r -> r.userName("gina").policyArn(allowAll));
        try (IamClient gina = server.iam(first.accessKeyId(), first.secretAccessKey())) {
            assertEquals(2, gina.listAccessKeys().accessKeyMetadata().size(), "policy variables resolve");
            iamFails("AccessDenied", 403, () -> gina.listAccessKeys(r -> r.userName("frank2")));
            root.updateAccessKey(r -> r.userName("gina").accessKeyId(first.accessKeyId()).status(StatusType.INACTIVE));
            iamFails("InvalidClientTokenId", 403, gina::listAccessKeys);
        }
        iamFails("DeleteConflict", 409, () -> root.deleteUser(r -> r.userName("gina")));
        root.listAccessKeys(r -> r.userName("gina")).accessKeyMetadata()
                .forEach(k -> root.deleteAccessKey(r -> r.userName("gina").accessKeyId(k.accessKeyId())));
        IamException attached = iamFails("DeleteConflict", 409, () -> root.deleteUser(r -> r.userName("gina")));
        assertEquals("Cannot delete entity, must detach all policies first.", attached.awsErrorDetails().errorMessage());
        root.detachUserPolicy(r -> r.userName("gina").policyArn(allowAll));
        root.deleteUser(r -> r.userName("gina"));
        iamFails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("gina")));
        IamException missingKey = iamFails("NoSuchEntity", 404,
                () -> root.deleteAccessKey(r -> r.accessKeyId("AKIAZZZZZZZZZZZZZZZZ")));
        assertEquals("The Access Key with id AKIAZZZZZZZZZZZZZZZZ cannot be found.", missingKey.awsErrorDetails().errorMessage());
    }

    @Test
    void paginationWithMarkers() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            root.createUser(r -> r.userName("page" + n).path("/paged/"));
        }
        var first = root.listUsers(r -> r.pathPrefix("/paged/").maxItems(2));
        assertTrue(first.isTruncated());
        assertEquals(List.of("page0", "page1"), first.users().stream().map(User::userName).toList());
        var second = root.listUsers(r -> r.pathPrefix("/paged/").maxItems(2).marker(first.marker()));
        assertEquals(List.of("page2", "page3"), second.users().stream().map(User::userName).toList());
        var last = root.listUsers(r -> r.pathPrefix("/paged/").maxItems(2).marker(second.marker()));
        assertFalse(last.isTruncated());
        assertEquals(List.of("page4"), last.users().stream().map(User::userName).toList());
        assertEquals(5, root.listUsersPaginator(r -> r.pathPrefix("/paged/").maxItems(2)).users().stream().count());
        iamFails("InvalidInput", 400, () -> root.listUsers(r -> r.marker("garbage")));
    }

    @Test
    void awsManagedPoliciesAreAttachableAndReadOnly() {
        String readOnly = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
        var policy = root.getPolicy(r -> r.policyArn(readOnly)).policy();
        assertEquals("IAMReadOnlyAccess", policy.policyName());
        assertTrue(policy.policyId().startsWith("ANPA"));
        String document = URLDecoder.decode(root.getPolicyVersion(r -> r.policyArn(readOnly)
                .versionId(policy.defaultVersionId())).policyVersion().document(), StandardCharsets.UTF_8);
        assertTrue(document.contains("iam:List*"), document);
        assertTrue(root.listPolicies(r -> r.scope("AWS").maxItems(1000)).policies().stream()
                .anyMatch(p -> p.arn().equals("arn:aws:iam::aws:policy/AdministratorAccess")));
        assertTrue(root.listPolicies(r -> r.scope("Local").maxItems(1000)).policies().stream()
                .noneMatch(p -> p.arn().startsWith("arn:aws:iam::aws:")));

        try (IamClient hank = server.iam(server.userWithKey("hank", null))) {
            iamFails("AccessDenied", 403, hank::listUsers);
            root.attachUserPolicy(r -> r.userName("hank").policyArn(readOnly));
            hank.listUsers();
            hank.getPolicy(r -> r.policyArn(readOnly));
            iamFails("AccessDenied", 403, () -> hank.createUser(r -> r.userName("nope")));
            root.attachUserPolicy(r -> r.userName("hank").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
            hank.createUser(r -> r.userName("made-by-hank"));
        }
        iamFails("NoSuchEntity", 404, () -> root.attachUserPolicy(r -> r.userName("hank")
                .policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")));
        // AWS managed policies belong to no account: nobody can change them.
        iamFails("AccessDenied", 403, () -> root.deletePolicy(r -> r.policyArn(readOnly)));
        iamFails("AccessDenied", 403, () -> root.createPolicyVersion(r -> r.policyArn(readOnly).policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"))));
    }
}
