package io.charter.server.concurrency;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static io.charter.server.PolicyDocuments.TRUST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charter.server.PolicyDocuments;
import io.charter.server.TestServer;
import io.charter.server.crypto.PasswordHash;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.mfa.Base32;
import io.charter.server.mfa.Totp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.CreatePolicyVersionResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Writes that each take a share of a quota (or a unique name), more of them at once than the
 * quota has room for: exactly as many as there was room for are acknowledged, every other is
 * refused with AWS's error, and what the store holds afterwards is exactly what the acknowledged
 * calls added.
 */
class QuotaRacesTest {
    private static final int CONTENDERS = 8;
    private static final int ROUNDS = 3;
    private static final String ACCOUNT = TestServer.ACCOUNT;
    /** Policies any user may have attached, beyond those a contest starts with. */
    private static final int SHARED_POLICIES = 12;

    /** The seed of each virtual MFA device a set-up created, by its name. */
    private static final Map<String, String> SEEDS = new ConcurrentHashMap<>();

    private static TestServer server;
    private static AwsCredentials root;
    private static IamClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootCredentials();
        admin = server.iam(root);
        for (int i = 0; i < SHARED_POLICIES; i++) {
            String name = "shared-" + i;
            admin.createPolicy(r -> r.policyName(name).policyDocument(ALLOW_GET_OBJECT));
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    /** Creates the entities named {@code n} a round races over; returns what they hold already. */
    @FunctionalInterface
    interface SetUp {
        Set<String> create(IamClient iam, String n);
    }

    /** Contender {@code i}'s call on the entities named {@code n}. */
    @FunctionalInterface
    interface Entry {
        Race.Call call(String n, int i);
    }

    /** What contender {@code i}'s acknowledged call added (as {@link Reader} reads it back). */
    @FunctionalInterface
    interface Label {
        String of(String n, int i, Object response);
    }

    /** What the entities named {@code n} hold after the race. */
    @FunctionalInterface
    interface Reader {
        Set<String> read(IamClient iam, String n);
    }

    /**
     * Writes of which exactly {@code room} fit.
     *
     * @param code the losers' error code
     * @param message the losers' message, or null where it names what differs per call
     */
    record Quota(String name, SetUp setUp, Entry entry, int room, String code, String message, Label label,
            Reader reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Quota> quotas() {
        return Stream.of(
                new Quota("CreateAccessKey: 2 per user", QuotaRacesTest::user,
                        (n, i) -> iam -> iam.createAccessKey(r -> r.userName(n)), 2, "LimitExceeded",
                        "Cannot exceed quota for AccessKeysPerUser: 2",
                        (n, i, response) -> ((CreateAccessKeyResponse) response).accessKey().accessKeyId(),
                        (iam, n) -> iam.listAccessKeys(r -> r.userName(n)).accessKeyMetadata().stream()
                                .map(AccessKeyMetadata::accessKeyId).collect(Collectors.toSet())),
                new Quota("CreatePolicyVersion: 5 per policy", (iam, n) -> {
                    iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT));
                    return Set.of("v1");
                }, (n, i) -> iam -> iam.createPolicyVersion(r -> r.policyArn(policyArn(n))
                        .policyDocument(PolicyDocuments.allow("\"s3:GetObject\"", "arn:aws:s3:::b" + i))), 4,
                        "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version,"
                                + " you must delete an existing version.",
                        (n, i, response) -> ((CreatePolicyVersionResponse) response).policyVersion().versionId(),
                        (iam, n) -> iam.listPolicyVersions(r -> r.policyArn(policyArn(n))).versions().stream()
                                .map(PolicyVersion::versionId).collect(Collectors.toSet())),
                new Quota("AddUserToGroup: 10 groups per user", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    Set<String> joined = new HashSet<>();
                    for (int g = 0; g < CONTENDERS + 4; g++) {
                        String group = n + "-g" + g;
                        iam.createGroup(r -> r.groupName(group));
                        if (g >= CONTENDERS) {
                            iam.addUserToGroup(r -> r.groupName(group).userName(n));
                            joined.add(group);
                        }
                    }
                    return joined;
                }, (n, i) -> iam -> iam.addUserToGroup(r -> r.groupName(n + "-g" + i).userName(n)), 6,
                        "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10", (n, i, response) -> n + "-g" + i,
                        (iam, n) -> iam.listGroupsForUser(r -> r.userName(n)).groups().stream()
                                .map(Group::groupName).collect(Collectors.toSet())),
                new Quota("AttachUserPolicy: 10 per user", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    Set<String> attached = new HashSet<>();
                    for (int p = CONTENDERS; p < SHARED_POLICIES; p++) {
                        String arn = policyArn("shared-" + p);
                        iam.attachUserPolicy(r -> r.userName(n).policyArn(arn));
                        attached.add(arn);
                    }
                    return attached;
                }, (n, i) -> iam -> iam.attachUserPolicy(r -> r.userName(n).policyArn(policyArn("shared-" + i))), 6,
                        "LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 10",
                        (n, i, response) -> policyArn("shared-" + i),
                        (iam, n) -> iam.listAttachedUserPolicies(r -> r.userName(n)).attachedPolicies().stream()
                                .map(AttachedPolicy::policyArn).collect(Collectors.toSet())),
                new Quota("TagUser: 50 tags per user", QuotaRacesTest::user, (n, i) -> {
                    List<Tag> tags = new ArrayList<>();
                    for (int k = 0; k < 7; k++) {
                        tags.add(Tag.builder().key("c" + i + "-" + k).value("v").build());
                    }
                    return iam -> iam.tagUser(r -> r.userName(n).tags(tags));
                }, 7, "LimitExceeded", "Cannot exceed quota for TagsPerUser: 50", (n, i, response) -> "c" + i + " x7",
                        (iam, n) -> iam.listUserTags(r -> r.userName(n)).tags().stream()
                                .collect(Collectors.groupingBy(t -> t.key().substring(0, t.key().indexOf('-')),
                                        Collectors.counting()))
                                .entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                                .collect(Collectors.toSet())),
                new Quota("PutUserPolicy: 2,048 characters per user", QuotaRacesTest::user,
                        (n, i) -> iam -> iam.putUserPolicy(r -> r.userName(n).policyName("p" + i)
                                .policyDocument(sized(450, i))), 4, "LimitExceeded",
                        "Maximum policy size of 2048 bytes exceeded for user %s",
                        (n, i, response) -> "p" + i,
                        (iam, n) -> new HashSet<>(iam.listUserPolicies(r -> r.userName(n)).policyNames())),
                new Quota("AddRoleToInstanceProfile: 1 role per profile", (iam, n) -> {
                    iam.createInstanceProfile(r -> r.instanceProfileName(n));
                    for (int i = 0; i < CONTENDERS; i++) {
                        String role = n + "-r" + i;
                        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
                    }
                    return Set.of();
                }, (n, i) -> iam -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(n).roleName(n + "-r" + i)),
                        1, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
                        (n, i, response) -> n + "-r" + i,
                        (iam, n) -> iam.getInstanceProfile(r -> r.instanceProfileName(n)).instanceProfile().roles()
                                .stream().map(Role::roleName).collect(Collectors.toSet())),
                new Quota("CreateLoginProfile: one per user", QuotaRacesTest::user,
                        (n, i) -> iam -> iam.createLoginProfile(r -> r.userName(n).password("Correct-Horse-" + i)), 1,
                        "EntityAlreadyExists", "Login Profile for user %s already exists.",
                        (n, i, response) -> "Correct-Horse-" + i,
                        (iam, n) -> {
                            // The password stored is the one the acknowledged call gave (no API reads it back).
                            Identity user = server.server().directory().current()
                                    .principal(ACCOUNT, IdentityKind.USER, n).orElseThrow();
                            String hash = server.server().domain().loginProfiles().profileOf(user).passwordHash();
                            Set<String> working = new HashSet<>();
                            for (int i = 0; i < CONTENDERS; i++) {
                                if (PasswordHash.matches("Correct-Horse-" + i, hash)) {
                                    working.add("Correct-Horse-" + i);
                                }
                            }
                            return working;
                        }),
                new Quota("EnableMFADevice: one user per device", (iam, n) -> {
                    for (int i = 0; i < CONTENDERS; i++) {
                        String user = n + "-u" + i;
                        iam.createUser(r -> r.userName(user));
                    }
                    SEEDS.put(n, iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(n)).virtualMFADevice()
                            .base32StringSeed().asUtf8String());
                    return Set.of();
                }, (n, i) -> enable(n + "-u" + i, n), 1, "EntityAlreadyExists", "MFA Device is already in use.",
                        (n, i, response) -> n + "-u" + i,
                        (iam, n) -> iam.listVirtualMFADevices().virtualMFADevices().stream()
                                .filter(d -> d.serialNumber().endsWith(":mfa/" + n))
                                .map(d -> d.user().userName()).collect(Collectors.toSet())),
                new Quota("EnableMFADevice: 8 devices per user", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    for (int i = 0; i <= CONTENDERS; i++) {
                        String device = n + "-d" + i;
                        SEEDS.put(device, iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(device))
                                .virtualMFADevice().base32StringSeed().asUtf8String());
                    }
                    // One enabled already: room for seven more.
                    enable(n, n + "-d" + CONTENDERS).send(iam);
                    return Set.of(n + "-d" + CONTENDERS);
                }, (n, i) -> enable(n, n + "-d" + i), 7, "LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8",
                        (n, i, response) -> n + "-d" + i,
                        (iam, n) -> iam.listMFADevices(r -> r.userName(n)).mfaDevices().stream()
                                .map(d -> d.serialNumber().substring(d.serialNumber().indexOf(":mfa/") + 5))
                                .collect(Collectors.toSet())),
                new Quota("CreateAccountAlias: 1 per account", (iam, n) -> Set.of(),
                        (n, i) -> iam -> iam.createAccountAlias(r -> r.accountAlias(alias(n, i))), 1, "LimitExceeded",
                        "Cannot exceed quota for AccountAliasesPerAccount: 1", (n, i, response) -> alias(n, i),
                        (iam, n) -> {
                            Set<String> aliases = new HashSet<>(iam.listAccountAliases().accountAliases());
                            aliases.forEach(a -> iam.deleteAccountAlias(r -> r.accountAlias(a))); // the next round's room
                            return aliases;
                        }),
                new Quota("CreateUser: one per name", (iam, n) -> Set.of(),
                        (n, i) -> iam -> iam.createUser(r -> r.userName(n).path("/c" + i + "/")), 1,
                        "EntityAlreadyExists", null, (n, i, response) -> "/c" + i + "/",
                        (iam, n) -> Set.of(iam.getUser(r -> r.userName(n)).user().path())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotas")
    void exactlyTheRoomIsTaken(Quota quota) throws InterruptedException {
        try (Race race = Race.on(server, root, CONTENDERS)) {
            for (int round = 0; round < ROUNDS; round++) {
                String n = quota.name().replaceAll("[^A-Za-z0-9]", "") + "-" + round;
                Set<String> expected = new TreeSet<>(quota.setUp().create(admin, n));
                List<Race.Call> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    calls.add(quota.entry().call(n, i));
                }
                List<Outcome> outcomes = race.run(calls);
                assertEquals(quota.room(), Outcome.acknowledged(outcomes), n + ": " + outcomes);
                for (int i = 0; i < CONTENDERS; i++) {
                    Outcome outcome = outcomes.get(i);
                    if (outcome.acknowledged()) {
                        expected.add(quota.label().of(n, i, outcome.response(Object.class)));
                    } else {
                        outcome.assertRefused(quota.code(), quota.message() == null ? null
                                : quota.message().formatted(n));
                    }
                }
                assertEquals(expected, new TreeSet<>(quota.reader().read(admin, n)), n);
            }
        }
    }

    private static Set<String> user(IamClient iam, String n) {
        iam.createUser(r -> r.userName(n));
        return Set.of();
    }

    /** The user {@code user} enables the device named {@code device} with its codes of the last two steps. */
    private static Race.Call enable(String user, String device) {
        byte[] seed = Base32.decode(SEEDS.get(device));
        long step = Totp.step(Instant.now());
        String code1 = Totp.code(seed, step - 1);
        String code2 = Totp.code(seed, step);
        return iam -> iam.enableMFADevice(r -> r.userName(user)
                .serialNumber("arn:aws:iam::" + ACCOUNT + ":mfa/" + device).authenticationCode1(code1)
                .authenticationCode2(code2));
    }

    /** Contender {@code i}'s alias in round {@code n}: lower case, as aliases are. */
    private static String alias(String n, int i) {
        return n.toLowerCase(Locale.ROOT) + "-a" + i;
    }

    private static String policyArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":policy/" + name;
    }

    /** A policy document of {@code size} characters other than white space, distinct per {@code i}. */
    private static String sized(int size, int i) {
        String prefix = PolicyDocuments.allow("\"s3:GetObject\"", "arn:aws:s3:::b" + i + "/");
        String filler = "x".repeat(size - prefix.length());
        return PolicyDocuments.allow("\"s3:GetObject\"", "arn:aws:s3:::b" + i + "/" + filler);
    }
}
