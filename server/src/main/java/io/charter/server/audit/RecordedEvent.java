package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A record read back, as LookupEvents lists it.
 *
 * @param record CloudTrail's record, the JSON text
 * @param resources each resource as (type, name)
 */
public record RecordedEvent(String eventId, String eventName, boolean readOnly, Optional<String> accessKeyId,
        Instant eventTime, String eventSource, Optional<String> username, List<Resource> resources, String record) {

    public RecordedEvent {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(username, "username is null");
        resources = List.copyOf(resources);
        requireNonNull(record, "record is null");
    }

    /** A resource the record names. */
    public record Resource(String type, String name) {
        public Resource {
            requireNonNull(type, "type is null");
            requireNonNull(name, "name is null");
        }
    }

    /**
     * One page.
     *
     * @param nextToken where the next page starts; empty on the last
     */
    public record Page(List<RecordedEvent> events, Optional<String> nextToken) {
        public Page {
            events = List.copyOf(events);
            requireNonNull(nextToken, "nextToken is null");
        }
    }
}
