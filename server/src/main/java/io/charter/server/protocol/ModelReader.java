package io.charter.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a service model in botocore's {@code service-2.json} layout (the bundled trimmed models
 * and botocore's protocol test vectors share it) into immutable model objects. Anything it does
 * not understand (an unknown shape type, a bad pattern, a dangling reference) fails the load
 * with a sentence: a model is configuration and is never silently corrected.
 */
final class ModelReader {
    /** IAM shapes whose response text IAM percent-encodes (botocore handlers.json_decode_policies). */
    private static final Set<String> URL_ENCODED_SHAPES = Set.of("policyDocumentType");
    /** The AWS Query protocol's name in model metadata (STS, IAM). */
    static final String QUERY_PROTOCOL = "query";
    /** The AWS JSON protocol's name in model metadata (Organizations). */
    static final String JSON_PROTOCOL = "json";
    /** The EC2 query protocol's name in model metadata. */
    static final String EC2_PROTOCOL = "ec2";

    private ModelReader() {}

    static ServiceModel read(String serviceName, JsonNode root) {
        JsonNode metadata = required(root, "metadata", serviceName);
        String apiVersion = text(metadata, "apiVersion").orElseThrow(() -> fail(serviceName, "metadata.apiVersion is missing"));
        String protocol = text(metadata, "protocol").orElse(QUERY_PROTOCOL);
        boolean json = JSON_PROTOCOL.equals(protocol);
        // JSON protocol models have no XML namespace; query models must have one.
        String namespace = json
                ? text(metadata, "xmlNamespace").orElse("")
                : text(metadata, "xmlNamespace").orElseThrow(() -> fail(serviceName, "metadata.xmlNamespace is missing"));
        Optional<String> jsonVersion = json
                ? Optional.of(text(metadata, "jsonVersion").orElseThrow(() -> fail(serviceName, "metadata.jsonVersion is missing")))
                : Optional.empty();
        Optional<String> targetPrefix = json
                ? Optional.of(text(metadata, "targetPrefix").orElseThrow(() -> fail(serviceName, "metadata.targetPrefix is missing")))
                : Optional.empty();
        // Timestamps without a timestampFormat: ISO 8601 in the query protocol, epoch seconds in JSON.
        TimestampFormat defaultTimestampFormat = json ? TimestampFormat.UNIX_SECONDS : TimestampFormat.ISO_8601;
        String endpointPrefix = text(metadata, "endpointPrefix").orElse(serviceName);
        String signingName = text(metadata, "signingName").orElse(endpointPrefix);

        Map<String, Shape> shapes = new LinkedHashMap<>();
        List<Member> members = new ArrayList<>();
        JsonNode shapesNode = root.path("shapes");
        for (Map.Entry<String, JsonNode> e : shapesNode.properties()) {
            shapes.put(e.getKey(), readShape(serviceName, e.getKey(), e.getValue(), members, defaultTimestampFormat));
        }
        for (Member m : members) {
            try {
                m.link(shapes);
            } catch (IllegalArgumentException ex) {
                throw fail(serviceName, ex.getMessage());
            }
        }

        Map<String, OperationModel> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("operations").properties()) {
            operations.put(e.getKey(), readOperation(serviceName, e.getKey(), e.getValue(), shapes));
        }
        return new ServiceModel(serviceName, apiVersion, namespace, protocol, signingName, endpointPrefix,
                jsonVersion, targetPrefix, operations, shapes);
    }

    private static OperationModel readOperation(String service, String name, JsonNode op, Map<String, Shape> shapes) {
        Optional<StructureShape> input = structureRef(service, op.get("input"), shapes);
        Optional<StructureShape> output = structureRef(service, op.get("output"), shapes);
        String wrapper = op.has("output") ? text(op.get("output"), "resultWrapper").orElse(name + "Result") : name + "Result";
        List<StructureShape> errors = new ArrayList<>();
        for (JsonNode e : op.path("errors")) {
            structureRef(service, e, shapes).ifPresent(errors::add);
        }
        boolean unsigned = "none".equals(op.path("authtype").asText(""));
        for (JsonNode auth : op.path("auth")) {
            unsigned |= "smithy.api#noAuth".equals(auth.asText());
        }
        return new OperationModel(name, input, output, wrapper, errors, !unsigned);
    }

    private static Optional<StructureShape> structureRef(String service, JsonNode ref, Map<String, Shape> shapes) {
        if (ref == null || !ref.has("shape")) {
            return Optional.empty();
        }
        String shapeName = ref.get("shape").asText();
        Shape shape = shapes.get(shapeName);
        if (!(shape instanceof StructureShape structure)) {
            throw fail(service, "operation refers to " + shapeName + ", which is not a structure shape");
        }
        return Optional.of(structure);
    }

    private static Shape readShape(String service, String name, JsonNode node, List<Member> allMembers,
            TimestampFormat defaultTimestampFormat) {
        String typeName = text(node, "type").orElseThrow(() -> fail(service, "shape " + name + " has no type"));
        ShapeType type = ShapeType.fromModelName(typeName)
                .orElseThrow(() -> fail(service, "shape " + name + " has unsupported type '" + typeName + "'"));
        OptionalLong min = bound(service, name, node, "min");
        OptionalLong max = bound(service, name, node, "max");
        boolean flattened = node.path("flattened").asBoolean(false);
        switch (type) {
            case STRUCTURE -> {
                Set<String> required = new HashSet<>();
                node.path("required").forEach(r -> required.add(r.asText()));
                List<Member> members = new ArrayList<>();
                for (Map.Entry<String, JsonNode> m : node.path("members").properties()) {
                    Member member = member(service, m.getKey(), m.getKey(), m.getValue(), required.contains(m.getKey()));
                    members.add(member);
                    required.remove(m.getKey());
                }
                if (!required.isEmpty()) {
                    throw fail(service, "shape " + name + " requires unknown members " + required);
                }
                allMembers.addAll(members);
                Optional<String> errorCode = Optional.empty();
                int status = 400;
                if (node.path("exception").asBoolean(false) || node.has("error")) {
                    errorCode = Optional.of(text(node.path("error"), "code").orElse(name));
                    // Without an httpStatusCode: 500 for a server fault (Smithy's error("server"),
                    // botocore's "fault"), else 400 as botocore assumes.
                    int defaultStatus = node.path("fault").asBoolean(false) ? 500 : 400;
                    status = node.path("error").path("httpStatusCode").asInt(defaultStatus);
                }
                return new StructureShape(name, members, errorCode, status);
            }
            case LIST -> {
                Member member = member(service, "member", "member", required(node, "member", service), false);
                allMembers.add(member);
                return new ListShape(name, member, min, max, flattened);
            }
            case MAP -> {
                Member key = member(service, "key", "key", required(node, "key", service), false);
                Member value = member(service, "value", "value", required(node, "value", service), false);
                allMembers.add(key);
                allMembers.add(value);
                return new MapShape(name, key, value, min, max, flattened);
            }
            default -> {
                Optional<Pattern> pattern = text(node, "pattern").map(p -> compile(service, name, p));
                List<String> enumValues = new ArrayList<>();
                node.path("enum").forEach(v -> enumValues.add(v.asText()));
                TimestampFormat format = timestampFormat(service, name, node).orElse(defaultTimestampFormat);
                boolean urlEncoded = "iam".equals(service) && URL_ENCODED_SHAPES.contains(name);
                return new ScalarShape(name, type, min, max, pattern, enumValues, format,
                        node.path("sensitive").asBoolean(false), urlEncoded);
            }
        }
    }

    private static Member member(String service, String name, String defaultWireName, JsonNode ref, boolean required) {
        String target = text(ref, "shape").orElseThrow(() -> fail(service, "member " + name + " has no shape"));
        Optional<String> locationName = text(ref, "locationName");
        String wireName = locationName.orElse(defaultWireName);
        // EC2's input name (botocore's EC2Serializer): the queryName, else the locationName capitalized,
        // else the default name as it is.
        String ec2InputName = text(ref, "queryName").orElseGet(() -> locationName
                .filter(n -> !n.isEmpty())
                .map(n -> Character.toUpperCase(n.charAt(0)) + n.substring(1))
                .orElse(defaultWireName));
        return new Member(name, wireName, ec2InputName, target, ref.path("flattened").asBoolean(false), required,
                xmlns(ref.get("xmlNamespace")), timestampFormat(service, name, ref));
    }

    private static String xmlns(JsonNode ns) {
        if (ns == null) {
            return "";
        }
        if (ns.isTextual()) {
            return " xmlns=\"" + XmlText.escape(ns.asText()) + "\"";
        }
        String uri = ns.path("uri").asText("");
        String prefix = ns.path("prefix").asText("");
        return prefix.isEmpty()
                ? " xmlns=\"" + XmlText.escape(uri) + "\""
                : " xmlns:" + prefix + "=\"" + XmlText.escape(uri) + "\"";
    }

    private static Optional<TimestampFormat> timestampFormat(String service, String where, JsonNode node) {
        Optional<String> name = text(node, "timestampFormat");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TimestampFormat.fromModelName(name.get())
                .orElseThrow(() -> fail(service, where + " has unknown timestampFormat '" + name.get() + "'")));
    }

    private static Pattern compile(String service, String shape, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw fail(service, "shape " + shape + " has an invalid pattern: " + e.getDescription());
        }
    }

    private static OptionalLong bound(String service, String shape, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw fail(service, "shape " + shape + " has a non-integral " + key + ": " + v);
        }
        return OptionalLong.of(v.asLong());
    }

    private static JsonNode required(JsonNode node, String key, String service) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw fail(service, "'" + key + "' is missing");
        }
        return v;
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node == null ? null : node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static IllegalArgumentException fail(String service, String message) {
        return new IllegalArgumentException("invalid service model '" + service + "': " + message);
    }
}
