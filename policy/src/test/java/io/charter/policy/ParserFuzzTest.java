package io.charter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Hostile or malformed documents give findings, never exceptions; whatever compiles evaluates. */
class ParserFuzzTest {
    private static final String SEED = """
            {"Version":"2012-10-17","Id":"x","Statement":[
              {"Sid":"A1","Effect":"Allow","Action":["s3:Get*","iam:*"],"Resource":"arn:aws:s3:::b/${aws:username}/*",
               "Condition":{"StringEquals":{"aws:PrincipalTag/team":["a","${aws:username}"]},
                            "ForAnyValue:StringLike":{"aws:TagKeys":"x*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
                            "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"Null":{"k:x":"false"},
                            "NumericLessThanIfExists":{"k:n":"3"},"Bool":{"aws:SecureTransport":true},
                            "BinaryEquals":{"k:b":"AQID"},"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}},
              {"Effect":"Deny","NotAction":"sts:*","NotResource":["arn:aws:iam::111122223333:role/*"]}]}""";

    private static final String RESOURCE_SEED = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333",
            "arn:aws:iam::111122223333:user/alice","arn:aws:sts::111122223333:assumed-role/R/s"],
            "Service":"ec2.amazonaws.com","Federated":"accounts.google.com"},"Action":"s3:*","Resource":"*"},
            {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]}""";

    @Test
    void seedsAreValid() {
        assertTrue(Policy.parse(SEED, PolicyType.IDENTITY).isValid(), () -> Policy.parse(SEED, PolicyType.IDENTITY)
                .errors().toString());
        assertTrue(Policy.parse(RESOURCE_SEED, PolicyType.RESOURCE).isValid(),
                () -> Policy.parse(RESOURCE_SEED, PolicyType.RESOURCE).errors().toString());
    }

    static void parseEverywhere(String text) {
        for (PolicyType type : PolicyType.values()) {
            ParseResult r = Policy.parse(text, type, 1 << 20);
            assertEquals(r.isValid(), r.policy().isPresent());
            assertEquals(r.isValid(), r.errors().isEmpty());
            for (Finding f : r.errors()) {
                assertFalse(f.message().isBlank());
                assertFalse(f.message().contains("\n"), f.message());
                assertFalse(f.detail().contains("Exception"), f.detail());
            }
            r.policy().ifPresent(p -> {
                assertEquals(text, p.text()); // kept byte for byte
                evaluate(p);
            });
        }
    }

    static void evaluate(Policy p) {
        RequestContext r = RequestContext.builder(Fixture.ALICE, "s3:GetObject", "arn:aws:s3:::b/alice/k")
                .put("k:n", "zz").put("aws:SourceIp", "not-ip").build();
        ApplicablePolicies ap = switch (p.type()) {
            case RESOURCE, TRUST -> ApplicablePolicies.builder().resource(p).build();
            case RCP -> ApplicablePolicies.builder().rcps(List.of(List.of(p))).build();
            default -> ApplicablePolicies.identity(List.of(p));
        };
        PolicyEngine.decide(r, ap);
        PolicyEngine.explain(r, ap);
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<String> seed = Arbitraries.of(SEED, RESOURCE_SEED);
        return seed.flatMap(s -> Arbitraries.integers().between(0, s.length()).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(positions -> Arbitraries.strings().withChars("{}[]\":,*?$\\ \u0000aZ0-/\ud800")
                        .ofMaxLength(3).list().ofSize(positions.size()).map(inserts -> {
                            StringBuilder b = new StringBuilder(s);
                            for (int i = 0; i < positions.size(); i++) {
                                int at = Math.min(positions.get(i), b.length());
                                int cut = Math.min(b.length(), at + (inserts.get(i).length() % 3));
                                b.replace(at, cut, inserts.get(i));
                            }
                            return b.toString();
                        })));
    }

    @Property(tries = 2000)
    void mutatedDocumentsNeverThrow(@ForAll("mutants") String text) {
        parseEverywhere(text);
    }

    @Property(tries = 500)
    void randomTextNeverThrows(@ForAll String text) {
        parseEverywhere(text);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> leaf = Arbitraries.oneOf(Arbitraries.of("\"*\"", "\"Allow\"", "\"Deny\"", "1", "true",
                "null", "\"s3:Get*\"", "\"arn:aws:s3:::b\"", "\"2012-10-17\"", "\"${aws:username}\"", "{}", "[]",
                "\"StringEquals\"", "\"Version\"", "\"Statement\"", "\"Effect\"", "\"Action\"", "\"Resource\"",
                "\"Principal\"", "\"Condition\"", "-1e999", "\"\\u0000\""));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.of("Version", "Statement", "Effect", "Action", "NotAction", "Resource", "Principal",
                        "Condition", "StringEquals", "ForAllValues:StringLike", "Null", "AWS", "Sid", "x")
                        .list().ofMaxSize(4).uniqueElements()
                        .flatMap(keys -> inner.list().ofSize(keys.size()).map(vals -> {
                            StringBuilder b = new StringBuilder("{");
                            for (int i = 0; i < keys.size(); i++) {
                                b.append(i > 0 ? "," : "").append('"').append(keys.get(i)).append("\":")
                                        .append(vals.get(i));
                            }
                            return b.append('}').toString();
                        }))), 4);
    }

    @Property(tries = 2000)
    void structuredGarbageNeverThrows(@ForAll("jsonish") String text) {
        parseEverywhere(text);
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        ParseResult r = Policy.parse(deep, PolicyType.IDENTITY);
        assertFalse(r.isValid());
        String deepObj = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        assertFalse(Policy.parse(deepObj, PolicyType.IDENTITY).isValid());
    }

    @Test
    void hugeAndOddInputsAreRefused() {
        assertFalse(Policy.parse(null, PolicyType.IDENTITY).isValid());
        assertFalse(Policy.parse("", PolicyType.IDENTITY).isValid());
        assertFalse(Policy.parse("x".repeat(2_000_000), PolicyType.IDENTITY).isValid());
        assertFalse(Policy.parse("{\"Version\":\"2012-10-17\"} {}", PolicyType.IDENTITY).isValid());
        assertFalse(Policy.parse("{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\"}", PolicyType.IDENTITY)
                .isValid());
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 50_000; i++) {
            many.append(i > 0 ? "," : "").append("\"k").append(i).append("\":1");
        }
        assertFalse(Policy.parse(many.append('}').toString(), PolicyType.IDENTITY).isValid());
        String wildcards = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:"
                + "*a".repeat(500) + "\",\"Resource\":\"*\"}}";
        ParseResult r = Policy.parse(wildcards, PolicyType.IDENTITY, 1 << 20);
        assertTrue(r.isValid());
        long start = System.nanoTime();
        PolicyEngine.decide(RequestContext.builder(Fixture.ALICE, "s3:" + "a".repeat(499) + "b", "*").build(),
                ApplicablePolicies.identity(List.of(r.orThrow())));
        // Linear matching: this would take geological time with a backtracking regex.
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }
}
