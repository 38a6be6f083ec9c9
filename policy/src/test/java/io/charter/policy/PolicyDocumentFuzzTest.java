package io.charter.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of the policy parser, validator, compiler and engine (Jazzer; see
 * docs/FUZZING.md). A normal build runs the seeds in {@code PolicyDocumentFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them.
 *
 * <p>The invariant: any text, read as each policy type, gives a parse result and never an
 * exception; a result is valid exactly when it holds a policy and has no errors; each error is
 * one line that names no Java type unless the input did; a valid policy keeps the text byte for byte and evaluates
 * (decide and explain agree) against a request whose context values have the wrong types.
 */
class PolicyDocumentFuzzTest {
    private static final RequestContext REQUEST = RequestContext.builder(Fixture.ALICE, "s3:GetObject",
                    "arn:aws:s3:::b/alice/k")
            .put("k:n", "zz")
            .put("aws:SourceIp", "not-ip")
            .put("aws:CurrentTime", "yesterday")
            .put("aws:SecureTransport", "maybe")
            .build();

    /** Words of a Java type or stack trace, unless the input itself holds them (findings quote it). */
    private static final List<String> INTERNALS = List.of("Exception", "java.", "com.fasterxml", "io.charter",
            "\tat ");

    @FuzzTest(maxDuration = "2m")
    void policyDocument(byte[] input) {
        String text = new String(input, UTF_8);
        for (PolicyType type : PolicyType.values()) {
            ParseResult result = Policy.parse(text, type, 1 << 16);
            assertEquals(result.isValid(), result.policy().isPresent());
            assertEquals(result.isValid(), result.errors().isEmpty());
            for (Finding finding : result.errors()) {
                assertFalse(finding.message().isBlank(), finding::toString);
                assertFalse(finding.message().contains("\n"), finding::message);
                assertNamesNoInternals(text, finding.message());
                assertNamesNoInternals(text, finding.detail());
            }
            result.policy().ifPresent(policy -> {
                assertEquals(text, policy.text());
                ApplicablePolicies applicable = switch (type) {
                    case RESOURCE, TRUST -> ApplicablePolicies.builder().resource(policy).build();
                    case RCP -> ApplicablePolicies.builder().rcps(List.of(List.of(policy))).build();
                    default -> ApplicablePolicies.identity(List.of(policy));
                };
                Decision decided = PolicyEngine.decide(REQUEST, applicable);
                Decision explained = PolicyEngine.explain(REQUEST, applicable);
                assertEquals(decided.outcome(), explained.outcome());
                assertNotNull(explained.explanation());
            });
        }
    }

    private static void assertNamesNoInternals(String input, String sentence) {
        for (String internal : INTERNALS) {
            assertFalse(sentence.contains(internal) && !input.contains(internal), sentence);
        }
    }
}
