package io.charter.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.GlobalKeys;
import io.charter.policy.MatchedStatement;
import io.charter.policy.Outcome;
import io.charter.policy.RequestContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentityKind;
import io.charter.server.token.InvalidTokenException;
import io.charter.server.token.SealedMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encoded authorization failure messages that denials carry and
 * {@code sts:DecodeAuthorizationMessage} turns back into what decided: whether a statement
 * denied explicitly, the statements that took part, and the request context (principal, action,
 * resource and every condition key with its values), in AWS's {@code DecodedMessage} shape, plus
 * Charter's one-sentence {@code explanation}.
 *
 * <p>A message is sealed under the session-token keyring and bound to the denied caller's
 * account: only that account can decode it, and only for {@link #VALIDITY}. Thread-safe.
 */
public final class AuthorizationMessages {
    /** How long a message can be decoded. */
    public static final Duration VALIDITY = Duration.ofHours(24);
    /** Appended to the AccessDenied message, as AWS services that encode their denials do. */
    public static final String PREFIX = ". Encoded authorization failure message: ";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVALID = "The message is not valid: it may be altered, expired, or for another account.";

    /**
     * The engine keeps condition keys lower-cased; messages show them as AWS documents them: the
     * global keys by {@link GlobalKeys}, and here the service keys Charter's operations supply.
     */
    private static final Map<String, String> SERVICE_KEY_NAMES = names("iam:PassedToService",
            "iam:PermissionsBoundary", "iam:PolicyARN", "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity",
            "sts:TransitiveTagKeys");
    private static final String IAM_RESOURCE_TAG = "iam:ResourceTag/";

    private final SealedMessages sealed;

    public AuthorizationMessages(SealedMessages sealed) {
        this.sealed = sealed;
    }

    /** The encoded message for a denial of {@code caller}, decodable until {@code now + VALIDITY}. */
    public String encode(Decision decision, Caller caller, Instant now) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("expires", now.plus(VALIDITY).getEpochSecond());
        envelope.set("message", decoded(decision, caller));
        return sealed.seal(envelope.toString(), caller.accountId());
    }

    /**
     * The decoded message, as JSON text, for a caller of {@code accountId}.
     *
     * @throws ServiceException {@code InvalidAuthorizationMessageException} for anything else
     */
    public String decode(String message, String accountId, Instant now) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(sealed.open(message.strip(), accountId));
        } catch (InvalidTokenException | JsonProcessingException e) {
            throw new ServiceException(AwsErrorCode.INVALID_AUTHORIZATION_MESSAGE, INVALID);
        }
        if (!envelope.path("expires").canConvertToLong() || now.getEpochSecond() > envelope.path("expires").asLong()) {
            throw new ServiceException(AwsErrorCode.INVALID_AUTHORIZATION_MESSAGE, INVALID);
        }
        return envelope.path("message").toString();
    }

    private static ObjectNode decoded(Decision decision, Caller caller) {
        RequestContext request = decision.request();
        ObjectNode out = JSON.createObjectNode();
        out.put("allowed", decision.isAllowed());
        out.put("explicitDeny", decision.outcome() == Outcome.EXPLICIT_DENY);
        ArrayNode statements = out.putObject("matchedStatements").putArray("items");
        for (MatchedStatement statement : decision.statements()) {
            ObjectNode item = statements.addObject();
            item.put("statementId", statement.sid().orElse(""));
            item.put("effect", statement.effect().name());
            item.put("policyName", statement.policyName());
            item.put("policyType", statement.policyType().label());
            item.put("statementIndex", statement.index());
            ObjectNode position = item.putObject("position");
            position.put("line", statement.span().startLine());
            position.put("column", statement.span().startColumn());
        }
        out.putObject("failures").putArray("items");
        out.put("explanation", decision.explanation());
        ObjectNode context = out.putObject("context");
        ObjectNode principal = context.putObject("principal");
        principal.put("id", caller.userId());
        if (caller.kind() == IdentityKind.USER && caller.session().isEmpty()) {
            principal.put("name", caller.arn().substring(caller.arn().lastIndexOf('/') + 1));
        }
        principal.put("arn", caller.arn());
        context.put("action", request.action());
        context.put("resource", request.resource());
        ArrayNode conditions = context.putObject("conditions").putArray("items");
        for (Map.Entry<String, ContextValue> entry : new TreeMap<>(request.values()).entrySet()) {
            ObjectNode condition = conditions.addObject();
            condition.put("key", keyName(entry.getKey()));
            ArrayNode values = condition.putObject("values").putArray("items");
            for (String value : entry.getValue().values()) {
                values.addObject().put("value", value);
            }
        }
        return out;
    }

    private static Map<String, String> names(String... names) {
        Map<String, String> byLower = new HashMap<>();
        for (String name : names) {
            byLower.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(byLower);
    }

    /** {@code aws:principalarn} as {@code aws:PrincipalArn}; a tag key keeps the case the engine holds. */
    static String keyName(String lowerKey) {
        String service = SERVICE_KEY_NAMES.get(lowerKey);
        if (service != null) {
            return service;
        }
        if (lowerKey.regionMatches(true, 0, IAM_RESOURCE_TAG, 0, IAM_RESOURCE_TAG.length())) {
            return IAM_RESOURCE_TAG + lowerKey.substring(IAM_RESOURCE_TAG.length());
        }
        return GlobalKeys.canonicalName(lowerKey);
    }
}
