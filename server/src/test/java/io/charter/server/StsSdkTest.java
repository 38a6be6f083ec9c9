package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.identity.NewAccessKey;
import io.charter.server.identity.Identity;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS GetCallerIdentity through the AWS SDK for Java v2 against a real server. */
class StsSdkTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static StsClient client(TestServer target, String keyId, String secret, Region region) {
        return target.sts(AwsBasicCredentials.create(keyId, secret), region);
    }

    @Test
    void rootCallerIsTheAccountRoot() {
        NewAccessKey root = server.rootKey();
        try (StsClient sts = client(server, root.accessKeyId(), root.secretAccessKey(), Region.US_EAST_1)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertEquals(TestServer.ACCOUNT, identity.account());
            assertEquals("arn:aws:iam::123456789012:root", identity.arn());
            assertEquals(TestServer.ACCOUNT, identity.userId());
        }
    }

    @Test
    void anyRegionInTheScopeIsAccepted() {
        NewAccessKey root = server.rootKey();
        try (StsClient sts = client(server, root.accessKeyId(), root.secretAccessKey(), Region.EU_WEST_1)) {
            assertEquals(TestServer.ACCOUNT, sts.getCallerIdentity().account());
        }
    }

    @Test
    void iamUserCallerHasItsArnAndUniqueId() {
        Identity alice = server.createUser("alice", "/engineering/");
        NewAccessKey key = server.createAccessKey(alice);
        try (StsClient sts = client(server, key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertEquals("arn:aws:iam::123456789012:user/engineering/alice", identity.arn());
            assertEquals(alice.uniqueId(), identity.userId());
            assertTrue(identity.userId().matches("AIDA[A-Z2-7]{17}"), identity.userId());
        }
    }

    @Test
    void unknownKeyIsInvalidClientTokenId() {
        try (StsClient sts = client(server, "AKIAZZZZZZZZZZZZZZZZ", server.rootKey().secretAccessKey(), Region.US_EAST_1)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("The security token included in the request is invalid.", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        NewAccessKey root = server.rootKey();
        String wrong = root.secretAccessKey().substring(1) + "x";
        try (StsClient sts = client(server, root.accessKeyId(), wrong, Region.US_EAST_1)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void inactiveKeyIsInvalidClientTokenId() {
        Identity bob = server.createUser("bob", "/");
        NewAccessKey key = server.createAccessKey(bob);
        server.deactivate(key);
        try (StsClient sts = client(server, key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void requestSignedTwentyMinutesAgoIsRefused() {
        // The server's clock runs 20 minutes ahead, so the client's fresh signature is 20 minutes old.
        try (TestServer ahead = TestServer.start(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
                StsClient sts = client(ahead, ahead.rootKey().accessKeyId(), ahead.rootKey().secretAccessKey(),
                        Region.US_EAST_1)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("Signature expired: "),
                    e.awsErrorDetails().errorMessage());
            assertTrue(e.awsErrorDetails().errorMessage().endsWith(" - 15 min.)"), e.awsErrorDetails().errorMessage());
        }
    }
}
