package io.charter.server.concurrency;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static io.charter.server.PolicyDocuments.TRUST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.charter.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The same deletion (or removal), sent by eight clients at once: one is acknowledged and every
 * other is {@code NoSuchEntity}, as the calls one after another would be answered; the entity is
 * gone afterwards.
 */
class RepeatedDeletesTest {
    private static final int CONTENDERS = 8;
    private static final int ROUNDS = 2;

    private TestServer server;
    private AwsCredentials root;
    private IamClient admin;

    /** A server per deletion: the store stays small, so each write's snapshot check stays cheap. */
    @BeforeEach
    void start() {
        server = TestServer.start();
        root = server.rootCredentials();
        admin = server.iam(root);
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    /** Creates what a round deletes, named {@code n}; returns what the deletion names it by. */
    @FunctionalInterface
    interface SetUp {
        String create(IamClient iam, String n);
    }

    /** The deletion of what the set-up created for {@code n}, named {@code handle}. */
    @FunctionalInterface
    interface Delete {
        Object send(IamClient iam, String n, String handle);
    }

    /** Whether what the set-up created for {@code n}, named {@code handle}, is still there. */
    @FunctionalInterface
    interface Probe {
        boolean present(IamClient iam, String n, String handle);
    }

    record Deletion(String name, SetUp setUp, Delete delete, Probe present) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Deletion> deletions() {
        return Stream.of(
                new Deletion("DeleteUser", RepeatedDeletesTest::user, (iam, n, h) -> iam.deleteUser(r -> r.userName(n)),
                        (iam, n, h) -> exists(() -> iam.getUser(r -> r.userName(n)))),
                new Deletion("DeleteRole", (iam, n) -> {
                    iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(TRUST));
                    return n;
                }, (iam, n, h) -> iam.deleteRole(r -> r.roleName(n)),
                        (iam, n, h) -> exists(() -> iam.getRole(r -> r.roleName(n)))),
                new Deletion("DeleteGroup", (iam, n) -> {
                    iam.createGroup(r -> r.groupName(n));
                    return n;
                }, (iam, n, h) -> iam.deleteGroup(r -> r.groupName(n)),
                        (iam, n, h) -> exists(() -> iam.getGroup(r -> r.groupName(n)))),
                new Deletion("DeletePolicy",
                        (iam, n) -> iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT)).policy().arn(),
                        (iam, n, arn) -> iam.deletePolicy(r -> r.policyArn(arn)),
                        (iam, n, arn) -> exists(() -> iam.getPolicy(r -> r.policyArn(arn)))),
                new Deletion("DeletePolicyVersion", (iam, n) -> {
                    String arn = iam.createPolicy(r -> r.policyName(n).policyDocument(ALLOW_GET_OBJECT)).policy().arn();
                    iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(ALLOW_GET_OBJECT));
                    return arn;
                }, (iam, n, arn) -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2")),
                        (iam, n, arn) -> iam.listPolicyVersions(r -> r.policyArn(arn)).versions().size() == 2),
                new Deletion("DeleteInstanceProfile", (iam, n) -> {
                    iam.createInstanceProfile(r -> r.instanceProfileName(n));
                    return n;
                }, (iam, n, h) -> iam.deleteInstanceProfile(r -> r.instanceProfileName(n)),
                        (iam, n, h) -> exists(() -> iam.getInstanceProfile(r -> r.instanceProfileName(n)))),
                new Deletion("RemoveRoleFromInstanceProfile", (iam, n) -> {
                    iam.createRole(r -> r.roleName(n).assumeRolePolicyDocument(TRUST));
                    iam.createInstanceProfile(r -> r.instanceProfileName(n));
                    iam.addRoleToInstanceProfile(r -> r.instanceProfileName(n).roleName(n));
                    return n;
                }, (iam, n, h) -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(n).roleName(n)),
                        (iam, n, h) -> !iam.getInstanceProfile(r -> r.instanceProfileName(n)).instanceProfile().roles()
                                .isEmpty()),
                new Deletion("DeleteVirtualMFADevice",
                        (iam, n) -> iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(n)).virtualMFADevice()
                                .serialNumber(),
                        (iam, n, serial) -> iam.deleteVirtualMFADevice(r -> r.serialNumber(serial)),
                        (iam, n, serial) -> iam.listVirtualMFADevices().virtualMFADevices().stream()
                                .anyMatch(d -> d.serialNumber().equals(serial))),
                new Deletion("DeleteAccessKey", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    return iam.createAccessKey(r -> r.userName(n)).accessKey().accessKeyId();
                }, (iam, n, id) -> iam.deleteAccessKey(r -> r.userName(n).accessKeyId(id)),
                        (iam, n, id) -> !iam.listAccessKeys(r -> r.userName(n)).accessKeyMetadata().isEmpty()),
                new Deletion("DeleteLoginProfile", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    iam.createLoginProfile(r -> r.userName(n).password("Correct-Horse-42"));
                    return n;
                }, (iam, n, h) -> iam.deleteLoginProfile(r -> r.userName(n)),
                        (iam, n, h) -> exists(() -> iam.getLoginProfile(r -> r.userName(n)))),
                new Deletion("DeleteUserPolicy", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    iam.putUserPolicy(r -> r.userName(n).policyName("p").policyDocument(ALLOW_GET_OBJECT));
                    return n;
                }, (iam, n, h) -> iam.deleteUserPolicy(r -> r.userName(n).policyName("p")),
                        (iam, n, h) -> !iam.listUserPolicies(r -> r.userName(n)).policyNames().isEmpty()),
                new Deletion("DetachUserPolicy", (iam, n) -> {
                    iam.createUser(r -> r.userName(n));
                    String arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
                    iam.attachUserPolicy(r -> r.userName(n).policyArn(arn));
                    return arn;
                }, (iam, n, arn) -> iam.detachUserPolicy(r -> r.userName(n).policyArn(arn)),
                        (iam, n, arn) -> !iam.listAttachedUserPolicies(r -> r.userName(n)).attachedPolicies().isEmpty()),
                new Deletion("DeleteAccountAlias", (iam, n) -> {
                    String alias = n.toLowerCase(Locale.ROOT);
                    iam.createAccountAlias(r -> r.accountAlias(alias));
                    return alias;
                }, (iam, n, alias) -> iam.deleteAccountAlias(r -> r.accountAlias(alias)),
                        (iam, n, alias) -> iam.listAccountAliases().accountAliases().contains(alias)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletions")
    void oneDeletionIsAcknowledgedAndEveryOtherIsNoSuchEntity(Deletion deletion) throws InterruptedException {
        try (Race race = Race.on(server, root, CONTENDERS)) {
            for (int round = 0; round < ROUNDS; round++) {
                String n = deletion.name() + "-" + round;
                String handle = deletion.setUp().create(admin, n);
                List<Race.Call> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    calls.add(iam -> deletion.delete().send(iam, n, handle));
                }
                List<Outcome> outcomes = race.run(calls);
                assertEquals(1, Outcome.acknowledged(outcomes), n + ": " + outcomes);
                outcomes.stream().filter(o -> !o.acknowledged()).forEach(o -> o.assertRefused("NoSuchEntity", null));
                assertFalse(deletion.present().present(admin, n, handle), n + " is gone");
            }
        }
    }

    private static String user(IamClient iam, String n) {
        iam.createUser(r -> r.userName(n));
        return n;
    }

    private static boolean exists(Supplier<?> get) {
        try {
            return get.get() != null; // the SDK answers with a response, or throws
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
