package io.charter.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A trail's configuration and delivery state as stored (JSON columns of {@code audit_trails}). */
final class TrailJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private TrailJson() {
    }

    static String config(Trail trail) {
        ObjectNode out = JSON.createObjectNode();
        out.put("homeRegion", trail.homeRegion());
        out.put("bucket", trail.bucket());
        trail.keyPrefix().ifPresent(p -> out.put("keyPrefix", p));
        out.put("multiRegion", trail.multiRegion());
        out.put("includeGlobalServiceEvents", trail.includeGlobalServiceEvents());
        out.put("logFileValidation", trail.logFileValidation());
        out.put("customSelectors", trail.customSelectors());
        ArrayNode selectors = out.putArray("selectors");
        for (Trail.EventSelector selector : trail.selectors()) {
            ObjectNode s = selectors.addObject();
            s.put("readWriteType", selector.readWriteType().awsName());
            s.put("includeManagementEvents", selector.includeManagementEvents());
            ArrayNode resources = s.putArray("dataResources");
            for (Trail.DataResource resource : selector.dataResources()) {
                ObjectNode r = resources.addObject();
                r.put("type", resource.type());
                ArrayNode values = r.putArray("values");
                resource.values().forEach(values::add);
            }
        }
        out.put("logging", trail.logging());
        trail.startLoggingTime().ifPresent(t -> out.put("startLoggingTime", t.toEpochMilli()));
        trail.stopLoggingTime().ifPresent(t -> out.put("stopLoggingTime", t.toEpochMilli()));
        return out.toString();
    }

    static Trail trail(String accountId, String name, String config) {
        JsonNode in = read(config);
        List<Trail.EventSelector> selectors = new ArrayList<>();
        for (JsonNode s : in.path("selectors")) {
            List<Trail.DataResource> resources = new ArrayList<>();
            for (JsonNode r : s.path("dataResources")) {
                List<String> values = new ArrayList<>();
                r.path("values").forEach(v -> values.add(v.asText()));
                resources.add(new Trail.DataResource(r.path("type").asText(), values));
            }
            selectors.add(new Trail.EventSelector(Trail.ReadWriteType.named(s.path("readWriteType").asText())
                    .orElse(Trail.ReadWriteType.ALL), s.path("includeManagementEvents").asBoolean(true), resources));
        }
        return new Trail(accountId, name, in.path("homeRegion").asText(), in.path("bucket").asText(),
                text(in, "keyPrefix"), in.path("multiRegion").asBoolean(), in.path("includeGlobalServiceEvents")
                        .asBoolean(true), in.path("logFileValidation").asBoolean(), selectors,
                in.path("customSelectors").asBoolean(), in.path("logging").asBoolean(), time(in, "startLoggingTime"),
                time(in, "stopLoggingTime"));
    }

    static String state(TrailState state) {
        ObjectNode out = JSON.createObjectNode();
        out.put("cursorTime", state.cursorTime());
        out.put("cursorEventId", state.cursorEventId());
        state.latestDeliveryTime().ifPresent(t -> out.put("latestDeliveryTime", t.toEpochMilli()));
        state.latestDeliveryAttemptTime().ifPresent(t -> out.put("latestDeliveryAttemptTime", t.toEpochMilli()));
        state.latestDeliveryError().ifPresent(e -> out.put("latestDeliveryError", e));
        state.latestDigestDeliveryTime().ifPresent(t -> out.put("latestDigestDeliveryTime", t.toEpochMilli()));
        out.put("digestStart", state.digestStart().toEpochMilli());
        state.previousDigest().ifPresent(p -> {
            ObjectNode previous = out.putObject("previousDigest");
            previous.put("bucket", p.bucket());
            previous.put("key", p.key());
            previous.put("sha256", p.sha256());
            previous.put("signature", p.signature());
        });
        ArrayNode logs = out.putArray("pendingLogFiles");
        for (TrailState.LogFile log : state.pendingLogFiles()) {
            ObjectNode l = logs.addObject();
            l.put("bucket", log.bucket());
            l.put("key", log.key());
            l.put("sha256", log.sha256());
            l.put("oldest", log.oldest().toEpochMilli());
            l.put("newest", log.newest().toEpochMilli());
        }
        return out.toString();
    }

    static TrailState state(String state) {
        JsonNode in = read(state);
        Optional<TrailState.PreviousDigest> previous = Optional.empty();
        JsonNode p = in.path("previousDigest");
        if (p.isObject()) {
            previous = Optional.of(new TrailState.PreviousDigest(p.path("bucket").asText(), p.path("key").asText(),
                    p.path("sha256").asText(), p.path("signature").asText()));
        }
        List<TrailState.LogFile> logs = new ArrayList<>();
        for (JsonNode l : in.path("pendingLogFiles")) {
            logs.add(new TrailState.LogFile(l.path("bucket").asText(), l.path("key").asText(), l.path("sha256").asText(),
                    Instant.ofEpochMilli(l.path("oldest").asLong()), Instant.ofEpochMilli(l.path("newest").asLong())));
        }
        return new TrailState(in.path("cursorTime").asLong(), in.path("cursorEventId").asText(),
                time(in, "latestDeliveryTime"), time(in, "latestDeliveryAttemptTime"), text(in, "latestDeliveryError"),
                time(in, "latestDigestDeliveryTime"), Instant.ofEpochMilli(in.path("digestStart").asLong()), previous,
                logs);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored trail is not JSON", e);
        }
    }

    private static Optional<String> text(JsonNode in, String name) {
        JsonNode value = in.path(name);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> time(JsonNode in, String name) {
        JsonNode value = in.path(name);
        return value.isNumber() ? Optional.of(Instant.ofEpochMilli(value.asLong())) : Optional.empty();
    }
}
