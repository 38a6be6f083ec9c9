package io.charter.server.cli;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Two nodes sharing one store (the same SQLite file and master key, as two processes would):
 * a session minted on one works on the other; revoking it by its access key id through either
 * node's {@code charter} service, or with {@code charter sessions revoke}, refuses it on both, and
 * a session-token key rotated on one node opens on the other at once.
 */
class SessionsCommandTest {
    private static final TestClock CLOCK = new TestClock();
    private static Path dataDir;
    private static TestServer first;
    private static TestServer second;
    private static NewAccessKey root;
    private static IamClient rootIam;
    private static String roleArn;
    private static AwsBasicCredentials caller;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("charter-two-nodes");
        first = TestServer.start(CLOCK, dataDir);
        second = TestServer.start(CLOCK, dataDir);
        root = first.rootKey();
        rootIam = first.iam(root.accessKeyId(), root.secretAccessKey());
        roleArn = rootIam.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(TRUST)).role().arn();
        rootIam.attachRolePolicy(r -> r.roleName("worker").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        caller = first.userWithKey("caller", policy("{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}"));
        second.server().followStore();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    private static Credentials assume(TestServer node, String sessionName) {
        try (StsClient sts = node.sts(caller)) {
            return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName)).credentials();
        }
    }

    private static void works(TestServer node, Credentials session) {
        try (IamClient iam = node.iam(TestServer.session(session))) {
            iam.listRoles();
        }
    }

    private static void refused(TestServer node, Credentials session) {
        try (IamClient iam = node.iam(TestServer.session(session))) {
            fails("InvalidClientTokenId", 403, iam::listRoles);
        }
    }

    /** Runs {@code charter ARGS --port P --data-dir D} in-process; returns its exit code and output. */
    private static String[] charter(TestServer node, String... args) {
        return InProcessCli.run(node, args);
    }

    private static CharterClient client(TestServer node, AwsBasicCredentials as) {
        return new CharterClient(node.endpoint(), io.charter.sigv4.Credentials.of(as.accessKeyId(), as.secretAccessKey()), CLOCK);
    }

    @Test
    void aSessionRevokedOnOneNodeIsRefusedOnEveryNodeAndOthersAreNot() {
        Credentials revoked = assume(first, "to-revoke");
        Credentials kept = assume(first, "kept");
        works(second, revoked); // any node opens any token

        String[] result = charter(second, "sessions", "revoke", revoked.accessKeyId());
        assertEquals("0", result[0], result[1] + result[2]);
        assertTrue(result[1].contains("Revoked session " + revoked.accessKeyId()), result[1]);
        refused(second, revoked);
        first.server().followStore(); // what the node does every second on its own
        refused(first, revoked);
        works(first, kept);
        works(second, kept);

        // Revoking again is harmless; a node started afresh on the store (a restart) keeps the revocation.
        assertEquals("0", charter(first, "sessions", "revoke", revoked.accessKeyId())[0]);
        refused(first, revoked);
        try (TestServer restarted = TestServer.start(CLOCK, dataDir)) {
            refused(restarted, revoked);
            works(restarted, kept);
        }
    }

    @Test
    void revokingNeedsPermissionAndStaysInTheCallersAccount() throws Exception {
        Credentials target = assume(first, "guarded");
        AwsBasicCredentials nobody = first.userWithKey("nobody", policy("{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}"));
        String body = "{\"AccessKeyId\":\"" + target.accessKeyId() + "\"}";
        IOException denied = assertThrows(IOException.class, () -> client(first, nobody).admin("RevokeSession", body));
        assertTrue(denied.getMessage().startsWith("AccessDeniedException: User: arn:aws:iam::123456789012:user/nobody "
                + "is not authorized to perform: charter:RevokeSession"), denied.getMessage());
        works(first, target);

        AwsBasicCredentials operator = first.userWithKey("operator", policy("{\"Effect\":\"Allow\","
                + "\"Action\":\"charter:RevokeSession\",\"Resource\":\"*\"}"));
        var revoked = client(first, operator).admin("RevokeSession", body);
        assertEquals(target.accessKeyId(), revoked.path("AccessKeyId").asText());
        assertEquals(revoked.path("RevokedAt").asDouble() + 129_600, revoked.path("RevokedUntil").asDouble(), 0.001,
                "kept as long as the longest session lasts");
        refused(first, target);
        CLOCK.advance(Duration.ofSeconds(5));
        var again = client(first, operator).admin("RevokeSession", body);
        assertEquals(revoked.path("RevokedAt").asDouble(), again.path("RevokedAt").asDouble(), 0.001,
                "revoking again keeps the first revocation");
        assertEquals(revoked.path("RevokedUntil").asDouble(), again.path("RevokedUntil").asDouble(), 0.001);

        String elsewhere = AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, "210987654321", new Random(7)).value();
        IOException otherAccount = assertThrows(IOException.class, () -> client(first, operator)
                .admin("RevokeSession", "{\"AccessKeyId\":\"" + elsewhere + "\"}"));
        assertTrue(otherAccount.getMessage().startsWith("AccessDeniedException: "), otherAccount.getMessage());

        IOException longTerm = assertThrows(IOException.class, () -> client(first, operator)
                .admin("RevokeSession", "{\"AccessKeyId\":\"" + root.accessKeyId() + "\"}"));
        assertEquals("ValidationException: The access key ID " + root.accessKeyId()
                + " is not a temporary access key ID issued by this server.", longTerm.getMessage());
    }

    @Test
    void aKeyRotatedOnOneNodeOpensOnTheOtherAtOnce() throws Exception {
        Credentials before = assume(first, "before-rotation");
        String[] result = charter(second, "sessions", "rotate-token-key");
        assertEquals("0", result[0], result[1] + result[2]);
        assertTrue(result[1].matches("(?s)Session-token key \\d+ seals new tokens since .*"), result[1]);
        CLOCK.advance(Duration.ofSeconds(2)); // the last reread for an unknown key is over a second old
        Credentials after = assume(second, "after-rotation"); // sealed by the new key
        works(first, after); // the first node has not followed yet: it rereads the keyring for the unknown key
        works(first, before);
        works(second, before);

        AwsBasicCredentials nobody = first.userWithKey("no-rotate", policy("{\"Effect\":\"Allow\","
                + "\"Action\":\"charter:RevokeSession\",\"Resource\":\"*\"}"));
        IOException denied = assertThrows(IOException.class, () -> client(first, nobody).admin("RotateSessionTokenKey", "{}"));
        assertTrue(denied.getMessage().startsWith("AccessDeniedException: "), denied.getMessage());
    }
}
