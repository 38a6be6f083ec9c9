package io.charter.server.cloudtrail;

import static java.util.Objects.requireNonNull;

import io.charter.server.audit.AuditTrail;
import io.charter.server.audit.EventLookup;
import io.charter.server.audit.RecordedEvent;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.TimestampValue;
import io.charter.server.protocol.Value;
import io.charter.server.service.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudTrail's event history: LookupEvents over the caller's account's records, newest first, by
 * at most one lookup attribute (as AWS allows), within {@code StartTime}/{@code EndTime} (the last
 * 90 days by default), {@code MaxResults} (1 to 50, 50 by default) at a time, paged by
 * {@code NextToken}. Authorized by {@code cloudtrail:LookupEvents} on {@code *}. Charter records no
 * CloudTrail Insights events: {@code EventCategory=insight} lists nothing.
 */
final class EventHistoryOperations {
    static final int MAX_RESULTS = 50;
    private static final Duration DEFAULT_SPAN = Duration.ofDays(90);

    private final AuditTrail trail;
    private final Authorizer authorizer;

    EventHistoryOperations(AuditTrail trail, Authorizer authorizer) {
        this.trail = requireNonNull(trail, "trail is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    List<Operation> operations() {
        return List.of(Operation.of("LookupEvents", this::lookupEvents));
    }

    private StructValue lookupEvents(OperationContext context, StructValue input) {
        try {
            authorizer.authorize(context, "cloudtrail:LookupEvents", "*", Map.of());
        } catch (ServiceException e) {
            if (e.errorCode() == AwsErrorCode.ACCESS_DENIED) {
                throw new ServiceException(AwsErrorCode.ACCESS_DENIED_EXCEPTION, e.getMessage());
            }
            throw e;
        }
        List<StructValue> attributes = input.optionalList("LookupAttributes").map(l -> l.structs()).orElse(List.of());
        if (attributes.size() > 1) {
            throw new ServiceException(AwsErrorCode.INVALID_LOOKUP_ATTRIBUTES,
                    "You cannot specify more than one lookup attribute.");
        }
        Optional<EventLookup.Attribute> attribute = Optional.empty();
        String value = "";
        if (!attributes.isEmpty()) {
            String key = attributes.getFirst().string("AttributeKey");
            value = attributes.getFirst().string("AttributeValue");
            attribute = Optional.of(EventLookup.Attribute.named(key).orElseThrow(() -> new ServiceException(
                    AwsErrorCode.INVALID_LOOKUP_ATTRIBUTES, "The lookup attribute key " + key + " is not valid.")));
            if (attribute.get() == EventLookup.Attribute.READ_ONLY && !value.equals("true") && !value.equals("false")) {
                throw new ServiceException(AwsErrorCode.INVALID_LOOKUP_ATTRIBUTES,
                        "The ReadOnly lookup attribute takes true or false.");
            }
        }
        Instant end = timestamp(input, "EndTime").orElse(context.time());
        Instant start = timestamp(input, "StartTime").orElse(end.minus(DEFAULT_SPAN));
        if (start.isAfter(end)) {
            throw new ServiceException(AwsErrorCode.INVALID_TIME_RANGE, "Start time must be before end time.");
        }
        int maxResults = input.optionalInt("MaxResults").orElse(MAX_RESULTS);
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw new ServiceException(AwsErrorCode.INVALID_MAX_RESULTS,
                    "Value " + maxResults + " for MaxResults is invalid: it must be between 1 and " + MAX_RESULTS + ".");
        }
        if (input.optionalString("EventCategory").isPresent()) {
            return StructValue.builder().putList("Events", List.of()).build();
        }
        RecordedEvent.Page page;
        try {
            page = trail.lookup(new EventLookup(context.caller().accountId(), attribute, value, start, end,
                    input.optionalString("NextToken"), maxResults));
        } catch (AuditTrail.InvalidTokenException e) {
            throw new ServiceException(AwsErrorCode.INVALID_NEXT_TOKEN_EXCEPTION, "Invalid NextToken.");
        }
        List<StructValue> events = new ArrayList<>(page.events().size());
        for (RecordedEvent event : page.events()) {
            StructValue.Builder out = StructValue.builder()
                    .put("EventId", event.eventId())
                    .put("EventName", event.eventName())
                    .put("ReadOnly", Boolean.toString(event.readOnly()));
            event.accessKeyId().ifPresent(k -> out.put("AccessKeyId", k));
            out.put("EventTime", event.eventTime()).put("EventSource", event.eventSource());
            event.username().ifPresent(u -> out.put("Username", u));
            List<StructValue> resources = event.resources().stream().map(r -> StructValue.builder()
                    .put("ResourceType", r.type()).put("ResourceName", r.name()).build()).toList();
            out.putList("Resources", resources).put("CloudTrailEvent", event.record());
            events.add(out.build());
        }
        StructValue.Builder result = StructValue.builder().putList("Events", events);
        page.nextToken().ifPresent(t -> result.put("NextToken", t));
        return result.build();
    }

    private static Optional<Instant> timestamp(StructValue input, String name) {
        Optional<Value> value = input.get(name);
        return value.filter(TimestampValue.class::isInstance).map(v -> ((TimestampValue) v).value());
    }
}
