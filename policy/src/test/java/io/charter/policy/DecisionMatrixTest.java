package io.charter.policy;

import static io.charter.policy.Fixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The decision matrix: named principals, a policy fixture, a grid of requests and their exact
 * outcomes. Every case runs through both {@link PolicyEngine#decide} and {@link PolicyEngine#explain},
 * which must agree.
 */
class DecisionMatrixTest {
    private static final Outcome ALLOW = Outcome.ALLOW;
    private static final Outcome IMPLICIT = Outcome.IMPLICIT_DENY;
    private static final Outcome EXPLICIT = Outcome.EXPLICIT_DENY;

    /** One row: who does what to what, under which policies, and what must happen. */
    record Case(String name, Principal who, String action, String resource, Consumer<RequestContext.Builder> ctx,
            ApplicablePolicies policies, Outcome expected, PolicyType decidingType) {
        void check() {
            RequestContext.Builder b = RequestContext.builder(who, action, resource);
            ctx.accept(b);
            RequestContext r = b.build();
            Decision fast = PolicyEngine.decide(r, policies);
            Decision full = PolicyEngine.explain(r, policies);
            assertEquals(expected, fast.outcome(), () -> name + ": " + fast.explanation());
            assertEquals(expected, full.outcome(), () -> name + " (explain): " + full.explanation());
            if (decidingType != null && expected == IMPLICIT) {
                assertEquals(decidingType, fast.missingAllow().orElseThrow(), name);
            }
            if (decidingType != null && expected == EXPLICIT) {
                assertEquals(decidingType, fast.statements().get(0).policyType(), name);
            }
            assertEquals(fast.missingAllow(), full.missingAllow(), name);
        }
    }

    static final List<Case> CASES = new ArrayList<>();
    static final Policy ALLOW_ALL_POLICY = identity(ALLOW_ALL);
    static final Consumer<RequestContext.Builder> NO_CTX = b -> {};

    static void add(String name, Principal who, String action, String resource, ApplicablePolicies p, Outcome o,
            PolicyType t) {
        CASES.add(new Case(name, who, action, resource, NO_CTX, p, o, t));
    }

    static void add(String name, Principal who, String action, String resource, Consumer<RequestContext.Builder> ctx,
            ApplicablePolicies p, Outcome o, PolicyType t) {
        CASES.add(new Case(name, who, action, resource, ctx, p, o, t));
    }

    static ApplicablePolicies ids(String... statements) {
        if (statements.length == 0) {
            return ApplicablePolicies.identity(List.of());
        }
        return ApplicablePolicies.identity(identities(statements));
    }

    static {
        conditionRows();
        actionRows();
        resourceRows();
        flowRows();
        principalRows();
        trustRows();
        organizationRows();
        combinationRows();
    }

    // ---- conditions: each row twice, as an Allow's condition and as a Deny's condition ----

    private static void conditionRows() {
        for (String line : ConditionTable.ROWS.strip().split("\n")) {
            String[] f = Arrays.stream(line.split(" \\| ", -1)).map(String::strip).toArray(String[]::new);
            String op = f[0];
            String key = f[1];
            String values = f[2];
            String ctx = f[3];
            String truth = f[4];
            String condition = "{\"" + op + "\":{\"" + key + "\":" + values + "}}";
            Consumer<RequestContext.Builder> c = context(key, ctx);
            String name = op + " " + key + " " + values + " vs " + ctx;
            Outcome allowOutcome = truth.equals("T") ? ALLOW : IMPLICIT;
            Outcome denyOutcome = truth.equals("F") ? ALLOW : EXPLICIT;
            add("allow if " + name, ALICE, "s3:GetObject", "arn:aws:s3:::b/k", c,
                    ids(cond(allow("s3:GetObject", "*"), condition)), allowOutcome,
                    allowOutcome == IMPLICIT ? PolicyType.IDENTITY : null);
            add("deny if " + name, ALICE, "s3:GetObject", "arn:aws:s3:::b/k", c,
                    ids(allow("s3:*", "*"), cond(deny("s3:GetObject", "*"), condition)), denyOutcome,
                    denyOutcome == EXPLICIT ? PolicyType.IDENTITY : null);
        }
    }

    static Consumer<RequestContext.Builder> context(String key, String spec) {
        if (spec.equals("-")) {
            return NO_CTX;
        }
        String k = key;
        String v = spec;
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':');
        if (eq > 0 && eq > colon && spec.substring(0, eq).contains(":") && spec.length() > eq + 2
                && spec.charAt(eq + 2) == ':') {
            k = spec.substring(0, eq);
            v = spec.substring(eq + 1);
        }
        char type = v.charAt(0);
        String text = v.substring(2);
        ContextValue value = switch (type) {
            case 's' -> ContextValue.string(text);
            case 'S' -> ContextValue.strings(text.isEmpty() ? List.of() : List.of(text.split(",")));
            case 'n' -> ContextValue.of(ContextType.NUMBER, List.of(text), false);
            case 'd' -> ContextValue.of(ContextType.DATE, List.of(text), false);
            case 'b' -> ContextValue.of(ContextType.BOOL, List.of(text), false);
            case 'x' -> ContextValue.of(ContextType.BINARY, List.of(text), false);
            case 'i' -> ContextValue.ip(text);
            case 'a' -> ContextValue.arn(text);
            default -> throw new IllegalArgumentException(spec);
        };
        String finalKey = k;
        return b -> b.put(finalKey, value);
    }

    // ---- actions ----

    private static void actionRows() {
        Object[][] rows = {
            {"s3:GetObject", "s3:GetObject", true},
            {"s3:GetObject", "S3:getobject", true},
            {"s3:GetObject", "s3:GetObjectAcl", false},
            {"s3:Get*", "s3:GetObjectAcl", true},
            {"s3:Get*", "s3:PutObject", false},
            {"s3:*Object", "s3:PutObject", true},
            {"s3:Get?bject", "s3:GetObject", true},
            {"s3:Get?bject", "s3:GetObbject", false},
            {"*", "iam:CreateUser", true},
            {"s3:*", "s3express:CreateSession", false},
            {"*:CreateSession", "s3express:CreateSession", true},
            {"*:Get*", "iam:GetUser", true},
            {"*:Get*", "iam:ListUsers", false},
            {"iam:*User*", "iam:ListUserTags", true},
            {"[\"ec2:*\",\"s3:List*\"]", "s3:ListBucket", true},
            {"[\"ec2:*\",\"s3:List*\"]", "sqs:ListQueues", false},
            {"IAM:CREATEUSER", "iam:CreateUser", true},
            {"s3:", "s3:GetObject", false},
        };
        for (Object[] r : rows) {
            add("action " + r[0] + " vs " + r[1], ALICE, (String) r[1], "*", ids(allow((String) r[0], "*")),
                    (Boolean) r[2] ? ALLOW : IMPLICIT, (Boolean) r[2] ? null : PolicyType.IDENTITY);
        }
        Object[][] notRows = {
            {"iam:*", "s3:GetObject", true},
            {"iam:*", "iam:GetUser", false},
            {"[\"iam:*\",\"sts:*\"]", "sts:AssumeRole", false},
            {"s3:Get*", "s3:PutObject", true},
        };
        for (Object[] r : notRows) {
            String st = stmt("Allow", "\"NotAction\":" + q((String) r[0]) + ",\"Resource\":\"*\"");
            add("NotAction " + r[0] + " vs " + r[1], ALICE, (String) r[1], "*", ids(st),
                    (Boolean) r[2] ? ALLOW : IMPLICIT, null);
            String dn = stmt("Deny", "\"NotAction\":" + q((String) r[0]) + ",\"Resource\":\"*\"");
            add("Deny NotAction " + r[0] + " vs " + r[1], ALICE, (String) r[1], "*", ids(ALLOW_ALL, dn),
                    (Boolean) r[2] ? EXPLICIT : ALLOW, null);
        }
    }

    // ---- resources ----

    private static void resourceRows() {
        Object[][] rows = {
            {"*", "arn:aws:s3:::anything", true},
            {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b", true},
            {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
            {"arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-x/y", true},
            {"arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/a", true},
            {"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/Alice", false},
            {"arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", true},
            {"arn:aws:sqs:us-?ast-1:*:q", "arn:aws:sqs:us-east-1:111122223333:q", true},
            {"arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:a:b:111122223333:q", false},
            {"arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", true},
            {"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x", true},
            {"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/bob/x", false},
            {"arn:aws:s3:::b/${aws:PrincipalTag/t}/*", "arn:aws:s3:::b//x", false},
            {"arn:aws:s3:::b/${aws:PrincipalTag/t, 'shared'}/*", "arn:aws:s3:::b/shared/x", true},
            {"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true},
            {"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false},
            {"arn:aws:iam::111122223333:user/${aws:username}", "arn:aws:iam::111122223333:user/alice", true},
            {"arn:aws:s3:::b?", "arn:aws:s3:::bx", true},
            {"arn:aws:s3:::b?", "arn:aws:s3:::bxy", false},
            {"arn:aws:s3:::*", "*", false},
            {"arn:aws:s3:::b/${aws:userid}", "arn:aws:s3:::b/AIDAALICE", true},
            {"arn:aws:sqs:*:*:*", "arn:aws:sqs:us-east-1:111122223333:q", true},
            {"arn:aws:s3:::b/a*c", "arn:aws:s3:::b/a/x/c", true},
        };
        for (Object[] r : rows) {
            add("resource " + r[0] + " vs " + r[1], ALICE, "s3:GetObject", (String) r[1],
                    ids(allow("s3:GetObject", (String) r[0])), (Boolean) r[2] ? ALLOW : IMPLICIT, null);
        }
        Object[][] notRows = {
            {"arn:aws:s3:::secret/*", "arn:aws:s3:::public/x", true},
            {"arn:aws:s3:::secret/*", "arn:aws:s3:::secret/x", false},
            {"[\"arn:aws:s3:::a\",\"arn:aws:s3:::b\"]", "arn:aws:s3:::b", false},
        };
        for (Object[] r : notRows) {
            String st = stmt("Allow", "\"Action\":\"s3:*\",\"NotResource\":" + q((String) r[0]));
            add("NotResource " + r[0] + " vs " + r[1], ALICE, "s3:GetObject", (String) r[1], ids(st),
                    (Boolean) r[2] ? ALLOW : IMPLICIT, null);
            String dn = stmt("Deny", "\"Action\":\"s3:*\",\"NotResource\":" + q((String) r[0]));
            add("Deny NotResource " + r[0] + " vs " + r[1], ALICE, "s3:GetObject", (String) r[1], ids(ALLOW_ALL, dn),
                    (Boolean) r[2] ? EXPLICIT : ALLOW, null);
        }
        // Version 2008-10-17: variables are literal text.
        String old = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + ALICE.arn() + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/${aws:username}\"}]}";
        Policy oldPolicy = Policy.parse(old, PolicyType.RESOURCE).orThrow();
        ApplicablePolicies p = ApplicablePolicies.builder().resource(oldPolicy).build();
        add("2008 variable is literal (no match)", ALICE, "s3:GetObject", "arn:aws:s3:::b/alice", p, IMPLICIT, null);
        add("2008 variable is literal (match)", ALICE, "s3:GetObject", "arn:aws:s3:::b/${aws:username}", p, ALLOW,
                null);
    }

    // ---- the decision flow inside one account ----

    private static void flowRows() {
        String s3 = "arn:aws:s3:::b/k";
        add("no policies", ALICE, "s3:GetObject", s3, ids(), IMPLICIT, PolicyType.IDENTITY);
        add("identity allow", ALICE, "s3:GetObject", s3, ids(allow("s3:GetObject", "*")), ALLOW, null);
        add("identity allow other action", ALICE, "s3:PutObject", s3, ids(allow("s3:GetObject", "*")), IMPLICIT,
                PolicyType.IDENTITY);
        add("identity deny wins", ALICE, "s3:GetObject", s3, ids(ALLOW_ALL, deny("s3:*", "*")), EXPLICIT,
                PolicyType.IDENTITY);
        add("deny in another identity policy", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.identity(List.of(identity(ALLOW_ALL), identity(deny("s3:GetObject", s3)))),
                EXPLICIT, PolicyType.IDENTITY);
        add("deny without allow", ALICE, "s3:GetObject", s3, ids(deny("s3:*", "*")), EXPLICIT, PolicyType.IDENTITY);
        add("deny other resource", ALICE, "s3:GetObject", s3, ids(ALLOW_ALL, deny("s3:*", "arn:aws:s3:::other/*")),
                ALLOW, null);
        Policy boundaryS3 = named(PolicyType.BOUNDARY, "boundary", allow("s3:*", "*"));
        Policy boundaryEc2 = named(PolicyType.BOUNDARY, "boundary", allow("ec2:*", "*"));
        Policy boundaryDeny = named(PolicyType.BOUNDARY, "boundary", ALLOW_ALL, deny("s3:GetObject", "*"));
        add("boundary allows", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).boundary(boundaryS3).build(), ALLOW, null);
        add("boundary does not allow", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).boundary(boundaryEc2).build(), IMPLICIT,
                PolicyType.BOUNDARY);
        add("boundary alone grants nothing", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().boundary(boundaryS3).build(), IMPLICIT, PolicyType.IDENTITY);
        add("boundary explicit deny", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).boundary(boundaryDeny).build(), EXPLICIT,
                PolicyType.BOUNDARY);
        add("boundary does not apply to root", ROOT, "s3:GetObject", s3,
                ApplicablePolicies.builder().boundary(boundaryEc2).build(), ALLOW, null);
        Policy sessionS3 = named(PolicyType.SESSION, "session", allow("s3:GetObject", "*"));
        Policy sessionEc2 = named(PolicyType.SESSION, "session", allow("ec2:*", "*"));
        Policy sessionDeny = named(PolicyType.SESSION, "session", deny("s3:*", "*"));
        add("role session without session policy", SESSION, "s3:GetObject", s3, ids(ALLOW_ALL), ALLOW, null);
        add("role session, session policy allows", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).session(List.of(sessionS3)).build(),
                ALLOW, null);
        add("role session, session policy does not allow", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).session(List.of(sessionEc2)).build(),
                IMPLICIT, PolicyType.SESSION);
        add("role session, one of two session policies allows", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).session(List.of(sessionEc2, sessionS3))
                        .build(), ALLOW, null);
        add("role session, session policy alone grants nothing", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().session(List.of(sessionS3)).build(), IMPLICIT, PolicyType.IDENTITY);
        add("role session, session deny", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).session(List.of(sessionDeny)).build(),
                EXPLICIT, PolicyType.SESSION);
        add("federated user without session policy", FED, "s3:GetObject", s3, ids(ALLOW_ALL), IMPLICIT,
                PolicyType.SESSION);
        add("federated user with session policy", FED, "s3:GetObject", s3,
                ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).session(List.of(sessionS3)).build(),
                ALLOW, null);
        add("root without policies", ROOT, "iam:CreateUser", "arn:aws:iam::111122223333:user/x", ids(), ALLOW, null);
        add("root denied by its own identity deny", ROOT, "s3:GetObject", s3, ids(deny("s3:*", "*")), EXPLICIT,
                PolicyType.IDENTITY);
        add("role as itself", ROLE, "s3:GetObject", s3, ids(allow("s3:*", "*")), ALLOW, null);
        add("condition error never allows", ALICE, "s3:GetObject", s3,
                b -> b.put("k:n", "abc"),
                ids(cond(allow("s3:*", "*"), "{\"NumericLessThan\":{\"k:n\":\"5\"}}")), IMPLICIT, PolicyType.IDENTITY);
        add("condition error makes a deny apply", ALICE, "s3:GetObject", s3,
                b -> b.put("k:n", "abc"),
                ids(ALLOW_ALL, cond(deny("s3:*", "*"), "{\"NumericLessThan\":{\"k:n\":\"5\"}}")), EXPLICIT,
                PolicyType.IDENTITY);
        add("false condition beats an erroring one in a deny", ALICE, "s3:GetObject", s3,
                b -> b.put("k:n", "abc"),
                ids(ALLOW_ALL, cond(deny("s3:*", "*"),
                        "{\"NumericLessThan\":{\"k:n\":\"5\"},\"StringEquals\":{\"k:other\":\"x\"}}")), ALLOW, null);
        add("revoked session (token older than the revocation)", SESSION, "s3:GetObject", s3,
                b -> b.put("aws:TokenIssueTime", ContextValue.of(ContextType.DATE, List.of("2024-01-01T00:00:00Z"),
                        false)),
                ids(ALLOW_ALL, cond(deny("*", "*"), "{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-06-01T00:00:00Z\"}}")),
                EXPLICIT, PolicyType.IDENTITY);
        add("session issued after the revocation", SESSION, "s3:GetObject", s3,
                b -> b.put("aws:TokenIssueTime", ContextValue.of(ContextType.DATE, List.of("2024-07-01T00:00:00Z"),
                        false)),
                ids(ALLOW_ALL, cond(deny("*", "*"), "{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-06-01T00:00:00Z\"}}")),
                ALLOW, null);
        add("revocation does not touch long-term keys", ALICE, "s3:GetObject", s3,
                ids(ALLOW_ALL, cond(deny("*", "*"), "{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-06-01T00:00:00Z\"}}")),
                ALLOW, null);
    }

    // ---- resource policies: how the principal is named ----

    private static Policy resourcePolicy(String principal, String effect) {
        return named(PolicyType.RESOURCE, "bucket-policy",
                principal(stmt(effect, "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\""), principal));
    }

    private static void principalRows() {
        String s3 = "arn:aws:s3:::b/k";
        Policy boundaryEc2 = named(PolicyType.BOUNDARY, "boundary", allow("ec2:*", "*"));
        Policy sessionEc2 = named(PolicyType.SESSION, "session", allow("ec2:*", "*"));
        record P(String label, String json) {}
        List<P> forms = List.of(
                new P("\"*\"", "\"*\""),
                new P("AWS *", "{\"AWS\":\"*\"}"),
                new P("account id", "{\"AWS\":\"" + A + "\"}"),
                new P("account root", "{\"AWS\":\"arn:aws:iam::" + A + ":root\"}"),
                new P("alice", "{\"AWS\":\"" + ALICE.arn() + "\"}"),
                new P("bob", "{\"AWS\":\"" + BOB.arn() + "\"}"),
                new P("role", "{\"AWS\":\"" + ADMIN_ROLE + "\"}"),
                new P("session", "{\"AWS\":\"" + SESSION.arn() + "\"}"),
                new P("federated user", "{\"AWS\":\"" + FED.arn() + "\"}"),
                new P("other account", "{\"AWS\":\"" + B + "\"}"),
                new P("carol", "{\"AWS\":\"" + CAROL.arn() + "\"}"),
                new P("service", "{\"Service\":\"ec2.amazonaws.com\"}"),
                new P("google", "{\"Federated\":\"accounts.google.com\"}"),
                new P("canonical", "{\"CanonicalUser\":\"" + "a".repeat(64) + "\"}"),
                new P("list alice+service", "{\"AWS\":[\"" + BOB.arn() + "\",\"" + ALICE.arn()
                        + "\"],\"Service\":\"ec2.amazonaws.com\"}"));
        // Expected outcome per (principal form, caller) with no identity policy (same account for A callers).
        Object[][] grid = {
            // form,            ALICE,    SESSION,  FED,      ROOT,     CAROL,    EC2,      GOOGLE,   CANON,    ANON
            {"\"*\"",            ALLOW,    ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    ALLOW,    ALLOW,    ALLOW},
            {"AWS *",            ALLOW,    ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    ALLOW,    ALLOW,    ALLOW},
            {"account id",       IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"account root",     IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"alice",            ALLOW,    IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"bob",              IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"role",             IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"session",          IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"federated user",   IMPLICIT, IMPLICIT, ALLOW,    ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"other account",    IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"carol",            IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT},
            {"service",          IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT},
            {"google",           IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT},
            {"canonical",        IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT},
            {"list alice+service", ALLOW,  IMPLICIT, IMPLICIT, ALLOW,    IMPLICIT, ALLOW,    IMPLICIT, IMPLICIT, IMPLICIT},
        };
        Principal[] callers = {ALICE, SESSION, FED, ROOT, CAROL, EC2, GOOGLE, CANON, ANON};
        for (int i = 0; i < forms.size(); i++) {
            P form = forms.get(i);
            Policy rp = resourcePolicy(form.json, "Allow");
            // FED gets a session policy allowing s3 so only the resource grant is under test... except
            // for FED the session tier applies: with no session policy FED is denied unless named directly.
            for (int j = 0; j < callers.length; j++) {
                Principal who = callers[j];
                Outcome o = (Outcome) grid[i][j + 1];
                add("resource policy naming " + form.label + ", caller " + who.arn(), who, "s3:GetObject", s3,
                        b -> b.resourceAccount(A), ApplicablePolicies.builder().resource(rp).build(), o, null);
            }
            // The same, with an explicit Deny naming the form: everyone it names is denied.
            Policy dp = named(PolicyType.RESOURCE, "bucket-policy",
                    principal(stmt("Deny", "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\""), form.json));
            add("resource deny naming " + form.label + ", caller alice (identity allows)", ALICE, "s3:GetObject", s3,
                    ApplicablePolicies.builder().identity(identities(ALLOW_ALL)).resource(dp).build(),
                    List.of("\"*\"", "AWS *", "account id", "account root", "alice", "list alice+service")
                            .contains(form.label) ? EXPLICIT : ALLOW, null);
        }
        // Boundary and session limits on resource-policy grants (same account).
        Policy namesAlice = resourcePolicy("{\"AWS\":\"" + ALICE.arn() + "\"}", "Allow");
        Policy namesRole = resourcePolicy("{\"AWS\":\"" + ADMIN_ROLE + "\"}", "Allow");
        Policy namesSession = resourcePolicy("{\"AWS\":\"" + SESSION.arn() + "\"}", "Allow");
        Policy namesAccount = resourcePolicy("{\"AWS\":\"" + A + "\"}", "Allow");
        Policy namesFedParent = resourcePolicy("{\"AWS\":\"" + ALICE.arn() + "\"}", "Allow");
        add("user ARN grant ignores boundary", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesAlice).boundary(boundaryEc2).build(), ALLOW, null);
        add("role ARN grant is limited by boundary", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesRole).boundary(boundaryEc2).build(), IMPLICIT,
                PolicyType.BOUNDARY);
        add("role ARN grant is limited by session policy", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesRole).session(List.of(sessionEc2)).build(), IMPLICIT,
                PolicyType.SESSION);
        add("session ARN grant ignores boundary", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesSession).boundary(boundaryEc2).build(), ALLOW, null);
        add("session ARN grant ignores session policy", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesSession).session(List.of(sessionEc2)).build(), ALLOW, null);
        add("account grant needs identity", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesAccount).build(), IMPLICIT, PolicyType.IDENTITY);
        add("account grant plus identity", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesAccount).identity(identities(allow("s3:*", "*"))).build(),
                ALLOW, null);
        add("account grant plus identity, boundary denies", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesAccount).identity(identities(allow("s3:*", "*")))
                        .boundary(boundaryEc2).build(), IMPLICIT, PolicyType.BOUNDARY);
        add("federating user's ARN grants the federated user within session policy", FED, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesFedParent)
                        .session(List.of(policy(PolicyType.SESSION, allow("s3:*", "*")))).build(), ALLOW, null);
        add("federating user's ARN grant limited by missing session policy", FED, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesFedParent).build(), IMPLICIT, PolicyType.SESSION);
        add("resource policy for another action", ALICE, "s3:PutObject", s3,
                ApplicablePolicies.builder().resource(namesAlice).build(), IMPLICIT, PolicyType.IDENTITY);
        add("resource policy for another resource", ALICE, "s3:GetObject", "arn:aws:s3:::c/k",
                ApplicablePolicies.builder().resource(namesAlice).build(), IMPLICIT, PolicyType.IDENTITY);
        add("identity allow, resource policy silent", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(namesRole).identity(identities(ALLOW_ALL)).build(), ALLOW, null);
        // Cross account.
        String crossRes = "arn:aws:s3:::b/k";
        add("cross-account: resource grant alone is not enough", CAROL, "s3:GetObject", crossRes,
                b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + CAROL.arn() + "\"}", "Allow"))
                        .build(), IMPLICIT, PolicyType.IDENTITY);
        add("cross-account: resource grant + identity", CAROL, "s3:GetObject", crossRes, b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + CAROL.arn() + "\"}", "Allow"))
                        .identity(identities(allow("s3:GetObject", "*"))).build(), ALLOW, null);
        add("cross-account: account grant + identity", CAROL, "s3:GetObject", crossRes, b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + B + "\"}", "Allow"))
                        .identity(identities(allow("s3:GetObject", "*"))).build(), ALLOW, null);
        add("cross-account: identity alone is not enough", CAROL, "s3:GetObject", crossRes, b -> b.resourceAccount(A),
                ApplicablePolicies.builder().identity(identities(allow("s3:GetObject", "*"))).build(), IMPLICIT,
                PolicyType.RESOURCE);
        add("cross-account: resource names someone else", CAROL, "s3:GetObject", crossRes, b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(namesAlice).identity(identities(ALLOW_ALL)).build(), IMPLICIT,
                PolicyType.RESOURCE);
        add("cross-account: boundary still applies", CAROL, "s3:GetObject", crossRes, b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + CAROL.arn() + "\"}", "Allow"))
                        .identity(identities(ALLOW_ALL)).boundary(boundaryEc2).build(), IMPLICIT,
                PolicyType.BOUNDARY);
        add("cross-account: session via role ARN + identity", B_SESSION, "s3:GetObject", crossRes,
                b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + B_ROLE + "\"}", "Allow"))
                        .identity(identities(ALLOW_ALL)).build(), ALLOW, null);
        add("cross-account: root of other account needs the grant", B_ROOT, "s3:GetObject", crossRes,
                b -> b.resourceAccount(A), ids(), IMPLICIT, PolicyType.RESOURCE);
        add("cross-account: root of other account with grant", B_ROOT, "s3:GetObject", crossRes,
                b -> b.resourceAccount(A),
                ApplicablePolicies.builder().resource(resourcePolicy("{\"AWS\":\"" + B + "\"}", "Allow")).build(),
                ALLOW, null);
        add("cross-account: resource account from the ARN", CAROL, "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:" + A + ":q", ids(ALLOW_ALL), IMPLICIT, PolicyType.RESOURCE);
        // NotPrincipal.
        String np = "\"Action\":\"s3:*\",\"Resource\":\"*\"";
        Policy notAliceOnly = named(PolicyType.RESOURCE, "np", principal(stmt("Allow", np), "\"*\""),
                stmt("Deny", "\"NotPrincipal\":{\"AWS\":\"" + ALICE.arn() + "\"}," + np));
        Policy notAliceAndAccount = named(PolicyType.RESOURCE, "np", principal(stmt("Allow", np), "\"*\""),
                stmt("Deny", "\"NotPrincipal\":{\"AWS\":[\"" + ALICE.arn() + "\",\"" + A + "\"]}," + np));
        Policy notSessionFull = named(PolicyType.RESOURCE, "np", principal(stmt("Allow", np), "\"*\""),
                stmt("Deny", "\"NotPrincipal\":{\"AWS\":[\"" + SESSION.arn() + "\",\"" + ADMIN_ROLE
                        + "\",\"arn:aws:iam::" + A + ":root\"]}," + np));
        Policy notSessionOnly = named(PolicyType.RESOURCE, "np", principal(stmt("Allow", np), "\"*\""),
                stmt("Deny", "\"NotPrincipal\":{\"AWS\":[\"" + SESSION.arn() + "\",\"" + A + "\"]}," + np));
        add("NotPrincipal deny: user listed without account is still denied", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notAliceOnly).build(), EXPLICIT, PolicyType.RESOURCE);
        add("NotPrincipal deny: user and account listed", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notAliceAndAccount).build(), ALLOW, null);
        add("NotPrincipal deny: others denied", BOB, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notAliceAndAccount).build(), EXPLICIT, PolicyType.RESOURCE);
        add("NotPrincipal deny: anonymous denied", ANON, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notAliceAndAccount).build(), EXPLICIT, PolicyType.RESOURCE);
        add("NotPrincipal deny: session, role and account listed", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notSessionFull).build(), ALLOW, null);
        add("NotPrincipal deny: session without its role is denied", SESSION, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notSessionOnly).build(), EXPLICIT, PolicyType.RESOURCE);
        Policy notPrincipalAllow = named(PolicyType.RESOURCE, "np",
                stmt("Allow", "\"NotPrincipal\":{\"AWS\":\"" + BOB.arn() + "\"}," + np));
        add("NotPrincipal allow is an account-level grant", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notPrincipalAllow).build(), IMPLICIT, PolicyType.IDENTITY);
        add("NotPrincipal allow plus identity", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().resource(notPrincipalAllow).identity(identities(ALLOW_ALL)).build(), ALLOW,
                null);
        // Services and web identities only have the resource policy.
        add("service without resource policy", EC2, "s3:PutObject", s3, ids(ALLOW_ALL), IMPLICIT,
                PolicyType.RESOURCE);
        add("anonymous without resource policy", ANON, "s3:GetObject", s3, ids(), IMPLICIT, PolicyType.RESOURCE);
        add("resource policy with condition on principal tag", ALICE, "s3:GetObject", s3,
                b -> b.put("aws:PrincipalTag/team", "red"),
                ApplicablePolicies.builder().resource(named(PolicyType.RESOURCE, "bp", cond(principal(
                        allow("s3:GetObject", "arn:aws:s3:::b/*"), "\"*\""),
                        "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}"))).build(), ALLOW, null);
        add("resource policy with condition not met", ALICE, "s3:GetObject", s3,
                b -> b.put("aws:PrincipalTag/team", "blue"),
                ApplicablePolicies.builder().resource(named(PolicyType.RESOURCE, "bp", cond(principal(
                        allow("s3:GetObject", "arn:aws:s3:::b/*"), "\"*\""),
                        "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}"))).build(), IMPLICIT,
                PolicyType.IDENTITY);
    }

    // ---- sts:AssumeRole and trust policies ----

    private static Policy trust(String principal) {
        return named(PolicyType.TRUST, "trust", principal(stmt("Allow", "\"Action\":\"sts:AssumeRole\""), principal));
    }

    private static void trustRows() {
        String role = "arn:aws:iam::" + A + ":role/Target";
        String assume = "sts:AssumeRole";
        Policy namesAlice = trust("{\"AWS\":\"" + ALICE.arn() + "\"}");
        Policy namesAccount = trust("{\"AWS\":\"" + A + "\"}");
        Policy namesRoot = trust("{\"AWS\":\"arn:aws:iam::" + A + ":root\"}");
        Policy namesAdminRole = trust("{\"AWS\":\"" + ADMIN_ROLE + "\"}");
        Policy namesCarol = trust("{\"AWS\":\"" + CAROL.arn() + "\"}");
        Policy namesB = trust("{\"AWS\":\"" + B + "\"}");
        Policy namesEc2 = trust("{\"Service\":\"ec2.amazonaws.com\"}");
        Policy namesGoogle = named(PolicyType.TRUST, "trust", principal(stmt("Allow",
                "\"Action\":\"sts:AssumeRoleWithWebIdentity\""), "{\"Federated\":\"accounts.google.com\"}"));
        Policy externalId = named(PolicyType.TRUST, "trust", cond(principal(stmt("Allow",
                "\"Action\":\"sts:AssumeRole\""), "{\"AWS\":\"" + B + "\"}"),
                "{\"StringEquals\":{\"sts:ExternalId\":\"secret\"}}"));
        Policy trustDeny = named(PolicyType.TRUST, "trust", principal(stmt("Allow", "\"Action\":\"sts:AssumeRole\""),
                "{\"AWS\":\"" + A + "\"}"), principal(stmt("Deny", "\"Action\":\"sts:AssumeRole\""),
                "{\"AWS\":\"" + BOB.arn() + "\"}"));
        Policy idAssume = identity(allow("sts:AssumeRole", role));
        Policy idAssumeOther = identity(allow("sts:AssumeRole", "arn:aws:iam::" + A + ":role/Other"));
        Policy idDeny = identity(ALLOW_ALL, deny("sts:AssumeRole", "*"));
        Policy boundaryEc2 = named(PolicyType.BOUNDARY, "boundary", allow("ec2:*", "*"));
        Object[][] rows = {
            {"trust names user, no identity policy", ALICE, namesAlice, List.of(), null, ALLOW, null},
            {"trust names user, identity deny", ALICE, namesAlice, List.of(idDeny), null, EXPLICIT, PolicyType.IDENTITY},
            {"trust names user, boundary does not limit", ALICE, namesAlice, List.of(), boundaryEc2, ALLOW, null},
            {"trust names account, no identity policy", ALICE, namesAccount, List.of(), null, IMPLICIT, PolicyType.IDENTITY},
            {"trust names account, identity allows", ALICE, namesAccount, List.of(idAssume), null, ALLOW, null},
            {"trust names account root, identity allows", ALICE, namesRoot, List.of(idAssume), null, ALLOW, null},
            {"trust names account, identity allows other role", ALICE, namesAccount, List.of(idAssumeOther), null, IMPLICIT, PolicyType.IDENTITY},
            {"trust names account, boundary limits", ALICE, namesAccount, List.of(idAssume), boundaryEc2, IMPLICIT, PolicyType.BOUNDARY},
            {"trust names other user, identity allows", BOB, namesAlice, List.of(idAssume), null, IMPLICIT, PolicyType.TRUST},
            {"trust names role, session of it", SESSION, namesAdminRole, List.of(), null, ALLOW, null},
            {"trust names role, session limited by boundary", SESSION, namesAdminRole, List.of(), boundaryEc2, IMPLICIT, PolicyType.BOUNDARY},
            {"trust names role, other principal", ALICE, namesAdminRole, List.of(ALLOW_ALL_POLICY), null, IMPLICIT, PolicyType.TRUST},
            {"no trust grant, identity allows everything", ALICE, trust("{\"Service\":\"ec2.amazonaws.com\"}"), List.of(ALLOW_ALL_POLICY), null, IMPLICIT, PolicyType.TRUST},
            {"cross-account: trust names account + identity", CAROL, namesB, List.of(idAssume), null, ALLOW, null},
            {"cross-account: trust names account, no identity", CAROL, namesB, List.of(), null, IMPLICIT, PolicyType.IDENTITY},
            {"cross-account: trust names user + identity", CAROL, namesCarol, List.of(idAssume), null, ALLOW, null},
            {"cross-account: trust names user, no identity", CAROL, namesCarol, List.of(), null, IMPLICIT, PolicyType.IDENTITY},
            {"cross-account: identity but no trust", CAROL, namesAlice, List.of(idAssume), null, IMPLICIT, PolicyType.TRUST},
            {"cross-account: session of other account via account", B_SESSION, namesB, List.of(idAssume), null, ALLOW, null},
            {"cross-account: root of other account", B_ROOT, namesB, List.of(), null, ALLOW, null},
            {"service principal", EC2, namesEc2, List.of(), null, ALLOW, null},
            {"service principal not trusted", EC2, namesAccount, List.of(), null, IMPLICIT, PolicyType.TRUST},
            {"trust deny for bob", BOB, trustDeny, List.of(ALLOW_ALL_POLICY), null, EXPLICIT, PolicyType.TRUST},
            {"trust deny does not touch alice", ALICE, trustDeny, List.of(ALLOW_ALL_POLICY), null, ALLOW, null},
        };
        for (Object[] r : rows) {
            ApplicablePolicies.Builder b = ApplicablePolicies.builder().resource((Policy) r[2]);
            @SuppressWarnings("unchecked")
            List<Policy> idp = (List<Policy>) r[3];
            b.identity(idp);
            if (r[4] != null) {
                b.boundary((Policy) r[4]);
            }
            add("AssumeRole: " + r[0], (Principal) r[1], assume, role, b.build(), (Outcome) r[5], (PolicyType) r[6]);
        }
        add("AssumeRoleWithWebIdentity from google", GOOGLE, "sts:AssumeRoleWithWebIdentity", role,
                ApplicablePolicies.builder().resource(namesGoogle).build(), ALLOW, null);
        add("AssumeRoleWithWebIdentity: action not trusted", GOOGLE, "sts:AssumeRole", role,
                ApplicablePolicies.builder().resource(namesGoogle).build(), IMPLICIT, PolicyType.TRUST);
        add("ExternalId matches", CAROL, assume, role, b -> b.put("sts:ExternalId", "secret"),
                ApplicablePolicies.builder().resource(externalId).identity(List.of(idAssume)).build(), ALLOW, null);
        add("ExternalId wrong", CAROL, assume, role, b -> b.put("sts:ExternalId", "guess"),
                ApplicablePolicies.builder().resource(externalId).identity(List.of(idAssume)).build(), IMPLICIT,
                PolicyType.TRUST);
        add("ExternalId missing", CAROL, assume, role,
                ApplicablePolicies.builder().resource(externalId).identity(List.of(idAssume)).build(), IMPLICIT,
                PolicyType.TRUST);
        add("TagSession needs its own trust grant", ALICE, "sts:TagSession", role,
                ApplicablePolicies.builder().resource(namesAlice).build(), IMPLICIT, PolicyType.TRUST);
    }


    // ---- organizations ----

    private static void organizationRows() {
        String s3 = "arn:aws:s3:::b/k";
        Policy full = named(PolicyType.SCP, "FullAWSAccess", ALLOW_ALL);
        Policy s3Only = named(PolicyType.SCP, "s3-only", allow("s3:*", "*"));
        Policy ec2Only = named(PolicyType.SCP, "ec2-only", allow("ec2:*", "*"));
        Policy denyS3 = named(PolicyType.SCP, "deny-s3", deny("s3:*", "*"));
        Policy denyOutsideRegion = named(PolicyType.SCP, "region", cond(deny("*", "*"),
                "{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\"]}}"));
        Policy rcpFull = named(PolicyType.RCP, "RCPFullAWSAccess", principal(ALLOW_ALL, "\"*\""));
        Policy rcpDenyExternal = named(PolicyType.RCP, "rcp-org", principal(cond(deny("s3:*", "*"),
                "{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-123\"}}"), "\"*\""));
        Policy rcpEc2 = named(PolicyType.RCP, "rcp-ec2", principal(allow("ec2:*", "*"), "\"*\""));
        List<Policy> idAll = identities(ALLOW_ALL);
        Object[][] rows = {
            {"SCP full access", List.of(List.of(full)), List.of(), ALICE, ALLOW, null},
            {"SCP allows s3", List.of(List.of(s3Only)), List.of(), ALICE, ALLOW, null},
            {"SCP does not allow s3", List.of(List.of(ec2Only)), List.of(), ALICE, IMPLICIT, PolicyType.SCP},
            {"SCP: one of two at a level", List.of(List.of(ec2Only, s3Only)), List.of(), ALICE, ALLOW, null},
            {"SCP: every level must allow", List.of(List.of(full), List.of(ec2Only)), List.of(), ALICE, IMPLICIT, PolicyType.SCP},
            {"SCP: two levels allow", List.of(List.of(full), List.of(s3Only)), List.of(), ALICE, ALLOW, null},
            {"SCP deny", List.of(List.of(full, denyS3)), List.of(), ALICE, EXPLICIT, PolicyType.SCP},
            {"SCP deny applies to root", List.of(List.of(full, denyS3)), List.of(), ROOT, EXPLICIT, PolicyType.SCP},
            {"SCP limit applies to root", List.of(List.of(ec2Only)), List.of(), ROOT, IMPLICIT, PolicyType.SCP},
            {"SCP region deny", List.of(List.of(full, denyOutsideRegion)), List.of(), ALICE, EXPLICIT, PolicyType.SCP},
            {"RCP full", List.of(), List.of(List.of(rcpFull)), ALICE, ALLOW, null},
            {"RCP without allow", List.of(), List.of(List.of(rcpEc2)), ALICE, IMPLICIT, PolicyType.RCP},
            {"RCP deny outside org", List.of(), List.of(List.of(rcpFull, rcpDenyExternal)), ALICE, EXPLICIT, PolicyType.RCP},
            {"RCP and SCP", List.of(List.of(full)), List.of(List.of(rcpFull)), ALICE, ALLOW, null},
            {"RCP deny beats SCP allow", List.of(List.of(full)), List.of(List.of(rcpFull, rcpDenyExternal)), SESSION, EXPLICIT, PolicyType.RCP},
        };
        for (Object[] r : rows) {
            @SuppressWarnings("unchecked")
            List<List<Policy>> scps = (List<List<Policy>>) r[1];
            @SuppressWarnings("unchecked")
            List<List<Policy>> rcps = (List<List<Policy>>) r[2];
            add("organizations: " + r[0], (Principal) r[3], "s3:GetObject", s3,
                    b -> b.put("aws:RequestedRegion", "us-east-1"),
                    ApplicablePolicies.builder().identity(idAll).scps(scps).rcps(rcps).build(), (Outcome) r[4],
                    (PolicyType) r[5]);
        }
        add("organizations: region allowed", ALICE, "s3:GetObject", s3, b -> b.put("aws:RequestedRegion", "eu-west-1"),
                ApplicablePolicies.builder().identity(idAll).scps(List.of(List.of(full, denyOutsideRegion))).build(),
                ALLOW, null);
        add("organizations: RCP deny spares org members", ALICE, "s3:GetObject", s3,
                b -> b.put("aws:PrincipalOrgID", "o-123"),
                ApplicablePolicies.builder().identity(idAll).rcps(List.of(List.of(rcpFull, rcpDenyExternal))).build(),
                ALLOW, null);
        add("organizations: SCP does not grant", ALICE, "s3:GetObject", s3,
                ApplicablePolicies.builder().scps(List.of(List.of(full))).build(), IMPLICIT, PolicyType.IDENTITY);
    }

    // ---- several conditions, keys and values together ----

    private static void combinationRows() {
        String s3 = "arn:aws:s3:::b/k";
        String two = "{\"StringEquals\":{\"k:a\":\"1\",\"k:b\":\"2\"}}";
        String ops = "{\"StringEquals\":{\"k:a\":\"1\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}";
        String vals = "{\"StringEquals\":{\"k:a\":[\"1\",\"2\",\"3\"]}}";
        Object[][] rows = {
            {"two keys both match", two, Map.of("k:a", "1", "k:b", "2"), ALLOW},
            {"two keys one matches", two, Map.of("k:a", "1", "k:b", "3"), IMPLICIT},
            {"two keys one missing", two, Map.of("k:a", "1"), IMPLICIT},
            {"two operators both hold", ops, Map.of("k:a", "1", "aws:SecureTransport", "true"), ALLOW},
            {"two operators one fails", ops, Map.of("k:a", "1", "aws:SecureTransport", "false"), IMPLICIT},
            {"values OR first", vals, Map.of("k:a", "1"), ALLOW},
            {"values OR last", vals, Map.of("k:a", "3"), ALLOW},
            {"values OR none", vals, Map.of("k:a", "4"), IMPLICIT},
            {"keys case-insensitive", "{\"StringEquals\":{\"K:A\":\"1\"}}", Map.of("k:a", "1"), ALLOW},
            {"ForAllValues with Null guard, key absent",
                "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\"]},\"Null\":{\"aws:TagKeys\":\"false\"}}",
                Map.of(), IMPLICIT},
        };
        for (Object[] r : rows) {
            @SuppressWarnings("unchecked")
            Map<String, String> ctx = new LinkedHashMap<>((Map<String, String>) r[2]);
            add("combination: " + r[0], ALICE, "s3:GetObject", s3, b -> ctx.forEach(b::put),
                    ids(cond(allow("s3:GetObject", "*"), (String) r[1])), (Outcome) r[3], null);
        }
    }

    @TestFactory
    Stream<DynamicTest> matrix() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name, c::check));
    }

    @Test
    void matrixIsLargeEnough() {
        org.junit.jupiter.api.Assertions.assertTrue(CASES.size() >= 300, "only " + CASES.size() + " cases");
        System.out.println("decision matrix cases: " + CASES.size());
    }
}
