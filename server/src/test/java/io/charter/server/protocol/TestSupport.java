package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.server.error.AwsErrorCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Shared helpers: the botocore test vectors, JSON-to-value conversion, and botocore as a parser. */
final class TestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VECTOR_NAMESPACE = "https://example.com/";

    private TestSupport() {}

    /** {@code <repo>/../shared/vectors/query-protocol}, found by walking up from the working directory. */
    static Path vectorDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("vectors").resolve("query-protocol");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return fail("shared/vectors/query-protocol not found above " + dir
                + ": the botocore protocol vectors are required (they are never copied into the project)");
    }

    static JsonNode readVectors(String file) {
        Path path = vectorDir().resolve(file);
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            return fail("cannot read " + path + ": " + e);
        }
    }

    /** A service model for one vector case: the suite's metadata and shapes, the case's operation. */
    static ServiceModel vectorModel(JsonNode suite, JsonNode testCase) {
        return ModelReader.read("vector", vectorModelJson(suite, testCase));
    }

    static ObjectNode vectorModelJson(JsonNode suite, JsonNode testCase) {
        ObjectNode model = JSON.createObjectNode();
        ObjectNode metadata = suite.get("metadata").deepCopy();
        metadata.put("xmlNamespace", VECTOR_NAMESPACE);
        metadata.put("endpointPrefix", "vector");
        metadata.put("signatureVersion", "v4");
        model.set("metadata", metadata);
        ObjectNode given = testCase.get("given").deepCopy();
        given.remove("documentation");
        if (given.has("output") && !given.get("output").has("resultWrapper")) {
            // awsQuery wraps output in <OpResult>; botocore needs the model to say so.
            ((ObjectNode) given.get("output")).put("resultWrapper", given.get("name").asText() + "Result");
        }
        model.set("operations", JSON.createObjectNode().set(given.get("name").asText(), given));
        model.set("shapes", suite.get("shapes").deepCopy());
        return model;
    }

    /** Converts botocore-style JSON test data (params / result) to a typed value of {@code shape}. */
    static Value value(Shape shape, TimestampFormat format, JsonNode json) {
        return switch (shape) {
            case StructureShape s -> struct(s, json);
            case ListShape l -> {
                List<Value> elements = new ArrayList<>();
                json.forEach(e -> elements.add(value(l.member().target(), l.member().timestampFormat(), e)));
                yield new ListValue(elements);
            }
            case MapShape m -> {
                Map<String, Value> entries = new LinkedHashMap<>();
                json.properties().forEach(e -> entries.put(e.getKey(),
                        value(m.value().target(), m.value().timestampFormat(), e.getValue())));
                yield new MapValue(entries);
            }
            case ScalarShape s -> switch (s.type()) {
                case STRING -> new StringValue(json.asText());
                case INTEGER -> new IntegerValue(json.asInt());
                case LONG -> new LongValue(json.asLong());
                case BOOLEAN -> new BooleanValue(json.asBoolean());
                case DOUBLE, FLOAT -> new DoubleValue(json.isTextual() ? Double.parseDouble(json.asText()) : json.asDouble());
                case TIMESTAMP -> new TimestampValue(Instant.ofEpochMilli(Math.round(json.asDouble() * 1000)));
                case BLOB -> new BlobValue(json.asText().getBytes(StandardCharsets.UTF_8));
                case STRUCTURE, LIST, MAP -> throw new IllegalStateException();
            };
        };
    }

    static StructValue struct(StructureShape shape, JsonNode json) {
        StructValue.Builder b = StructValue.builder();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            Member m = shape.member(e.getKey()).orElseThrow(() -> new AssertionError("no member " + e.getKey()));
            b.put(m.name(), value(m.target(), m.timestampFormat(), e.getValue()));
        }
        return b.build();
    }

    /** JSON equality where numbers compare by value (botocore floats vs vector ints). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Math.abs(a.asDouble() - b.asDouble()) < 1e-6;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !sameJson(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** One response for botocore to parse. */
    record BotocoreRequest(String id, int status, String body, String operation, JsonNode model, String service,
            boolean decodePolicies) {

        static BotocoreRequest vector(String id, int status, String body, String operation, JsonNode model) {
            return new BotocoreRequest(id, status, body, operation, model, null, false);
        }

        static BotocoreRequest real(String id, int status, String body, String service, String operation) {
            return new BotocoreRequest(id, status, body, operation, null, service, "iam".equals(service));
        }
    }

    /**
     * Parses responses with botocore's QueryParser by running {@code botocore_parse.py} once for the
     * batch. Fails (never skips) when python3 or botocore is missing: CI installs them.
     */
    static Map<String, JsonNode> botocoreParse(List<BotocoreRequest> requests) {
        ArrayNode batch = JSON.createArrayNode();
        for (BotocoreRequest r : requests) {
            ObjectNode n = batch.addObject();
            n.put("id", r.id()).put("status", r.status()).put("body", r.body()).put("operation", r.operation())
                    .put("decodePolicies", r.decodePolicies());
            if (r.model() != null) {
                n.set("model", r.model());
            } else {
                n.put("service", r.service());
            }
        }
        Map<String, JsonNode> results = new HashMap<>();
        for (JsonNode r : python("botocore_parse.py", batch)) {
            if (r.has("error")) {
                results.put(r.get("id").asText(), JSON.createObjectNode().put("botocoreError", r.get("error").asText()));
            } else {
                results.put(r.get("id").asText(), r.get("parsed"));
            }
        }
        return results;
    }

    /**
     * Runs the python3 script {@code script} (a resource beside this class) with {@code input} as
     * JSON on stdin and returns its JSON stdout. Fails (never skips) when python3 or botocore is
     * missing: CI installs them.
     */
    static JsonNode python(String script, JsonNode input) {
        URL url = TestSupport.class.getResource(script);
        if (url == null) {
            return fail("test resource " + script + " is missing");
        }
        Path path;
        try {
            path = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            Path in = Files.createTempFile("charter-botocore", ".json");
            try {
                Files.write(in, JSON.writeValueAsBytes(input));
                Process p = new ProcessBuilder("python3", path.toString())
                        .redirectInput(in.toFile())
                        .redirectError(ProcessBuilder.Redirect.PIPE)
                        .start();
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return fail("python3 with botocore is required for the protocol tests (pip install botocore); "
                            + script + " failed: " + err);
                }
                return JSON.readTree(out);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            return fail("python3 with botocore is required for the protocol tests (pip install botocore); "
                    + "could not run python3: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running botocore");
        }
    }

    /** The Query codec of the server's STS and IAM (STS first, as the server registers them). */
    static QueryCodec stsAndIam() {
        return QueryCodec.of(List.of(ServiceModel.load("sts"), ServiceModel.load("iam")));
    }

    /** The JSON codec of the server's Organizations and Charter's own operator service. */
    static JsonCodec organizationsAndCharter() {
        return JsonCodec.of(List.of(ServiceModel.load("organizations"), ServiceModel.load("charter")));
    }

    /** The error code constant spelled {@code code} on the wire, if Charter has one. */
    static Optional<AwsErrorCode> errorCode(String code) {
        return Arrays.stream(AwsErrorCode.values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
