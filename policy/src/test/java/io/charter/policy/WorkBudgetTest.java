package io.charter.policy;

import static io.charter.policy.Fixture.ALICE;
import static io.charter.policy.Fixture.ALLOW_ALL;
import static io.charter.policy.Fixture.allow;
import static io.charter.policy.Fixture.cond;
import static io.charter.policy.Fixture.deny;
import static io.charter.policy.Fixture.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One evaluation does at most {@link PolicyEngine#WORK_BUDGET} steps, whatever the sizes of the
 * policies and of the request: a hostile wildcard against a long value stops early and fails
 * closed (a Deny it could not finish applies, an Allow does not).
 */
class WorkBudgetTest {
    /**
     * {@code *aa…ab}: against a run of {@code a}s the match compares the whole literal at every
     * position of the value before it fails: 4,000 × 100,000 steps unbounded.
     */
    private static final String HOSTILE = "*" + "a".repeat(4_000) + "b";
    private static final String LONG_VALUE = "a".repeat(100_000);

    private static RequestContext request() {
        return RequestContext.builder(ALICE, "s3:GetObject", "arn:aws:s3:::bucket/key")
                .put("aws:useragent", LONG_VALUE).build();
    }

    private static String likeCondition(String effect) {
        String statement = effect.equals("Allow") ? allow("s3:GetObject", "*") : deny("s3:GetObject", "*");
        return cond(statement, "{\"StringLike\":{\"aws:UserAgent\":\"" + HOSTILE + "\"}}");
    }

    @Test
    void anOrdinaryDecisionSpendsAHandfulOfSteps() {
        Decision d = PolicyEngine.decide(request(), ApplicablePolicies.identity(List.of(identity(ALLOW_ALL))));

        assertTrue(d.isAllowed());
        assertFalse(d.exceededWorkBudget());
        assertTrue(d.work().steps() < 10, "steps: " + d.work().steps());
    }

    @Test
    void aHostileAllowStopsAtTheBudgetAndDoesNotAllow() {
        Decision d = PolicyEngine.decide(request(),
                ApplicablePolicies.identity(List.of(identity(likeCondition("Allow")))));

        assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
        assertTrue(d.exceededWorkBudget());
        assertEquals(PolicyEngine.WORK_BUDGET + 1, d.work().steps());
        assertTrue(d.explanation().contains("ran out of its work budget of 1000000 steps"), d.explanation());
    }

    @Test
    void aHostileDenyThatCannotBeFinishedApplies() {
        Decision d = PolicyEngine.decide(request(),
                ApplicablePolicies.identity(List.of(identity(ALLOW_ALL, likeCondition("Deny")))));

        assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
        assertTrue(d.exceededWorkBudget());
    }

    @Test
    void aHostileStringNotLikeAllowDoesNotApplyEither() {
        String notLike = cond(allow("s3:GetObject", "*"),
                "{\"StringNotLike\":{\"aws:UserAgent\":\"" + HOSTILE + "\"}}");
        Decision d = PolicyEngine.explain(request(), ApplicablePolicies.identity(List.of(identity(notLike))));

        assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
        assertTrue(d.exceededWorkBudget());
    }

    @Test
    void theBudgetBoundsManyConditionsAsWellAsOneLongMatch() {
        // The simulator's custom policies may hold 131,072 characters each.
        String values = "[" + String.join(",", Collections.nCopies(20_000, "\"x*y\"")) + "]";
        String many = cond(allow("s3:GetObject", "*"),
                "{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":" + values + "}}");
        Policy big = Policy.parse(Fixture.doc(many), PolicyType.IDENTITY, 131_072).orThrow();
        RequestContext hundredKeys = RequestContext.builder(ALICE, "s3:GetObject", "arn:aws:s3:::bucket/key")
                .put("aws:tagkeys", ContextValue.strings(Collections.nCopies(100, "z"))).build();
        Decision d = PolicyEngine.explain(hundredKeys, ApplicablePolicies.identity(List.of(big)));

        assertFalse(d.isAllowed());
        assertTrue(d.exceededWorkBudget());
    }
}
