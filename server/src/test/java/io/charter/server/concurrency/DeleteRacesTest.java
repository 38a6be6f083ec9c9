package io.charter.server.concurrency;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static io.charter.server.PolicyDocuments.TRUST;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.mfa.Base32;
import io.charter.server.mfa.Totp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * A deletion racing a write that gives the deleted entity a dependent (a policy, a key, a member,
 * a version, ...), on fresh entities, several pairs at once, round after round. Exactly one of the
 * two wins: either the deletion is acknowledged and the write is {@code NoSuchEntity}, or the write
 * is acknowledged and the deletion is {@code DeleteConflict} with AWS's message; the final state
 * shows the winner. A write that gives no dependent (tagging) never stops the deletion.
 */
class DeleteRacesTest {
    private static final int ROUNDS = 4;
    private static final int PAIRS = 4;
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String MANAGED = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String PASSWORD = "Correct-Horse-42";
    private static final String MEMBERS = "members";
    private static final String MORE_THAN_ONE_VERSION = "This policy has more than one version. Before you delete a"
            + " policy, you must delete the policy's versions. The default version is deleted with the policy.";

    private static final Tag TAG = Tag.builder().key("k").value("v").build();

    private static final TestClock CLOCK = new TestClock();
    private TestServer server;
    private AwsCredentials root;
    private IamClient admin;
    /** The seed of each virtual MFA device a set-up created, by its name. */
    private static final Map<String, String> SEEDS = new ConcurrentHashMap<>();

