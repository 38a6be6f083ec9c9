package io.charter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The indexed, short-circuiting fast path against a naive evaluation that visits every statement
 * of every policy (no index, no early exit) and feeds the same decision function; and the fast
 * path against {@link PolicyEngine#explain}.
 */
class EngineDifferentialTest {
    private static final List<String> ACTIONS = List.of("s3:GetObject", "s3:PutObject", "iam:GetUser", "sts:AssumeRole",
            "ec2:RunInstances");
    private static final List<String> ACTION_PATTERNS = List.of("s3:GetObject", "s3:*", "s3:Get*", "iam:*", "*",
            "sts:AssumeRole", "ec2:Run?nstances", "*:Get*", "*:GetUser");
    private static final List<String> RESOURCES = List.of("arn:aws:s3:::b/k", "arn:aws:s3:::c/k",
            "arn:aws:iam::111122223333:user/alice", "*");
    private static final List<String> RESOURCE_PATTERNS = List.of("*", "arn:aws:s3:::b/*", "arn:aws:s3:::*",
            "arn:aws:iam::111122223333:user/${aws:username}", "arn:aws:iam::*:user/*");
    private static final List<String> CONDITIONS = List.of("", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
            "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}",
            "{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"red\"}}",
            "{\"NumericLessThan\":{\"k:n\":\"5\"}}", "{\"Null\":{\"aws:PrincipalTag/team\":\"true\"}}",
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\"]}}");
    private static final List<Principal> PRINCIPALS = List.of(Fixture.ALICE, Fixture.SESSION, Fixture.ROOT,
            Fixture.CAROL, Fixture.FED, Fixture.EC2, Fixture.ANON);
    private static final List<String> PRINCIPAL_ELEMENTS = List.of("\"*\"", "{\"AWS\":\"" + Fixture.A + "\"}",
            "{\"AWS\":\"" + Fixture.ALICE.arn() + "\"}", "{\"AWS\":\"" + Fixture.ADMIN_ROLE + "\"}",
            "{\"AWS\":\"" + Fixture.B + "\"}", "{\"Service\":\"ec2.amazonaws.com\"}");

    @Provide
    Arbitrary<String> statements() {
        return Combinators.combine(Arbitraries.of("Allow", "Deny"), Arbitraries.of(true, false),
                Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false),
                Arbitraries.of(RESOURCE_PATTERNS), Arbitraries.of(CONDITIONS)).as((effect, notAction, actions,
                        notResource, resource, condition) -> {
                    String a = "[\"" + String.join("\",\"", actions) + "\"]";
                    String body = "\"" + (notAction ? "NotAction" : "Action") + "\":" + a + ",\""
                            + (notResource ? "NotResource" : "Resource") + "\":\"" + resource + "\"";
                    String st = Fixture.stmt(effect, body);
                    return condition.isEmpty() ? st : Fixture.cond(st, condition);
                });
    }

    @Provide
    Arbitrary<List<Policy>> identityPolicies() {
        return statements().list().ofMinSize(1).ofMaxSize(6).map(s -> Fixture.identity(s.toArray(String[]::new)))
                .list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<Policy> resourcePolicy() {
        return Combinators.combine(statements(), Arbitraries.of(PRINCIPAL_ELEMENTS))
                .as((s, p) -> Fixture.named(PolicyType.RESOURCE, "rp", Fixture.principal(s, p)));
    }

    @Provide
    Arbitrary<RequestContext> requests() {
        return Combinators.combine(Arbitraries.of(PRINCIPALS), Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES),
                Arbitraries.of(true, false), Arbitraries.of("red", "blue", ""), Arbitraries.of("3", "9", "x"))
                .as((p, a, r, tls, team, n) -> {
                    RequestContext.Builder b = RequestContext.builder(p, a, r).resourceAccount(Fixture.A)
                            .put("aws:SecureTransport", ContextValue.bool(tls)).put("k:n", n);
                    if (!team.isEmpty()) {
                        b.put("aws:PrincipalTag/team", team);
                    }
                    return b.build();
                });
    }

    @Property(tries = 1500)
    void fastPathAgreesWithNaiveAndExplain(@ForAll("identityPolicies") List<Policy> identity,
            @ForAll("resourcePolicy") Policy resource, @ForAll boolean withResource,
            @ForAll("identityPolicies") List<Policy> boundaries, @ForAll("requests") RequestContext r) {
        ApplicablePolicies.Builder b = ApplicablePolicies.builder().identity(identity);
        if (withResource) {
            b.resource(resource);
        }
        if (!boundaries.isEmpty()) {
            b.boundary(Policy.parse(boundaries.get(0).text(), PolicyType.BOUNDARY).orThrow());
        }
        ApplicablePolicies p = b.build();
        Decision fast = PolicyEngine.decide(r, p);
        Decision full = PolicyEngine.explain(r, p);
        PolicyEngine.Verdict naive = naive(r, p);
        assertEquals(naive.outcome(), fast.outcome(), () -> fast.explanation());
        assertEquals(naive.outcome(), full.outcome());
        assertEquals(java.util.Optional.ofNullable(naive.missing()), fast.missingAllow());
        assertEquals(fast.missingAllow(), full.missingAllow());
        assertEquals(fast.deniedBy(), full.deniedBy());
    }

    /** Every statement, no index, no early exit; the same decision function. */
    static PolicyEngine.Verdict naive(RequestContext r, ApplicablePolicies p) {
        PrincipalKind kind = r.principal().kind();
        PolicyType deniedBy = null;
        int grade = PrincipalPattern.NONE;
        List<Statement> resourceStatements = p.resource().map(Policy::statements).orElse(List.of());
        for (Statement s : resourceStatements) {
            int g = applies(s, r);
            if (g != PrincipalPattern.NONE && s.effect() == Effect.DENY && deniedBy == null) {
                deniedBy = p.resource().get().type();
            }
            if (s.effect() == Effect.ALLOW) {
                grade = Math.max(grade, g);
            }
        }
        boolean identity = kind == PrincipalKind.ROOT;
        boolean boundary = p.boundary().isEmpty() || kind == PrincipalKind.ROOT;
        if (kind.hasIdentityPolicies()) {
            List<Statement> all = new ArrayList<>();
            p.identity().forEach(x -> all.addAll(x.statements()));
            for (Statement s : all) {
                int g = applies(s, r);
                if (g != PrincipalPattern.NONE) {
                    if (s.effect() == Effect.DENY && deniedBy == null) {
                        deniedBy = PolicyType.IDENTITY;
                    }
                    identity |= s.effect() == Effect.ALLOW;
                }
            }
            for (Statement s : p.boundary().map(Policy::statements).orElse(List.of())) {
                int g = applies(s, r);
                if (g != PrincipalPattern.NONE) {
                    if (s.effect() == Effect.DENY && deniedBy == null) {
                        deniedBy = PolicyType.BOUNDARY;
                    }
                    boundary |= s.effect() == Effect.ALLOW && kind != PrincipalKind.ROOT;
                }
            }
        }
        boolean session = kind != PrincipalKind.FEDERATED_USER;
        return PolicyEngine.verdict(new PolicyEngine.Facts(kind, r.isCrossAccount(), deniedBy, true, true, grade,
                p.resource().map(Policy::type).orElse(PolicyType.RESOURCE), identity, boundary, session));
    }

    private static int applies(Statement s, RequestContext r) {
        return s.applies(r, new Trace(false, PolicyEngine.WORK_BUDGET));
    }
}
