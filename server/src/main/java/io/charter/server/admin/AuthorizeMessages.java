package io.charter.server.admin;

import java.util.List;
import java.util.Optional;

/**
 * The request and result of {@code charter:Authorize} as records, bound to the {@code charter}
 * model's shapes (each component to the member of its name; {@code Optional} where the member may
 * be absent).
 */
final class AuthorizeMessages {
    private AuthorizeMessages() {
    }

    /** One header line of the forwarded request, as received. */
    record HttpHeader(String name, String value) {
        /** Leaves the value out: it may be an Authorization header or a session token. */
        @Override
        public String toString() {
            return "HttpHeader[" + name + "]";
        }
    }

    /** The request another service received, as it received it (the body only by its hash; shape {@code ForwardedRequest}). */
    record HttpRequest(String method, String path, Optional<String> query, List<HttpHeader> headers,
            String payloadHash) {
    }

    /** A condition key the service supplies, typed as the IAM simulator's ContextEntries are. */
    record ContextEntry(String key, List<String> values, Optional<String> type) {
    }

    record AuthorizeRequest(HttpRequest request, String action, List<String> resources,
            List<ContextEntry> context, Optional<String> resourcePolicy, Optional<String> resourceAccount,
            Optional<String> signingName, Optional<String> sourceIp, Optional<Boolean> secureTransport,
            Optional<Boolean> normalizePath) {
    }

    /** Why the forwarded request did not authenticate: AWS's code, message and HTTP status, to relay. */
    record AuthenticationError(String code, String message, int httpStatus) {
    }

    record SessionTag(String key, String value) {
    }

    /** Who signed the forwarded request. */
    record AuthenticatedPrincipal(String arn, String accountId, String type, String userId, String accessKeyId,
            List<SessionTag> sessionTags, Optional<String> sourceIdentity) {
    }

    /** A statement that decided, as the decision reports it (shape {@code MatchedStatement}). */
    record StatementResult(String policyName, String policyType, int statementIndex, Optional<String> statementId,
            String effect) {
    }

    /** The decision for one resource. */
    record AuthorizationResult(String resource, String decision, List<StatementResult> matchedStatements,
            String explanation) {
    }

    record AuthorizeResult(boolean authenticated, Optional<AuthenticationError> error,
            Optional<AuthenticatedPrincipal> principal, Optional<String> decision, List<AuthorizationResult> results) {
        static AuthorizeResult unauthenticated(AuthenticationError error) {
            return new AuthorizeResult(false, Optional.of(error), Optional.empty(), Optional.empty(), List.of());
        }
    }
}
