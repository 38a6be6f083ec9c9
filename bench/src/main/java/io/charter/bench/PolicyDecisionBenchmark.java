package io.charter.bench;

import io.charter.policy.ApplicablePolicies;
import io.charter.policy.ContextType;
import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Outcome;
import io.charter.policy.Policy;
import io.charter.policy.PolicyEngine;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One policy decision on the request path ({@link PolicyEngine#decide}), for a typical principal
 * (10 policies, 100 statements, all with conditions, over 10 services) and a large one (50
 * policies, 5,000 statements over 100 services). Policies are compiled in setup, as the server
 * compiles them when they are written.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {
    private static final String ACCOUNT = "111122223333";
    private static final String[] SERVICES = {"s3", "ec2", "iam", "sqs", "sns", "dynamodb", "lambda", "kms", "logs",
        "sts"};

    private RequestContext request;
    private RequestContext deniedRequest;
    private ApplicablePolicies typical;
    private ApplicablePolicies large;

    @Setup
    public void setup() {
        Principal alice = Principal.assumedRole("arn:aws:sts::" + ACCOUNT + ":assumed-role/Dev/alice",
                "arn:aws:iam::" + ACCOUNT + ":role/Dev", "AROADEV");
        request = context(alice, "s3:GetObject", "arn:aws:s3:::bucket-3/reports/2024/q1.csv", "10.1.2.3");
        deniedRequest = context(alice, "s3:GetObject", "arn:aws:s3:::bucket-3/reports/2024/q1.csv", "192.0.2.1");

        List<Policy> identity = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            identity.add(policy(PolicyType.IDENTITY, p, 10, SERVICES));
        }
        Policy boundary = policy(PolicyType.BOUNDARY, 8, 10, SERVICES);
        Policy scp = policy(PolicyType.SCP, 9, 10, SERVICES);
        typical = ApplicablePolicies.builder().identity(identity).boundary(boundary).scps(List.of(List.of(scp)))
                .build();

        String[] many = new String[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = i < SERVICES.length ? SERVICES[i] : "svc" + i;
        }
        List<Policy> largeIdentity = new ArrayList<>();
        for (int p = 0; p < 48; p++) {
            largeIdentity.add(policy(PolicyType.IDENTITY, p, 100, many));
        }
        large = ApplicablePolicies.builder().identity(largeIdentity)
                .boundary(policy(PolicyType.BOUNDARY, 48, 100, many))
                .scps(List.of(List.of(policy(PolicyType.SCP, 49, 100, many)))).build();

        check(PolicyEngine.decide(request, typical), Outcome.ALLOW);
        check(PolicyEngine.decide(request, large), Outcome.ALLOW);
        check(PolicyEngine.decide(deniedRequest, typical), Outcome.EXPLICIT_DENY);
    }

    private static void check(Decision d, Outcome expected) {
        if (d.outcome() != expected) {
            throw new IllegalStateException("benchmark fixture decides " + d.outcome() + ": " + d.explanation());
        }
    }

    private static RequestContext context(Principal p, String action, String resource, String ip) {
        return RequestContext.builder(p, action, resource)
                .resourceAccount(ACCOUNT)
                .put("aws:PrincipalTag/team", "analytics")
                .put("aws:SourceIp", ContextValue.ip(ip))
                .put("aws:SecureTransport", ContextValue.bool(true))
                .put("aws:CurrentTime", ContextValue.of(ContextType.DATE, List.of("2024-05-01T12:00:00Z"), false))
                .put("aws:RequestedRegion", "eu-west-1")
                .put("aws:MultiFactorAuthPresent", ContextValue.bool(true))
                .put("aws:ViaAWSService", ContextValue.bool(false))
                .put("s3:prefix", "reports/")
                .build();
    }

    /**
     * A policy of {@code n} statements cycling through the services: Allows of read actions on
     * the service's resources under tag, IP, TLS and time conditions, and every tenth statement a
     * Deny outside the corporate network.
     */
    private static Policy policy(PolicyType type, int seed, int n, String[] services) {
        StringBuilder b = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < n; i++) {
            String svc = services[(i + seed) % services.length];
            if (i > 0) {
                b.append(',');
            }
            if (i % 10 == 9) {
                b.append("{\"Sid\":\"DenyOutside").append(i).append("\",\"Effect\":\"Deny\",\"Action\":\"").append(svc)
                        .append(":*\",\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":"
                                + "[\"10.0.0.0/8\",\"172.16.0.0/12\"]},\"Bool\":{\"aws:ViaAWSService\":\"false\"}}}");
                continue;
            }
            // Guard rails (boundary, SCP) allow the whole service; identity policies name buckets.
            String resource = svc.equals("s3") && type != PolicyType.IDENTITY ? "arn:aws:s3:::*"
                    : svc.equals("s3") ? "arn:aws:s3:::bucket-" + (i % 5) + "/*"
                    : svc.equals("iam") ? "arn:aws:iam::" + ACCOUNT + ":role/res-" + i + "/*"
                    : "arn:aws:" + svc + ":*:" + ACCOUNT + ":res-" + i + "/*";
            b.append("{\"Sid\":\"Read").append(i).append("\",\"Effect\":\"Allow\",\"Action\":[\"").append(svc)
                    .append(":Get*\",\"").append(svc).append(":List*\",\"").append(svc).append(":Describe*\"],")
                    .append("\"Resource\":[\"").append(resource).append("\"],\"Condition\":{")
                    .append("\"StringEquals\":{\"aws:PrincipalTag/team\":[\"analytics\",\"${aws:username}\"]},")
                    .append("\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]},")
                    .append("\"Bool\":{\"aws:SecureTransport\":\"true\"},")
                    .append("\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"},")
                    .append("\"StringLikeIfExists\":{\"s3:prefix\":[\"reports/*\",\"public/*\"]}}}");
        }
        b.append("]}");
        return Policy.parse(b.toString(), type, Integer.MAX_VALUE).orThrow().withName(type + "-" + seed);
    }

    /** About 10 policies, 100 statements with conditions: the target is 1 µs median. */
    @Benchmark
    public Decision typicalAllow() {
        return PolicyEngine.decide(request, typical);
    }

    /** The same principal, explicitly denied by a network condition. */
    @Benchmark
    public Decision typicalExplicitDeny() {
        return PolicyEngine.decide(deniedRequest, typical);
    }

    /** 50 policies, 5,000 statements: the target is 20 µs median. */
    @Benchmark
    public Decision largeAllow() {
        return PolicyEngine.decide(request, large);
    }
}
