package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One audit record as stored: the columns the lookups select on, and the record itself
 * (CloudTrail's JSON).
 *
 * @param eventTime epoch milliseconds
 * @param resources the resources the record names
 */
public record AuditRow(String eventId, String accountId, long eventTime, String eventName, String eventSource,
        boolean readOnly, Optional<String> username, Optional<String> accessKeyId, Optional<String> sharedEventId,
        String record, List<Resource> resources) {

    public AuditRow {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(username, "username is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(sharedEventId, "sharedEventId is null");
        requireNonNull(record, "record is null");
        resources = List.copyOf(resources);
    }

    /** A resource a record names, as LookupEvents lists it ({@code AWS::IAM::Role}, its ARN or name). */
    public record Resource(String type, String name) {
        public Resource {
            requireNonNull(type, "type is null");
            requireNonNull(name, "name is null");
        }
    }
}
