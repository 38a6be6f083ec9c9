package io.charter.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.policy.ApplicablePolicies;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Policy;
import io.charter.policy.PolicyEngine;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import io.charter.server.crypto.RandomSource;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentityKind;
import io.charter.server.token.Keyring;
import io.charter.server.token.SealedMessages;
import io.charter.server.token.TokenKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Encoded authorization failure messages: AWS's DecodedMessage shape with the deciding
 * statements and the request context; decodable only by the denied account, only unaltered,
 * only for 24 hours.
 */
class AuthorizationMessagesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_ARN = "arn:aws:iam::123456789012:user/dana";
    private static final Caller DANA = new Caller("123456789012", USER_ARN, "AIDAEXAMPLEDANA00001", IdentityKind.USER,
            "AKIAEXAMPLEDANA00001", Optional.empty());

    private static AuthorizationMessages messages(int keyId) {
        byte[] bytes = new byte[32];
        new SplittableRandom(keyId).nextBytes(bytes);
        Keyring keyring = new Keyring(List.of(new TokenKey(keyId, new SecretKeySpec(bytes, "AES"), T0, Optional.empty())));
        return new AuthorizationMessages(new SealedMessages(() -> keyring, new RandomSource(3)));
    }

    private static Decision deniedByStatement() {
        Policy policy = Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoDeletes\",\"Effect\":\"Deny\",\"Action\":\"iam:Delete*\",\"Resource\":\"*\"}]}",
                PolicyType.IDENTITY).orThrow().withName("guard");
        RequestContext request = RequestContext.builder(Principal.user(USER_ARN, "AIDAEXAMPLEDANA00001"), "iam:DeleteRole",
                "arn:aws:iam::123456789012:role/app").put("aws:SourceIp", ContextValue.ip("10.1.2.3")).build();
        return PolicyEngine.decide(request, ApplicablePolicies.identity(List.of(policy)));
    }

    @Test
    void decodesToTheDecisionAndItsContext() throws Exception {
        AuthorizationMessages messages = messages(1);
        String encoded = messages.encode(deniedByStatement(), DANA, T0);
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "URL-safe, one line: " + encoded);

        JsonNode decoded = JSON.readTree(messages.decode(encoded, "123456789012", T0.plusSeconds(60)));
        assertEquals(false, decoded.path("allowed").asBoolean(true));
        assertEquals(true, decoded.path("explicitDeny").asBoolean());
        JsonNode statement = decoded.path("matchedStatements").path("items").path(0);
        assertEquals("NoDeletes", statement.path("statementId").asText(), decoded.toString());
        assertEquals("DENY", statement.path("effect").asText());
        assertEquals("guard", statement.path("policyName").asText());
        assertEquals(1, statement.path("statementIndex").asInt());
        JsonNode context = decoded.path("context");
        assertEquals(USER_ARN, context.path("principal").path("arn").asText());
        assertEquals("dana", context.path("principal").path("name").asText());
        assertEquals("AIDAEXAMPLEDANA00001", context.path("principal").path("id").asText());
        assertEquals("iam:DeleteRole", context.path("action").asText());
        assertEquals("arn:aws:iam::123456789012:role/app", context.path("resource").asText());
        boolean sourceIp = false;
        for (JsonNode condition : context.path("conditions").path("items")) {
            if (condition.path("key").asText().equals("aws:SourceIp")) {
                sourceIp = condition.path("values").path("items").path(0).path("value").asText().equals("10.1.2.3");
            }
        }
        assertTrue(sourceIp, decoded.toString());
        assertTrue(decoded.path("explanation").asText().contains("NoDeletes"), decoded.path("explanation").asText());
    }

    @Test
    void onlyTheDeniedAccountDecodesAnUnalteredMessageWithinADay() {
        AuthorizationMessages messages = messages(1);
        String encoded = messages.encode(deniedByStatement(), DANA, T0);
        assertNotEquals(encoded, messages.encode(deniedByStatement(), DANA, T0), "a fresh nonce every time");

        invalid(() -> messages.decode(encoded, "210987654321", T0));
        char last = encoded.charAt(encoded.length() / 2);
        invalid(() -> messages.decode(encoded.substring(0, encoded.length() / 2) + (last == 'A' ? 'B' : 'A')
                + encoded.substring(encoded.length() / 2 + 1), "123456789012", T0));
        invalid(() -> messages.decode("not a message", "123456789012", T0));
        invalid(() -> messages(2).decode(encoded, "123456789012", T0));
        messages.decode(encoded, "123456789012", T0.plus(AuthorizationMessages.VALIDITY));
        invalid(() -> messages.decode(encoded, "123456789012", T0.plus(AuthorizationMessages.VALIDITY).plus(Duration.ofSeconds(1))));
    }

    private static void invalid(Executable decode) {
        ServiceException e = assertThrows(ServiceException.class, decode);
        assertEquals("InvalidAuthorizationMessageException", e.errorCode().code());
        assertEquals(400, e.errorCode().httpStatus());
    }
}
