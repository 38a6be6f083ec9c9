package io.charter.server.sts;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestServer;
import io.charter.server.auth.AuthorizationMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Denials carry an encoded authorization failure message after AWS's own wording; a caller of
 * the same account allowed {@code sts:DecodeAuthorizationMessage} turns it into the decision and
 * its request context, over the SDK for Java v2.
 */
class DecodeAuthorizationMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static StsClient rootSts;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        rootSts = server.sts(server.rootCredentials());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The AccessDenied message split into AWS's wording and the encoded message. */
    private static String[] split(AwsServiceException denied) {
        String message = denied.awsErrorDetails().errorMessage();
        int at = message.indexOf(AuthorizationMessages.PREFIX);
        assertTrue(at > 0, message);
        return new String[] {message.substring(0, at), message.substring(at + AuthorizationMessages.PREFIX.length())};
    }

    @Test
    void aDenialDecodesToItsDecisionForTheSameAccount() throws Exception {
        AwsBasicCredentials dana = server.userWithKey("dana", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NotRoles\",\"Effect\":\"Deny\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\"}"));
        String[] implicit;
        String[] explicit;
        try (IamClient iam = server.iam(dana)) {
            implicit = split(fails("AccessDenied", 403, iam::listUsers));
            explicit = split(fails("AccessDenied", 403, () -> iam.getRole(r -> r.roleName("anything"))));
        }
        assertEquals("User: arn:aws:iam::123456789012:user/dana is not authorized to perform: iam:ListUsers on resource: "
                + "arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action", implicit[0]);
        assertEquals("User: arn:aws:iam::123456789012:user/dana is not authorized to perform: iam:GetRole on resource: "
                + "arn:aws:iam::123456789012:role/anything with an explicit deny in an identity-based policy", explicit[0]);

        // Dana may not decode; the root user of the account may.
        try (StsClient sts = server.sts(dana)) {
            String[] own = split(fails("AccessDenied", 403, () -> sts.decodeAuthorizationMessage(r -> r.encodedMessage(implicit[1]))));
            assertTrue(own[0].contains("sts:DecodeAuthorizationMessage on resource: *"), own[0]);
        }
        JsonNode decoded = JSON.readTree(rootSts.decodeAuthorizationMessage(r -> r.encodedMessage(implicit[1])).decodedMessage());
        assertEquals(false, decoded.path("allowed").asBoolean(true));
        assertEquals(false, decoded.path("explicitDeny").asBoolean(true));
        assertEquals("iam:ListUsers", decoded.path("context").path("action").asText());
        assertEquals("arn:aws:iam::123456789012:user/dana", decoded.path("context").path("principal").path("arn").asText());
        assertEquals("no identity-based policy allows the iam:ListUsers action", decoded.path("explanation").asText());

        JsonNode denied = JSON.readTree(rootSts.decodeAuthorizationMessage(r -> r.encodedMessage(explicit[1])).decodedMessage());
        assertEquals(true, denied.path("explicitDeny").asBoolean());
        assertEquals("NotRoles", denied.path("matchedStatements").path("items").path(0).path("statementId").asText(),
                denied.toString());

        // A user allowed the action decodes too; an altered message is refused.
        AwsBasicCredentials auditor = server.userWithKey("auditor", policy("{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:DecodeAuthorizationMessage\",\"Resource\":\"*\"}"));
        try (StsClient sts = server.sts(auditor)) {
            assertTrue(sts.decodeAuthorizationMessage(r -> r.encodedMessage(explicit[1])).decodedMessage().contains("NotRoles"));
            fails("InvalidAuthorizationMessageException", 400,
                    () -> sts.decodeAuthorizationMessage(r -> r.encodedMessage("x" + explicit[1])));
        }
    }
}