    /** A server per contest: the store stays small, so each write's snapshot check stays cheap. */
    @BeforeEach
    void start() {
        server = TestServer.start(CLOCK);
        root = server.rootCredentials();
        admin = server.iam(root);
        admin.createGroup(r -> r.groupName(MEMBERS));
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    /** Creates what one pair races over, all named {@code n}. */
    @FunctionalInterface
    interface SetUp {
        void create(IamClient iam, String n);
    }

    /** A call on the entities named {@code n}. */
    @FunctionalInterface
    interface OnNamed {
        Race.Call call(String n);
    }

    /** Whether something about the entities named {@code n} is so, read after the race. */
    @FunctionalInterface
    interface Probe {
        boolean holds(IamClient iam, String n);
    }

    /**
     * A deletion and a write that races it.
     *
     * @param conflict the deletion's {@code DeleteConflict} message when the write came first; empty
     *     when the write gives the entity no dependent (a tag), so that the deletion always succeeds
     * @param written whether the acknowledged write is there; for a write that gives no dependent,
     *     whether an entity made again with the name has what the write gave the deleted one
     */
    record Contest(String name, SetUp setUp, OnNamed delete, OnNamed write, String conflict, Probe exists,
            Probe written) {
        boolean blocks() {
            return !conflict.isEmpty();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Contest> contests() {
        return Stream.of(
                userContest("DeleteUser/PutUserPolicy",
                        n -> iam -> iam.putUserPolicy(r -> r.userName(n).policyName("p").policyDocument(ALLOW_GET_OBJECT)),
                        "Cannot delete entity, must delete policies first.",
                        (iam, n) -> !iam.listUserPolicies(r -> r.userName(n)).policyNames().isEmpty()),
                userContest("DeleteUser/AttachUserPolicy",
                        n -> iam -> iam.attachUserPolicy(r -> r.userName(n).policyArn(MANAGED)),
                        "Cannot delete entity, must detach all policies first.",
                        (iam, n) -> !iam.listAttachedUserPolicies(r -> r.userName(n)).attachedPolicies().isEmpty()),
                userContest("DeleteUser/CreateAccessKey",
                        n -> iam -> iam.createAccessKey(r -> r.userName(n)),
                        "Cannot delete entity, must delete access keys first.",
                        (iam, n) -> !iam.listAccessKeys(r -> r.userName(n)).accessKeyMetadata().isEmpty()),
                userContest("DeleteUser/AddUserToGroup",
                        n -> iam -> iam.addUserToGroup(r -> r.groupName(MEMBERS).userName(n)),
                        "Cannot delete entity, must remove users from group first.",
                        (iam, n) -> !iam.listGroupsForUser(r -> r.userName(n)).groups().isEmpty()),
                userContest("DeleteUser/CreateLoginProfile",
                        n -> iam -> iam.createLoginProfile(r -> r.userName(n).password(PASSWORD)),
                        "Cannot delete entity, must delete login profile first.",
                        (iam, n) -> exists(() -> iam.getLoginProfile(r -> r.userName(n)))),
                new Contest("DeleteUser/EnableMFADevice", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    createDevice(iam, n);
                }, DeleteRacesTest::deleteUser, DeleteRacesTest::enable,
                        "Cannot delete entity, must delete MFA device first.", DeleteRacesTest::userExists,
                        DeleteRacesTest::mfaEnabled),
                userContest("DeleteUser/TagUser", n -> iam -> iam.tagUser(r -> r.userName(n).tags(TAG)), "",
                        (iam, n) -> {
                            iam.createUser(r -> r.userName(n));
                            return !iam.listUserTags(r -> r.userName(n)).tags().isEmpty();
                        }),
                roleContest("DeleteRole/TagRole", n -> iam -> iam.tagRole(r -> r.roleName(n).tags(TAG)), "",
                        (iam, n) -> {
                            iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(TRUST));
                            return !iam.listRoleTags(r -> r.roleName(n)).tags().isEmpty();
                        }),
                policyContest("DeletePolicy/TagPolicy", n -> iam -> iam.tagPolicy(r -> r.policyArn(policyArn(n)).tags(TAG)),
                        "", (iam, n) -> {
                            iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT));
                            return !iam.listPolicyTags(r -> r.policyArn(policyArn(n))).tags().isEmpty();
                        }),
                new Contest("DeleteInstanceProfile/TagInstanceProfile",
                        (iam, n) -> iam.createInstanceProfile(r -> r.instanceProfileName(n)),
                        n -> iam -> iam.deleteInstanceProfile(r -> r.instanceProfileName(n)),
                        n -> iam -> iam.tagInstanceProfile(r -> r.instanceProfileName(n).tags(TAG)), "",
                        (iam, n) -> exists(() -> iam.getInstanceProfile(r -> r.instanceProfileName(n))), (iam, n) -> {
                            iam.createInstanceProfile(r -> r.instanceProfileName(n));
                            return !iam.listInstanceProfileTags(r -> r.instanceProfileName(n)).tags().isEmpty();
                        }),
                new Contest("DeleteVirtualMFADevice/TagMFADevice", DeleteRacesTest::createDevice,
                        n -> iam -> iam.deleteVirtualMFADevice(r -> r.serialNumber(serial(n))),
                        n -> iam -> iam.tagMFADevice(r -> r.serialNumber(serial(n)).tags(TAG)), "",
                        DeleteRacesTest::deviceExists, (iam, n) -> {
                            // A device's id is its serial number: one made again with the name must not
                            // inherit the deleted one's tags.
                            createDevice(iam, n);
                            return !iam.listMFADeviceTags(r -> r.serialNumber(serial(n))).tags().isEmpty();
                        }),
                roleContest("DeleteRole/PutRolePolicy",
                        n -> iam -> iam.putRolePolicy(r -> r.roleName(n).policyName("p").policyDocument(ALLOW_GET_OBJECT)),
                        "Cannot delete entity, must delete policies first.",
                        (iam, n) -> !iam.listRolePolicies(r -> r.roleName(n)).policyNames().isEmpty()),
                roleContest("DeleteRole/AttachRolePolicy",
                        n -> iam -> iam.attachRolePolicy(r -> r.roleName(n).policyArn(MANAGED)),
                        "Cannot delete entity, must detach all policies first.",
                        (iam, n) -> !iam.listAttachedRolePolicies(r -> r.roleName(n)).attachedPolicies().isEmpty()),
                new Contest("DeleteRole/AddRoleToInstanceProfile", DeleteRacesTest::roleAndProfile,
                        n -> iam -> iam.deleteRole(r -> r.roleName(n)), DeleteRacesTest::addRole,
                        "Cannot delete entity, must remove roles from instance profile first.",
                        (iam, n) -> exists(() -> iam.getRole(r -> r.roleName(n))), DeleteRacesTest::profileHoldsRole),
                new Contest("DeleteInstanceProfile/AddRoleToInstanceProfile", DeleteRacesTest::roleAndProfile,
                        n -> iam -> iam.deleteInstanceProfile(r -> r.instanceProfileName(n)), DeleteRacesTest::addRole,
                        "Cannot delete entity, must remove roles from instance profile first.",
                        (iam, n) -> exists(() -> iam.getInstanceProfile(r -> r.instanceProfileName(n))),
                        DeleteRacesTest::profileHoldsRole),
                groupContest("DeleteGroup/AddUserToGroup",
                        n -> iam -> iam.addUserToGroup(r -> r.groupName(n).userName(n)),
                        "Cannot delete entity, must remove users from group first.",
                        (iam, n) -> !iam.getGroup(r -> r.groupName(n)).users().isEmpty()),
                groupContest("DeleteGroup/PutGroupPolicy",
                        n -> iam -> iam.putGroupPolicy(r -> r.groupName(n).policyName("p").policyDocument(ALLOW_GET_OBJECT)),
                        "Cannot delete entity, must delete policies first.",
                        (iam, n) -> !iam.listGroupPolicies(r -> r.groupName(n)).policyNames().isEmpty()),
                groupContest("DeleteGroup/AttachGroupPolicy",
                        n -> iam -> iam.attachGroupPolicy(r -> r.groupName(n).policyArn(MANAGED)),
                        "Cannot delete entity, must detach all policies first.",
                        (iam, n) -> !iam.listAttachedGroupPolicies(r -> r.groupName(n)).attachedPolicies().isEmpty()),
                policyContest("DeletePolicy/CreatePolicyVersion",
                        n -> iam -> iam.createPolicyVersion(r -> r.policyArn(policyArn(n)).policyDocument(ALLOW_GET_OBJECT)),
                        MORE_THAN_ONE_VERSION,
                        (iam, n) -> iam.listPolicyVersions(r -> r.policyArn(policyArn(n))).versions().size() == 2),
                policyContest("DeletePolicy/AttachUserPolicy",
                        n -> iam -> iam.attachUserPolicy(r -> r.userName(n).policyArn(policyArn(n))),
                        "Cannot delete a policy attached to entities.",
                        (iam, n) -> !iam.listAttachedUserPolicies(r -> r.userName(n)).attachedPolicies().isEmpty()),
                policyContest("DeletePolicy/PutUserPermissionsBoundary",
                        n -> iam -> iam.putUserPermissionsBoundary(r -> r.userName(n).permissionsBoundary(policyArn(n))),
                        "Cannot delete a policy used as a permissions boundary.",
                        (iam, n) -> iam.getUser(r -> r.userName(n)).user().permissionsBoundary() != null),
                new Contest("DeletePolicyVersion/SetDefaultPolicyVersion", (iam, n) -> {
                    iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT));
                    iam.createPolicyVersion(r -> r.policyArn(policyArn(n)).policyDocument(ALLOW_GET_OBJECT));
                }, n -> iam -> iam.deletePolicyVersion(r -> r.policyArn(policyArn(n)).versionId("v2")),
                        n -> iam -> iam.setDefaultPolicyVersion(r -> r.policyArn(policyArn(n)).versionId("v2")),
                        "Cannot delete the default version of a policy.",
                        (iam, n) -> iam.listPolicyVersions(r -> r.policyArn(policyArn(n))).versions().size() == 2,
                        (iam, n) -> iam.getPolicy(r -> r.policyArn(policyArn(n))).policy().defaultVersionId()
                                .equals("v2")),
                new Contest("DeleteVirtualMFADevice/EnableMFADevice", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    createDevice(iam, n);
                }, n -> iam -> iam.deleteVirtualMFADevice(r -> r.serialNumber(serial(n))), DeleteRacesTest::enable,
                        "MFA Device is already in use.", DeleteRacesTest::deviceExists, DeleteRacesTest::mfaEnabled));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contests")
    void exactlyOneOfDeleteAndDependentWriteWins(Contest contest) throws InterruptedException {
        try (Race race = Race.on(server, root, 2 * PAIRS)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> names = new ArrayList<>();
                List<Race.Call> calls = new ArrayList<>();
                for (int pair = 0; pair < PAIRS; pair++) {
                    String n = contest.name().replace('/', '-') + "-" + round + "-" + pair;
                    names.add(n);
                    contest.setUp().create(admin, n);
                    calls.add(contest.delete().call(n));
                    calls.add(contest.write().call(n));
                }
                List<Outcome> outcomes = race.run(calls);
                for (int pair = 0; pair < PAIRS; pair++) {
                    judge(contest, names.get(pair), outcomes.get(2 * pair), outcomes.get(2 * pair + 1));
                }
            }
        }
    }

    private void judge(Contest contest, String n, Outcome deletion, Outcome write) {
        String where = n + ": delete " + deletion + ", write " + write;
        if (!contest.blocks()) {
            assertTrue(deletion.acknowledged(), where);
            if (!write.acknowledged()) {
                write.assertRefused("NoSuchEntity", null);
            }
            assertFalse(contest.exists().holds(admin, n), where + ": exists after the race");
            assertFalse(contest.written().holds(admin, n), where + ": made again, it has the deleted one's tags");
            return;
        } else if (deletion.acknowledged()) {
            write.assertRefused("NoSuchEntity", null);
        } else {
            deletion.assertRefused("DeleteConflict", contest.conflict());
            assertTrue(write.acknowledged(), where);
        }
        boolean deleted = deletion.acknowledged();
        assertTrue(contest.exists().holds(admin, n) != deleted, where + ": exists after the race");
        if (!deleted) {
            assertTrue(contest.written().holds(admin, n), where + ": the acknowledged write is there");
        }
    }

    private static Contest userContest(String name, OnNamed write, String conflict, Probe written) {
        return new Contest(name, (iam, n) -> iam.createUser(r -> r.userName(n)), DeleteRacesTest::deleteUser, write,
                conflict, DeleteRacesTest::userExists, written);
    }

    private static Contest roleContest(String name, OnNamed write, String conflict, Probe written) {
        return new Contest(name, (iam, n) -> iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(TRUST)),
                n -> iam -> iam.deleteRole(r -> r.roleName(n)), write, conflict,
                (iam, n) -> exists(() -> iam.getRole(r -> r.roleName(n))), written);
    }

    /** A group and a user, both named {@code n}. */
    private static Contest groupContest(String name, OnNamed write, String conflict, Probe written) {
        return new Contest(name, (iam, n) -> {
            iam.createGroup(r -> r.groupName(n));
            iam.createUser(r -> r.userName(n));
        }, n -> iam -> iam.deleteGroup(r -> r.groupName(n)), write, conflict,
                (iam, n) -> exists(() -> iam.getGroup(r -> r.groupName(n))), written);
    }

    /** A customer managed policy and a user, both named {@code n}. */
    private static Contest policyContest(String name, OnNamed write, String conflict, Probe written) {
        return new Contest(name, (iam, n) -> {
            iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT));
            iam.createUser(r -> r.userName(n));
        }, n -> iam -> iam.deletePolicy(r -> r.policyArn(policyArn(n))), write, conflict,
                (iam, n) -> exists(() -> iam.getPolicy(r -> r.policyArn(policyArn(n)))), written);
    }

    private static Race.Call deleteUser(String n) {
        return iam -> iam.deleteUser(r -> r.userName(n));
    }

    private static boolean userExists(IamClient iam, String n) {
        return exists(() -> iam.getUser(r -> r.userName(n)));
    }

    private static void roleAndProfile(IamClient iam, String n) {
        iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(TRUST));
        iam.createInstanceProfile(r -> r.instanceProfileName(n));
    }

    private static Race.Call addRole(String n) {
        return iam -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(n).roleName(n));
    }

    private static boolean profileHoldsRole(IamClient iam, String n) {
        return !iam.getInstanceProfile(r -> r.instanceProfileName(n)).instanceProfile().roles().isEmpty();
    }

    private static String policyArn(String n) {
        return "arn:aws:iam::" + ACCOUNT + ":policy/" + n;
    }

    private static String serial(String n) {
        return "arn:aws:iam::" + ACCOUNT + ":mfa/" + n;
    }

    private static void createDevice(IamClient iam, String n) {
        SEEDS.put(n, iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(n)).virtualMFADevice()
                .base32StringSeed().asUtf8String());
    }

    /** Enables the device {@code n} for the user {@code n} with its codes of the last two steps. */
    private static Race.Call enable(String n) {
        byte[] seed = Base32.decode(SEEDS.get(n));
        long step = Totp.step(CLOCK.instant());
        String code1 = Totp.code(seed, step - 1);
        String code2 = Totp.code(seed, step);
        return iam -> iam.enableMFADevice(r -> r.userName(n).serialNumber(serial(n))
                .authenticationCode1(code1).authenticationCode2(code2));
    }

    private static boolean deviceExists(IamClient iam, String n) {
        return iam.listVirtualMFADevices().virtualMFADevices().stream().anyMatch(d -> d.serialNumber().equals(serial(n)));
    }

    private static boolean mfaEnabled(IamClient iam, String n) {
        return !iam.listMFADevices(r -> r.userName(n)).mfaDevices().isEmpty();
    }

    private static boolean exists(Supplier<?> get) {
        try {
            return get.get() != null; // the SDK answers with a response, or throws
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
