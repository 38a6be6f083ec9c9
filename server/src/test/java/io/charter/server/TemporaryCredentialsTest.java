package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Temporary credentials (access key, secret, session token) authenticate without a store read and
 * carry the session's identity. The tokens here are sealed with the server's own codec, as the
 * STS operations will seal them.
 */
class TemporaryCredentialsTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SessionClaims claims(SessionKind kind, String principalArn, String principalId, String name,
            Instant issued, Instant expires) {
        return new SessionClaims(AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, "123456789012", RANDOM).value(),
                SecretAccessKey.mint(RANDOM), kind, "123456789012", principalArn, principalId, name, issued, expires,
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), false);
    }

    private static StsClient client(SessionClaims claims, String token) {
        return server.sts(AwsSessionCredentials.create(claims.accessKeyId(), claims.secretAccessKey(), token));
    }

    @Test
    void assumedRoleSessionIsItsOwnIdentity() {
        Instant now = Instant.now();
        SessionClaims claims = claims(SessionKind.ASSUMED_ROLE, "arn:aws:iam::123456789012:role/team/deployer",
                "AROAEXAMPLEEXAMPLE123", "ci-42", now.minusSeconds(5), now.plusSeconds(900));
        try (StsClient sts = client(claims, server.seal(claims))) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertEquals("arn:aws:sts::123456789012:assumed-role/deployer/ci-42", identity.arn());
            assertEquals("AROAEXAMPLEEXAMPLE123:ci-42", identity.userId());
            assertEquals("123456789012", identity.account());
        }
    }

    @Test
    void federatedUserAndUserSessions() {
        Instant now = Instant.now();
        SessionClaims federated = claims(SessionKind.FEDERATED_USER, "arn:aws:iam::123456789012:user/broker",
                "AIDAEXAMPLEEXAMPLE12", "carol", now.minusSeconds(5), now.plusSeconds(900));
        try (StsClient sts = client(federated, server.seal(federated))) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertEquals("arn:aws:sts::123456789012:federated-user/carol", identity.arn());
            assertEquals("123456789012:carol", identity.userId());
        }
        SessionClaims user = claims(SessionKind.USER_SESSION, "arn:aws:iam::123456789012:user/broker",
                "AIDAEXAMPLEEXAMPLE12", "", now.minusSeconds(5), now.plusSeconds(900));
        try (StsClient sts = client(user, server.seal(user))) {
            assertEquals("arn:aws:iam::123456789012:user/broker", sts.getCallerIdentity().arn());
        }
    }

    @Test
    void expiredSessionIsExpiredToken() {
        Instant now = Instant.now();
        SessionClaims claims = claims(SessionKind.ASSUMED_ROLE, "arn:aws:iam::123456789012:role/r", "AROAEXAMPLEEXAMPLE123",
                "old", now.minusSeconds(7200), now.minusSeconds(3600));
        try (StsClient sts = client(claims, server.seal(claims))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("The security token included in the request is expired", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void tokenOfAnotherKeyOrAlteredIsInvalidClientTokenId() {
        Instant now = Instant.now();
        SessionClaims mine = claims(SessionKind.ASSUMED_ROLE, "arn:aws:iam::123456789012:role/r", "AROAEXAMPLEEXAMPLE123",
                "a", now.minusSeconds(5), now.plusSeconds(900));
        SessionClaims other = claims(SessionKind.ASSUMED_ROLE, "arn:aws:iam::123456789012:role/r", "AROAEXAMPLEEXAMPLE123",
                "b", now.minusSeconds(5), now.plusSeconds(900));
        String othersToken = server.seal(other);
        try (StsClient sts = client(mine, othersToken)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            assertEquals("The security token included in the request is invalid", e.awsErrorDetails().errorMessage());
        }
        String token = server.seal(mine);
        String altered = (token.charAt(10) == 'A' ? "B" : "A");
        altered = token.substring(0, 10) + altered + token.substring(11);
        try (StsClient sts = client(mine, altered)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void rightTokenWithWrongSecretIsSignatureDoesNotMatch() {
        Instant now = Instant.now();
        SessionClaims claims = claims(SessionKind.ASSUMED_ROLE, "arn:aws:iam::123456789012:role/r", "AROAEXAMPLEEXAMPLE123",
                "a", now.minusSeconds(5), now.plusSeconds(900));
        String token = server.seal(claims);
        SessionClaims wrongSecret = new SessionClaims(claims.accessKeyId(), SecretAccessKey.mint(RANDOM), claims.kind(),
                claims.accountId(), claims.principalArn(), claims.principalId(), claims.sessionName(), claims.issuedAt(),
                claims.expiresAt(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), false);
        try (StsClient sts = client(wrongSecret, token)) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }
}
