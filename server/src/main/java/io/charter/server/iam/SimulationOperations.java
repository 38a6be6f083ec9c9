package io.charter.server.iam;

import io.charter.policy.ApplicablePolicies;
import io.charter.policy.ContextType;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.MatchedStatement;
import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyEngine;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import io.charter.policy.SourceSpan;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy,
 * GetContextKeysForPrincipalPolicy and GetContextKeysForCustomPolicy, evaluated by the same
 * engine that authorizes every request ({@code explain}: every matched statement with its
 * position, the context keys the policies needed but the request lacked, the boundary's part).
 */
public final class SimulationOperations {
    /**
     * The largest grid of actions × resources one simulation request may ask for (Charter's bound;
     * AWS documents none). Only the page a request returns is evaluated, so this bounds what
     * paging through one grid may cost, not what one request costs.
     */
    static final int MAX_SIMULATED_PAIRS = 100_000;

    /**
     * The policy-evaluation work one simulation page may spend, in the engine's steps: ten
     * evaluations' worth of {@link PolicyEngine#WORK_BUDGET}. Past it the page ends early, truncated
     * with a {@code Marker} (as AWS allows: a page may be shorter than {@code MaxItems}); every page
     * holds at least one result, so paging always advances.
     */
    static final long PAGE_WORK_BUDGET = 10 * PolicyEngine.WORK_BUDGET;

    /** The unique id of the stand-in caller of SimulateCustomPolicy (AWS's {@code AIDA…} shape). */
    static final String SIMULATED_USER_ID = "AIDASIMULATEDCALLER00";

    private final Authorizer authorizer;

    public SimulationOperations(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("SimulatePrincipalPolicy", this::simulatePrincipal),
                Operation.of("SimulateCustomPolicy", this::simulateCustom),
                Operation.of("GetContextKeysForPrincipalPolicy", this::contextKeysForPrincipal),
                Operation.of("GetContextKeysForCustomPolicy", this::contextKeysForCustom));
    }

    /** A policy in a simulation, with the identity AWS reports for it. */
    private record Source(Policy policy, String id, String type) {
    }

    /** The entity a PolicySourceArn names, and the engine's principal for it. */
    private record Subject(Principal principal, List<Source> policies, Optional<Source> boundary) {
    }

    private StructValue simulatePrincipal(OperationContext context, StructValue input) {
        String arn = input.string("PolicySourceArn");
        authorizer.authorize(context, "iam:SimulatePrincipalPolicy", arn, Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        Subject subject = subject(snapshot, context, arn);
        List<Source> identity = new ArrayList<>(subject.policies());
        identity.addAll(inputs(input, "PolicyInputList", PolicyType.IDENTITY));
        List<Source> boundaries = inputs(input, "PermissionsBoundaryPolicyInputList", PolicyType.BOUNDARY);
        Optional<Source> boundary = boundaries.isEmpty() ? subject.boundary() : Optional.of(boundaries.get(0));
        return simulate(input, snapshot, subject.principal(), identity, boundary);
    }

    private StructValue simulateCustom(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:SimulateCustomPolicy", "*", Map.of());
        List<Source> identity = inputs(input, "PolicyInputList", PolicyType.IDENTITY);
        List<Source> boundaries = inputs(input, "PermissionsBoundaryPolicyInputList", PolicyType.BOUNDARY);
        // The policies are evaluated as an IAM user's would be (AWS accepts only IAM users as simulated
        // callers); without a CallerArn, a user standing for "the holder of these policies".
        String account = context.caller().accountId();
        Principal simulated = Principal.user(Arns.user(account, "/", "SimulatedCaller"), SIMULATED_USER_ID);
        return simulate(input, context.snapshot(), simulated, identity, boundaries.stream().findFirst());
    }

    private StructValue contextKeysForPrincipal(OperationContext context, StructValue input) {
        String arn = input.string("PolicySourceArn");
        authorizer.authorize(context, "iam:GetContextKeysForPrincipalPolicy", arn, Map.of());
        List<Source> policies = new ArrayList<>(subject(context.snapshot(), context, arn).policies());
        policies.addAll(inputs(input, "PolicyInputList", PolicyType.IDENTITY));
        return contextKeys(policies);
    }

    private StructValue contextKeysForCustom(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:GetContextKeysForCustomPolicy", "*", Map.of());
        return contextKeys(inputs(input, "PolicyInputList", PolicyType.IDENTITY));
    }

    private static StructValue contextKeys(List<Source> policies) {
        TreeSet<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        policies.forEach(s -> keys.addAll(s.policy().conditionKeys()));
        return StructValue.builder().putStrings("ContextKeyNames", List.copyOf(keys)).build();
    }

    private StructValue simulate(StructValue input, IdentitySnapshot snapshot, Principal principal,
            List<Source> identity, Optional<Source> boundary) {
        Principal caller = input.optionalString("CallerArn").map(arn -> callerPrincipal(snapshot, arn)).orElse(principal);
        Optional<Source> resourcePolicy = input.optionalString("ResourcePolicy")
                .map(text -> new Source(parse(text, PolicyType.RESOURCE, "ResourcePolicy"), "ResourcePolicy", "resource"));
        Map<String, ContextValue> entries = contextEntries(input);
        List<String> resources = input.optionalList("ResourceArns").isPresent() && !input.list("ResourceArns").isEmpty()
                ? input.stringList("ResourceArns") : List.of("*");
        Map<String, Source> byName = new HashMap<>();
        identity.forEach(s -> byName.put(s.policy().name(), s));
        boundary.ifPresent(s -> byName.put(s.policy().name(), s));
        resourcePolicy.ifPresent(s -> byName.put(s.policy().name(), s));

        List<String> actions = input.stringList("ActionNames");
        long pairs = (long) actions.size() * resources.size();
        if (pairs > MAX_SIMULATED_PAIRS) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, "The simulation would evaluate " + pairs
                    + " pairs of action and resource; at most " + MAX_SIMULATED_PAIRS + " are simulated in one request.");
        }
        requireSimulable(caller, actions, resources);
        Optional<String> resourceAccount = input.optionalString("ResourceOwner").map(SimulationOperations::accountOf);
        // Only the page asked for is evaluated, and only until it has spent its work budget: the
        // work of one request is bounded, whatever the sizes of the grid and of the policies.
        Page<Integer> page = Page.of(new Pairs(pairs), input);
        List<StructValue> results = new ArrayList<>(page.items().size());
        long work = 0;
        for (int pair : page.items()) {
            if (work >= PAGE_WORK_BUDGET) {
                page = page.truncatedAfter(results.size());
                break;
            }
            String action = actions.get(pair / resources.size());
            String resource = resources.get(pair % resources.size());
            RequestContext.Builder request = RequestContext.builder(caller, action, resource);
            resourceAccount.ifPresent(request::resourceAccount);
            entries.forEach(request::put);
            ApplicablePolicies.Builder policies = ApplicablePolicies.builder()
                    .identity(identity.stream().map(Source::policy).toList());
            boundary.ifPresent(b -> policies.boundary(b.policy()));
            resourcePolicy.ifPresent(r -> policies.resource(r.policy()));
            Decision decision = PolicyEngine.explain(request.build(), policies.build());
            work += decision.work().steps();
            StructValue.Builder result = StructValue.builder()
                    .put("EvalActionName", action)
                    .put("EvalResourceName", resource)
                    .put("EvalDecision", decision.outcome().awsName())
                    .putList("MatchedStatements", decision.statements().stream()
                            .map(m -> statement(m, byName)).toList())
                    .putStrings("MissingContextValues", List.copyOf(new TreeSet<>(decision.missingContextKeys())));
            boundary.ifPresent(b -> result.put("PermissionsBoundaryDecisionDetail", StructValue.builder()
                    .put("AllowedByPermissionsBoundary", decision.allowedByBoundary().orElse(false)).build()));
            results.add(result.build());
        }
        return page.addTo(StructValue.builder().putList("EvaluationResults", results)).build();
    }

    /**
     * {@code InvalidInput} for the first pair of the grid, in the order the results are listed,
     * whose action or resource the engine cannot simulate; checked item by item, not pair by pair.
     */
    private static void requireSimulable(Principal caller, List<String> actions, List<String> resources) {
        if (actions.isEmpty()) {
            return;
        }
        try {
            RequestContext.builder(caller, actions.get(0), "*");
            for (String resource : resources) {
                RequestContext.builder(caller, actions.get(0), resource);
            }
            for (String action : actions) {
                RequestContext.builder(caller, action, "*");
            }
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, e.getMessage());
        }
    }

    /** The pairs of a simulation's grid, by their position in the results (action-major); nothing is evaluated here. */
    private static final class Pairs extends AbstractList<Integer> {
        private final int size;

        Pairs(long size) {
            this.size = Math.toIntExact(size);
        }

        @Override
        public Integer get(int index) {
            return index;
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static StructValue statement(MatchedStatement matched, Map<String, Source> byName) {
        Source source = byName.get(matched.policyName());
        SourceSpan span = matched.span();
        return StructValue.builder()
                .put("SourcePolicyId", source == null ? matched.policyName() : source.id())
                .put("SourcePolicyType", source == null ? "none" : source.type())
                .put("StartPosition", StructValue.builder().put("Line", span.startLine()).put("Column", span.startColumn()).build())
                .put("EndPosition", StructValue.builder().put("Line", span.endLine()).put("Column", span.endColumn()).build())
                .build();
    }

    /** The policies of the user (with its groups'), group or role a PolicySourceArn names. */
    private Subject subject(IdentitySnapshot snapshot, OperationContext context, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam") || !parts[4].equals(context.caller().accountId())) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, "Invalid ARN: " + arn);
        }
        String resource = parts[5];
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        String account = parts[4];
        if (resource.startsWith("user/")) {
            Identity user = snapshot.principal(account, IdentityKind.USER, name)
                    .orElseThrow(() -> IamErrors.noSuchUser(name));
            List<Source> policies = new ArrayList<>(entityPolicies(snapshot, user.uniqueId(), "user"));
            for (Group group : snapshot.groups().groupsOf(user.uniqueId())) {
                policies.addAll(entityPolicies(snapshot, group.groupId(), "group"));
            }
            return new Subject(Principal.user(user.arn(), user.uniqueId()), policies,
                    boundaryOf(snapshot, user.uniqueId()));
        }
        if (resource.startsWith("role/")) {
            Identity role = snapshot.principal(account, IdentityKind.ROLE, name)
                    .orElseThrow(() -> IamErrors.noSuchRole(name));
            return new Subject(Principal.role(role.arn(), role.uniqueId()),
                    entityPolicies(snapshot, role.uniqueId(), "role"), boundaryOf(snapshot, role.uniqueId()));
        }
        if (resource.startsWith("group/")) {
            Group group = snapshot.groups().named(account, name).orElseThrow(() -> IamErrors.noSuchGroup(name));
            return new Subject(Principal.user(group.arn(), group.groupId()),
                    entityPolicies(snapshot, group.groupId(), "group"), Optional.empty());
        }
        throw new ServiceException(AwsErrorCode.INVALID_INPUT, "Invalid ARN: " + arn);
    }

    private static List<Source> entityPolicies(IdentitySnapshot snapshot, String entityId, String inlineType) {
        List<Source> sources = new ArrayList<>();
        for (String arn : snapshot.attachedPolicies(entityId)) {
            snapshot.managedPolicy(arn).ifPresent(p -> sources.add(managed(p)));
        }
        for (InlinePolicy inline : snapshot.inlinePolicies(entityId)) {
            String id = inline.name();
            sources.add(new Source(inline.document().withName(inlineType + ":" + entityId + ":" + id), id, inlineType));
        }
        return sources;
    }

    private static Optional<Source> boundaryOf(IdentitySnapshot snapshot, String entityId) {
        return snapshot.boundaryArn(entityId).flatMap(snapshot::managedPolicy).map(SimulationOperations::managed);
    }

    private static Source managed(ManagedPolicy policy) {
        return new Source(policy.defaultVersion().document().withName(policy.arn()), policy.name(),
                policy.awsManaged() ? "aws-managed" : "user-managed");
    }

    private static List<Source> inputs(StructValue input, String member, PolicyType type) {
        List<Source> sources = new ArrayList<>();
        if (input.optionalList(member).isPresent()) {
            List<String> documents = input.stringList(member);
            for (int i = 0; i < documents.size(); i++) {
                String id = member + "." + (i + 1);
                sources.add(new Source(parse(documents.get(i), type, id), id, "none"));
            }
        }
        return sources;
    }

    private static Policy parse(String text, PolicyType type, String name) {
        ParseResult result = Policy.parse(text, type, Integer.MAX_VALUE);
        if (!result.isValid()) {
            throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT,
                    result.firstErrorMessage().orElse("The policy is not valid."));
        }
        return result.orThrow().withName(name);
    }

    private static Principal callerPrincipal(IdentitySnapshot snapshot, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[5].startsWith("user/")) {
            String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
            return snapshot.principal(parts[4], IdentityKind.USER, name)
                    .map(u -> Principal.user(u.arn(), u.uniqueId()))
                    .orElseThrow(() -> IamErrors.noSuchUser(name));
        }
        throw new ServiceException(AwsErrorCode.INVALID_INPUT, "CallerArn must be the ARN of an IAM user: " + arn);
    }

    private static String accountOf(String owner) {
        if (Principal.isAccountId(owner)) {
            return owner;
        }
        String[] parts = owner.split(":", 6);
        return parts.length >= 5 && Principal.isAccountId(parts[4]) ? parts[4] : owner;
    }

    /** The typed ContextEntries; a value not of its type is {@code InvalidInput}. */
    private static Map<String, ContextValue> contextEntries(StructValue input) {
        Map<String, ContextValue> entries = new HashMap<>();
        if (input.optionalList("ContextEntries").isEmpty()) {
            return entries;
        }
        for (StructValue entry : input.structList("ContextEntries")) {
            String name = entry.optionalString("ContextKeyName").orElseThrow(() ->
                    new ServiceException(AwsErrorCode.INVALID_INPUT, "A context entry has no ContextKeyName."));
            String typeName = entry.optionalString("ContextKeyType").orElse("string");
            boolean multi = typeName.endsWith("List");
            ContextType type = ContextType.ofIamName(multi ? typeName.substring(0, typeName.length() - 4) : typeName)
                    .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_INPUT, "Unknown ContextKeyType " + typeName));
            List<String> values = entry.optionalList("ContextKeyValues").isPresent() ? entry.stringList("ContextKeyValues") : List.of();
            try {
                entries.put(name, ContextValue.of(type, values, multi));
            } catch (IllegalArgumentException e) {
                throw new ServiceException(AwsErrorCode.INVALID_INPUT, e.getMessage());
            }
        }
        return entries;
    }
}
