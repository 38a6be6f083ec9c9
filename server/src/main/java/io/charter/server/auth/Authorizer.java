package io.charter.server.auth;

import io.charter.policy.ApplicablePolicies;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Policy;
import io.charter.policy.PolicyEngine;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.Tag;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionTag;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a caller may perform an action on a resource, with the policy engine over the
 * caller's policies from the snapshot: identity-based policies (attached managed policies and
 * inline ones), the permissions boundary, and for a session its session policies; and, when the
 * resource has one, the resource's policy (a role's trust policy for {@code sts:AssumeRole}). The
 * root user may do anything in its own account, as in AWS. Federated users (GetFederationToken)
 * cannot call IAM, and a federated session without a session policy has no permissions, as in AWS.
 * Everything not allowed is denied.
 *
 * <p>Thread-safe: reads the immutable snapshot; compiles nothing per request (a session's inline
 * policy is compiled once per distinct text, see {@link CompiledSessionPolicies}).
 */
public final class Authorizer {
    private static final String AWS_MANAGED = "arn:aws:iam::aws:";

    /** A session policy that no longer resolves narrows the session to nothing (fail closed). */
    private static final Policy DENY_ALL = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyType.SESSION).orThrow().withName("an unresolvable session policy");

    /** A federated session without session policies: allows nothing, as in AWS. */
    private static final Policy NOTHING = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"charter:NoPermissions\",\"Resource\":\"*\"}]}",
            PolicyType.SESSION).orThrow().withName("the empty session policy of a federated user");

    /** The identity side of a session federated by the root user (root may do anything in its account). */
    private static final Policy ROOT_SIDE = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyType.IDENTITY).orThrow().withName("the account root user's permissions");

    private final AuthorizationMessages messages;
    private final CompiledSessionPolicies sessionPolicyCache = new CompiledSessionPolicies(4_096);

    /**
     * The condition keys (lower case) a role session of a registered instance carries, which only
     * its session sets: never supplied by a request or by another service's {@code Authorize}.
     */
    public static final Set<String> SESSION_KEYS = Set.of("ec2:sourceinstancearn", "ec2:roledelivery");

    public Authorizer(AuthorizationMessages messages) {
        this.messages = messages;
    }

    /**
     * Throws {@code AccessDenied} with AWS's message unless the caller may perform {@code action}
     * on {@code resource}. The message ends with an encoded authorization failure message that
     * {@code sts:DecodeAuthorizationMessage} explains to the caller's account.
     *
     * @param requestKeys condition keys the operation supplies ({@code aws:RequestTag/…},
     *     {@code aws:TagKeys}, {@code iam:PolicyARN}, …)
     */
    public void authorize(OperationContext context, String action, String resource, Map<String, ContextValue> requestKeys) {
        Decision decision = decide(context, action, resource, requestKeys, Optional.empty());
        if (!decision.isAllowed()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, decision.accessDeniedMessage(true)
                    + AuthorizationMessages.PREFIX + messages.encode(decision, context.caller(), context.time()));
        }
    }

    /** The decision for a request, with the resource's own policy when it has one. */
    public Decision decide(OperationContext context, String action, String resource, Map<String, ContextValue> requestKeys,
            Optional<Policy> resourcePolicy) {
        return decide(context.caller(), context.snapshot(), context.facts(), action, resource, requestKeys,
                resourcePolicy);
    }

    /**
     * The decision for {@code caller}, authenticated by any request, over {@code snapshot}: the same
     * applicable policies and request context as Charter's own requests, from {@code facts}. Never
     * throws for a denial (a request another service received, {@code charter:Authorize}).
     *
     * @throws IllegalArgumentException when the action or resource cannot be evaluated (not
     *     {@code service:Action}, an empty resource)
     */
    public Decision decide(Caller caller, IdentitySnapshot snapshot, RequestFacts facts, String action, String resource,
            Map<String, ContextValue> requestKeys, Optional<Policy> resourcePolicy) {
        RequestContext request = request(caller, facts, action, resource, requestKeys, snapshot);
        if (caller.kind() == IdentityKind.INSTANCE) {
            // An instance's own credential opens nothing, not even what a resource policy grants "*":
            // it only fetches its role's credentials, which the instance calls check themselves.
            return PolicyEngine.decide(request, ApplicablePolicies.identity(List.of()));
        }
        ApplicablePolicies.Builder policies = ApplicablePolicies.builder();
        resourcePolicy.ifPresent(policies::resource);
        if (caller.kind() == IdentityKind.ROOT) {
            // The engine lets the root user do anything in its own account that nothing denies.
            return PolicyEngine.decide(request, policies.build());
        }
        Optional<SessionClaims> session = caller.session();
        if (session.isPresent() && session.get().kind() == SessionKind.FEDERATED_USER && action.startsWith("iam:")) {
            return PolicyEngine.decide(request, ApplicablePolicies.identity(List.of()));
        }
        String entityId = principalId(caller);
        if (session.isPresent() && session.get().kind() == SessionKind.FEDERATED_USER
                && session.get().principalArn().endsWith(":root")) {
            // Federated by the root user: root's side allows everything; the session policies narrow it.
            policies.identity(List.of(ROOT_SIDE));
            policies.session(sessionPolicies(session.get(), snapshot));
            return PolicyEngine.decide(request, policies.build());
        }
        policies.identity(snapshot.identityPolicies(entityId));
        snapshot.boundary(entityId).ifPresent(policies::boundary);
        session.filter(s -> s.kind() != SessionKind.USER_SESSION)
                .ifPresent(s -> policies.session(sessionPolicies(s, snapshot)));
        return PolicyEngine.decide(request, policies.build());
    }

    /**
     * The decision for an anonymous request (S3's unsigned requests): no identity side, so only the
     * resource's policy can allow it, and only where it names {@code "*"} as the principal.
     */
    public Decision decideAnonymous(RequestFacts facts, String action, String resource,
            Map<String, ContextValue> requestKeys, Optional<Policy> resourcePolicy) {
        RequestContext.Builder request = RequestContext.builder(Principal.anonymous(), action, resource);
        facts.resourceAccount().ifPresent(request::resourceAccount);
        requestFacts(request, facts);
        requestKeys.forEach(request::put);
        ApplicablePolicies.Builder policies = ApplicablePolicies.builder();
        resourcePolicy.ifPresent(policies::resource);
        return PolicyEngine.decide(request.build(), policies.build());
    }

    /**
     * The decision for an AWS service principal ({@code ec2.amazonaws.com}) acting on a resource
     * under that resource's policy alone, as a service assumes a role under its trust policy: a
     * service has no identity side, so only the resource's policy can allow it.
     */
    public Decision decideService(String servicePrincipal, RequestFacts facts, String action, String resource,
            Map<String, ContextValue> requestKeys, Policy resourcePolicy) {
        RequestContext.Builder request = RequestContext.builder(Principal.service(servicePrincipal), action, resource);
        facts.resourceAccount().ifPresent(request::resourceAccount);
        requestFacts(request, facts);
        requestKeys.forEach(request::put);
        return PolicyEngine.decide(request.build(), ApplicablePolicies.builder().resource(resourcePolicy).build());
    }

    /**
     * Whether the role's trust policy lets an AWS service principal ({@code ec2.amazonaws.com},
     * {@code ecs-tasks.amazonaws.com}) assume it, as that service does when it hands the role's
     * credentials to a workload.
     */
    public boolean serviceMayAssume(String servicePrincipal, Identity role, RoleDetails details, RequestFacts facts) {
        // The service assumes the role itself: the workload's address is not the request's.
        RequestFacts inRoleAccount = new RequestFacts(facts.time(), Optional.empty(), facts.secureTransport(),
                facts.region(), Optional.of(role.accountId()));
        return decideService(servicePrincipal, inRoleAccount, "sts:AssumeRole", role.arn(), Map.of(),
                details.trustPolicy()).isAllowed();
    }

    /** The keys every request's facts give: its time, source, transport and region. */
    private static void requestFacts(RequestContext.Builder request, RequestFacts facts) {
        Instant time = facts.time();
        // IAM's date values carry millisecond precision at most.
        request.put("aws:CurrentTime", ContextValue.date(time.truncatedTo(ChronoUnit.MILLIS)));
        request.put("aws:EpochTime", ContextValue.number(time.getEpochSecond()));
        facts.sourceIp().ifPresent(ip -> request.put("aws:SourceIp", ContextValue.ip(ip)));
        facts.secureTransport().ifPresent(tls -> request.put("aws:SecureTransport", ContextValue.bool(tls)));
        request.put("aws:RequestedRegion", ContextValue.string(facts.region()));
    }

    private RequestContext request(Caller caller, RequestFacts facts, String action, String resource,
            Map<String, ContextValue> requestKeys, IdentitySnapshot snapshot) {
        Optional<SessionClaims> session = caller.session();
        RequestContext.Builder request = RequestContext.builder(principal(caller), action, resource);
        if (facts.resourceAccount().isPresent()) {
            request.resourceAccount(facts.resourceAccount().get());
        } else if (resource.startsWith(AWS_MANAGED)) {
            // AWS managed policies belong to no account; every account reads and attaches them under
            // its own identity policies (the operations refuse to change them).
            request.resourceAccount(caller.accountId());
        }
        Instant time = facts.time();
        requestFacts(request, facts);
        principalTags(caller, snapshot).forEach((key, value) ->
                request.put("aws:PrincipalTag/" + key, ContextValue.string(value)));
        if (session.isPresent()) {
            SessionClaims claims = session.get();
            request.put("aws:TokenIssueTime", ContextValue.date(claims.issuedAt().truncatedTo(ChronoUnit.MILLIS)));
            request.put("aws:MultiFactorAuthPresent", ContextValue.bool(claims.mfaAuthenticatedAt().isPresent()));
            claims.mfaAuthenticatedAt().ifPresent(at -> request.put("aws:MultiFactorAuthAge",
                    ContextValue.number(Math.max(0, time.getEpochSecond() - at.getEpochSecond()))));
            claims.sourceIdentity().ifPresent(id -> request.put("aws:SourceIdentity", ContextValue.string(id)));
        }
        requestKeys.forEach(request::put);
        // Set from the session alone, after the operation's keys, so nothing a request supplies replaces them.
        session.flatMap(SessionClaims::sourceInstanceArn)
                .ifPresent(arn -> request.put("ec2:SourceInstanceARN", ContextValue.string(arn)));
        session.flatMap(SessionClaims::roleDelivery)
                .ifPresent(version -> request.put("ec2:RoleDelivery", ContextValue.number(version)));
        return request.build();
    }

    /**
     * {@code aws:PrincipalTag}: the tags of the user or role, and for a role session its session
     * tags, which replace role tags of the same key (compared case-insensitively).
     */
    static Map<String, String> principalTags(Caller caller, IdentitySnapshot snapshot) {
        Map<String, String> byLowerKey = new LinkedHashMap<>();
        Map<String, String> keyCase = new LinkedHashMap<>();
        // The user's or role's own tags; a federated user has its federating user's.
        for (Tag tag : snapshot.tags(principalId(caller))) {
            byLowerKey.put(tag.key().toLowerCase(Locale.ROOT), tag.value());
            keyCase.put(tag.key().toLowerCase(Locale.ROOT), tag.key());
        }
        caller.session().ifPresent(claims -> {
            for (SessionTag tag : claims.tags()) {
                byLowerKey.put(tag.key().toLowerCase(Locale.ROOT), tag.value());
                keyCase.put(tag.key().toLowerCase(Locale.ROOT), tag.key());
            }
        });
        Map<String, String> tags = new LinkedHashMap<>();
        byLowerKey.forEach((lower, value) -> tags.put(keyCase.get(lower), value));
        return tags;
    }

    private List<Policy> sessionPolicies(SessionClaims claims, IdentitySnapshot snapshot) {
        List<Policy> policies = new ArrayList<>();
        claims.sessionPolicy().ifPresent(text -> policies.add(sessionPolicyCache.compile(text).orElse(DENY_ALL)));
        for (String arn : claims.policyArns()) {
            policies.add(snapshot.managedPolicy(arn).map(ManagedPolicy::defaultVersion).map(v -> v.document())
                    .orElse(DENY_ALL));
        }
        if (policies.isEmpty() && claims.kind() == SessionKind.FEDERATED_USER) {
            policies.add(NOTHING);
        }
        return policies;
    }

    /** The unique id of the entity whose policies apply: the user, the role, or the account for root. */
    static String principalId(Caller caller) {
        return caller.session().map(SessionClaims::principalId).orElse(caller.userId());
    }

    /** The caller as the policy engine names it. */
    public static Principal principal(Caller caller) {
        if (caller.session().isPresent()) {
            SessionClaims claims = caller.session().get();
            return switch (claims.kind()) {
                case ASSUMED_ROLE -> Principal.assumedRole(caller.arn(), claims.principalArn(), claims.principalId());
                case FEDERATED_USER -> Principal.federatedUser(caller.arn(), claims.principalArn());
                case USER_SESSION -> caller.kind() == IdentityKind.ROOT
                        ? Principal.root(caller.accountId()) : Principal.user(caller.arn(), caller.userId());
            };
        }
        return switch (caller.kind()) {
            case ROOT -> Principal.root(caller.accountId());
            case USER -> Principal.user(caller.arn(), caller.userId());
            case ROLE -> Principal.role(caller.arn(), caller.userId());
            // Named for explanations only: every decision for an instance is a denial (decide).
            case INSTANCE -> Principal.user(caller.arn(), caller.userId());
        };
    }
}
