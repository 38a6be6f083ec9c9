package io.charter.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decision allocates the same whether the principal has 1 or 400 policies that cannot match the
 * action: statements are indexed by service, and nothing is allocated per policy visited.
 */
class AllocationTest {
    private static long allocatedPerDecision(RequestContext r, ApplicablePolicies p) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            PolicyEngine.decide(r, p); // warm up: let escape analysis settle
        }
        long id = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(id);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            PolicyEngine.decide(r, p);
        }
        return (bean.getThreadAllocatedBytes(id) - before) / n;
    }

    private static ApplicablePolicies withUnrelated(int unrelated) {
        List<Policy> identity = new ArrayList<>();
        identity.add(Fixture.identity(Fixture.cond(Fixture.allow("s3:GetObject", "arn:aws:s3:::b/*"),
                "{\"StringEquals\":{\"aws:PrincipalTag/team\":[\"red\",\"${aws:username}\"]}}")));
        for (int i = 0; i < unrelated; i++) {
            identity.add(Fixture.identity(Fixture.cond(Fixture.allow("ec2:Describe*", "*"),
                    "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"), Fixture.deny("iam:*", "*")));
        }
        return ApplicablePolicies.identity(identity);
    }

    @Test
    void allocationDoesNotGrowWithPoliciesThatCannotMatch() {
        RequestContext r = RequestContext.builder(Fixture.ALICE, "s3:GetObject", "arn:aws:s3:::b/k")
                .put("aws:PrincipalTag/team", "red").build();
        long one = allocatedPerDecision(r, withUnrelated(0));
        long many = allocatedPerDecision(r, withUnrelated(400));
        System.out.println("allocation per decision: " + one + " B with 1 policy, " + many + " B with 401");
        assertTrue(many <= one + 16, "1 policy: " + one + " B, 401 policies: " + many + " B per decision");
        assertTrue(one < 1_024, one + " B per decision");
    }
}
