package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of botocore's {@code input-query.json}: the serialized request decodes to exactly the
 * typed value its {@code params} describe.
 */
class InputVectorTest {
    /** Cases that test client-only behaviour, with the reason. Every other case runs. */
    static final Map<String, String> SKIPPED = Map.of(
            "SDKAppliedContentEncoding_awsQuery",
            "client-side request compression: the case has no serialized body, only a Content-Encoding header",
            "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery",
            "client-side request compression: the case has no serialized body, only a Content-Encoding header",
            "QueryProtocolIdempotencyTokenAutoFill",
            "the client invents the idempotency token; params are empty but the body carries the generated token");

    @TestFactory
    List<DynamicTest> inputVectors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : TestSupport.readVectors("input-query.json")) {
            for (JsonNode testCase : suite.get("cases")) {
                String id = testCase.get("id").asText();
                if (SKIPPED.containsKey(id)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(id, () -> check(suite, testCase)));
            }
        }
        assertEquals(35, tests.size(), "input vector cases run");
        return tests;
    }

    @Test
    void skippedCasesExist() {
        Set<String> ids = new HashSet<>();
        for (JsonNode suite : TestSupport.readVectors("input-query.json")) {
            suite.get("cases").forEach(c -> ids.add(c.get("id").asText()));
        }
        assertTrue(ids.containsAll(SKIPPED.keySet()), "every skipped case id exists in the vectors");
    }

    private static void check(JsonNode suite, JsonNode testCase) {
        ServiceModel model = TestSupport.vectorModel(suite, testCase);
        QueryCodec codec = QueryCodec.of(List.of(model));
        JsonNode serialized = testCase.get("serialized");
        FormParameters params = FormParameters.parseForm(serialized.get("body").asText().getBytes(StandardCharsets.UTF_8));
        String uri = serialized.path("uri").asText("/");
        assertTrue(uri.indexOf('?') < 0, "no vector carries parameters in the URI (GET); extend the test if one does");

        DecodedRequest decoded = codec.decode(params, Optional.of("vector"));

        OperationModel operation = model.operation(testCase.get("given").get("name").asText()).orElseThrow();
        assertEquals(operation, decoded.operation());
        StructValue expected = operation.input()
                .map(shape -> withoutEmptyMaps(TestSupport.struct(shape, testCase.get("params"))))
                .orElse(StructValue.EMPTY);
        assertEquals(expected, decoded.input());
    }

    /**
     * awsQuery cannot carry an empty map (QueryEmptyQueryMaps: "Does not serialize empty query
     * maps"), unlike an empty list ({@code Name=}); the server sees no member at all.
     */
    private static StructValue withoutEmptyMaps(StructValue value) {
        StructValue.Builder b = StructValue.builder();
        value.members().forEach((name, v) -> {
            if (!(v instanceof MapValue m && m.entries().isEmpty())) {
                b.put(name, v instanceof StructValue s ? withoutEmptyMaps(s) : v);
            }
        });
        return b.build();
    }
}
