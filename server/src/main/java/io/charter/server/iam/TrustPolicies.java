package io.charter.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.IdentityKind;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trust policies as IAM validates them when written: the policy language's rules for a role's
 * trust policy, the {@code ACLSizePerRole} quota, and, as AWS does, every user or role a
 * principal names must exist ({@code Invalid principal in policy}).
 */
final class TrustPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustPolicies() {
    }

    static Policy validate(String text, IdentitySnapshot snapshot) {
        JsonNode tree = json(text);
        Policy policy = PolicyDocuments.validate(text, PolicyType.TRUST);
        for (String arn : namedAwsPrincipals(tree)) {
            if (!exists(arn, snapshot)) {
                throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT,
                        "Invalid principal in policy: \"AWS\":\"" + arn + "\"");
            }
        }
        return policy;
    }

    /** The document's JSON; text that is not JSON gets AWS's message for a trust policy, not the policy language's. */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT, "This policy contains invalid Json");
        }
    }

    /** The {@code AWS} principal values of every statement (the document already parsed as valid). */
    private static List<String> namedAwsPrincipals(JsonNode tree) {
        List<String> values = new ArrayList<>();
        JsonNode statements = tree.path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            for (String element : List.of("Principal", "NotPrincipal")) {
                JsonNode aws = statement.path(element).path("AWS");
                for (JsonNode value : aws.isArray() ? aws : List.of(aws)) {
                    if (value.isTextual()) {
                        values.add(value.asText());
                    }
                }
            }
        }
        return values;
    }

    /** Whether a principal value names something that exists (accounts and wildcards always do). */
    private static boolean exists(String value, IdentitySnapshot snapshot) {
        if (!value.startsWith("arn:aws:iam::")) {
            return true; // "*", an account id, or an sts ARN (sessions are named, not stored)
        }
        String[] parts = value.split(":", 6);
        if (parts.length < 6) {
            return true; // the policy language already refused malformed ARNs
        }
        String account = parts[4];
        String resource = parts[5];
        IdentityKind kind = resource.startsWith("user/") ? IdentityKind.USER
                : resource.startsWith("role/") ? IdentityKind.ROLE : null;
        if (kind == null) {
            return true; // root
        }
        int slash = resource.lastIndexOf('/');
        String name = resource.substring(slash + 1);
        String path = resource.substring(resource.indexOf('/'), slash + 1);
        return snapshot.principal(account, kind, name).filter(p -> p.path().equals(path)).isPresent();
    }
}
