package io.charter.server.admin;

import io.charter.policy.ContextType;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Effect;
import io.charter.policy.MatchedStatement;
import io.charter.policy.Outcome;
import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import io.charter.server.admin.AuthorizeMessages.AuthenticatedPrincipal;
import io.charter.server.admin.AuthorizeMessages.AuthenticationError;
import io.charter.server.admin.AuthorizeMessages.AuthorizationResult;
import io.charter.server.admin.AuthorizeMessages.AuthorizeRequest;
import io.charter.server.admin.AuthorizeMessages.AuthorizeResult;
import io.charter.server.admin.AuthorizeMessages.ContextEntry;
import io.charter.server.admin.AuthorizeMessages.HttpHeader;
import io.charter.server.admin.AuthorizeMessages.HttpRequest;
import io.charter.server.admin.AuthorizeMessages.SessionTag;
import io.charter.server.admin.AuthorizeMessages.StatementResult;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.ForwardedAuthentication.Authenticated;
import io.charter.server.auth.ForwardedAuthentication.ForwardedRequest;
import io.charter.server.auth.ForwardedAuthentication.HeaderLine;
import io.charter.server.auth.ForwardedAuthentication.NotAuthenticated;
import io.charter.server.auth.ForwardedAuthentication;
import io.charter.server.auth.OperationContext;
import io.charter.server.auth.RequestFacts;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.service.Operation;
import io.charter.server.token.SessionClaims;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorize}: Charter's authorization API for other services. A service that received a
 * request signed with Charter's credentials passes it (method, path, query, headers, the body's
 * hash) with the action and resources it asks for; Charter authenticates it as it authenticates its
 * own requests (the signature's form, time and scope, the key in the pinned snapshot or the session
 * token, the signature) and decides it with the same {@link Authorizer}, policies and request
 * context keys, for each resource. The calling service needs {@code charter:Authorize} on
 * {@code *}: the call reveals who signed a request and what that principal may do anywhere, so it
 * is granted to a service as a whole, like {@code verifiedpermissions:IsAuthorized} on a policy
 * store.
 *
 * <p>Fail closed: a forwarded request that does not authenticate answers {@code Authenticated:
 * false} with the error Charter would have answered it (relayed by the service), and no principal
 * and no decision; the request must be signed for {@code SigningName} (by default the action's
 * service prefix), so a request signed for one service is not accepted by another; condition keys
 * Charter derives from the principal and the request cannot be supplied in {@code Context}. A
 * failure that is not the forwarded request's (the store away) fails the call.
 *
 * <p>Thread-safe: holds only thread-safe collaborators.
 */
public final class AuthorizationApi {
    /** The action the calling service must be allowed. */
    static final String ACTION = "charter:Authorize";

    /**
     * The {@code aws:} keys a service may supply: what it knows about the resource and the request
     * that Charter cannot. Every other global key is Charter's to set (from the principal, the
     * session, the signature, or the members {@code SourceIp} and {@code SecureTransport}).
     */
    private static final Set<String> SUPPLIED_GLOBAL_KEYS = Set.of("aws:tagkeys", "aws:referer", "aws:useragent",
            "aws:sourcevpc", "aws:sourcevpce", "aws:vpcsourceip", "aws:sourcearn", "aws:sourceaccount");
    private static final List<String> SUPPLIED_GLOBAL_PREFIXES = List.of("aws:resourcetag/", "aws:requesttag/");

    private final Authorizer authorizer;
    private final ForwardedAuthentication forwarded;

    public AuthorizationApi(Authorizer authorizer, ForwardedAuthentication forwarded) {
        this.authorizer = authorizer;
        this.forwarded = forwarded;
    }

    public List<Operation> operations() {
        return List.of(Operation.of("Authorize", AuthorizeRequest.class,
                AuthorizeResult.class, this::authorize));
    }

    private AuthorizeResult authorize(OperationContext context, AuthorizeRequest input) {
        authorizer.authorize(context, ACTION, "*", Map.of());
        String service = requireAction(input.action());
        for (String resource : input.resources()) {
            requireResource(resource);
        }
        Map<String, ContextValue> keys = contextKeys(input.context());
        input.sourceIp().ifPresent(AuthorizationApi::requireIp);
        Optional<Policy> resourcePolicy = input.resourcePolicy().map(AuthorizationApi::resourcePolicy);
        String signingName = input.signingName().orElse(service);
        ForwardedAuthentication.Result authentication = forwarded.authenticate(
                forwarded(input.request(), input.normalizePath().orElse(true)),
                signingName, context.snapshot(), context.time());
        if (authentication instanceof NotAuthenticated refused) {
            return AuthorizeResult.unauthenticated(new AuthenticationError(refused.code().code(), refused.message(),
                    refused.code().httpStatus()));
        }
        Authenticated authenticated = (Authenticated) authentication;
        Caller caller = authenticated.caller();

        RequestFacts facts = new RequestFacts(context.time(), input.sourceIp(), input.secureTransport(),
                authenticated.region(), input.resourceAccount());
        List<AuthorizationResult> results = new ArrayList<>(input.resources().size());
        Outcome overall = Outcome.ALLOW;
        for (String resource : input.resources()) {
            Decision decision = authorizer.decide(caller, context.snapshot(), facts, input.action(), resource, keys,
                    resourcePolicy);
            results.add(result(resource, decision));
            overall = worse(overall, decision.outcome());
        }
        return new AuthorizeResult(true, Optional.empty(), Optional.of(principal(caller)),
                Optional.of(overall.awsName()), results);
    }

    /** An explicit deny of any resource wins, then an implicit one; allowed only if all are. */
    private static Outcome worse(Outcome a, Outcome b) {
        if (a == Outcome.EXPLICIT_DENY || b == Outcome.EXPLICIT_DENY) {
            return Outcome.EXPLICIT_DENY;
        }
        return a == Outcome.IMPLICIT_DENY || b == Outcome.IMPLICIT_DENY ? Outcome.IMPLICIT_DENY : Outcome.ALLOW;
    }

    /** The action's service prefix; {@code ValidationException} unless it is {@code service:Action}. */
    private static String requireAction(String action) {
        try {
            RequestContext.builder(Principal.anonymous(), action, "*");
        } catch (IllegalArgumentException e) {
            throw invalid("Action '" + action + "' is not of the form service:Action.");
        }
        return action.substring(0, action.indexOf(':'));
    }

    private static void requireIp(String address) {
        try {
            ContextValue.ip(address);
        } catch (IllegalArgumentException e) {
            throw invalid("SourceIp '" + address + "' is not an IP address.");
        }
    }

    private static void requireResource(String resource) {
        if (!resource.equals("*") && !resource.startsWith("arn:")) {
            throw invalid("Resource '" + resource + "' is not an ARN (or *).");
        }
    }

    private static ForwardedRequest forwarded(HttpRequest request, boolean normalizePath) {
        List<HeaderLine> headers = new ArrayList<>(request.headers().size());
        for (HttpHeader header : request.headers()) {
            headers.add(new HeaderLine(header.name(), header.value()));
        }
        return new ForwardedRequest(request.method(), request.path(), request.query().orElse(""), headers,
                request.payloadHash(), normalizePath);
    }

    /** The resource policy, validated as one; {@code MalformedPolicyDocumentException} otherwise. */
    private static Policy resourcePolicy(String text) {
        ParseResult parsed = Policy.parse(text, PolicyType.RESOURCE);
        if (!parsed.isValid()) {
            throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT_EXCEPTION,
                    parsed.firstErrorMessage().orElse("The resource policy is not valid."));
        }
        return parsed.orThrow().withName("ResourcePolicy");
    }

    /** The service's condition keys, typed; a key Charter sets itself, or a value not of its type, is refused. */
    private static Map<String, ContextValue> contextKeys(List<ContextEntry> entries) {
        Map<String, ContextValue> keys = new HashMap<>();
        for (ContextEntry entry : entries) {
            String lower = entry.key().toLowerCase(Locale.ROOT);
            if ((lower.startsWith("aws:") && !SUPPLIED_GLOBAL_KEYS.contains(lower)
                    && SUPPLIED_GLOBAL_PREFIXES.stream().noneMatch(lower::startsWith))
                    || Authorizer.SESSION_KEYS.contains(lower)) {
                throw invalid("Context key " + entry.key() + " is set by Charter from the request, not by the caller.");
            }
            if (keys.containsKey(lower)) {
                throw invalid("Context key " + entry.key() + " is given twice.");
            }
            String typeName = entry.type().orElse("string");
            boolean multi = typeName.endsWith("List");
            ContextType type = ContextType.ofIamName(multi ? typeName.substring(0, typeName.length() - 4) : typeName)
                    .orElseThrow(() -> invalid("Context key " + entry.key() + " has an unknown Type " + typeName + "."));
            try {
                keys.put(lower, ContextValue.of(type, entry.values(), multi));
            } catch (IllegalArgumentException e) {
                throw invalid("Context key " + entry.key() + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private static AuthorizationResult result(String resource, Decision decision) {
        List<StatementResult> statements = new ArrayList<>(decision.statements().size());
        for (MatchedStatement s : decision.statements()) {
            statements.add(new StatementResult(s.policyName(), s.policyType().label(), s.index(), s.sid(),
                    s.effect() == Effect.ALLOW ? "Allow" : "Deny"));
        }
        return new AuthorizationResult(resource, decision.outcome().awsName(), statements, decision.explanation());
    }

    private static AuthenticatedPrincipal principal(Caller caller) {
        Optional<SessionClaims> session = caller.session();
        String type = session.map(claims -> switch (claims.kind()) {
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED_USER -> "FederatedUser";
            case USER_SESSION -> longTermType(caller);
        }).orElseGet(() -> longTermType(caller));
        List<SessionTag> tags = session.map(claims -> claims.tags().stream()
                .map(t -> new SessionTag(t.key(), t.value())).toList()).orElse(List.of());
        return new AuthenticatedPrincipal(caller.arn(), caller.accountId(), type, caller.userId(),
                caller.accessKeyId(), tags, session.flatMap(SessionClaims::sourceIdentity));
    }

    private static String longTermType(Caller caller) {
        return switch (caller.kind()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ROLE -> throw new IllegalStateException("a role signs only with a session's credentials");
            case INSTANCE -> throw new IllegalStateException("forwarded requests never authenticate an instance's credential");
        };
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION, message);
    }
}
