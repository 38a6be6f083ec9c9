package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One page of LookupEvents: the account's records between {@code start} and {@code end} (both
 * included), newest first, those whose {@code attribute} equals {@code value} when one is given,
 * after {@code after} (the previous page's token), at most {@code maxResults}.
 */
public record EventLookup(String accountId, Optional<Attribute> attribute, String value, Instant start, Instant end,
        Optional<String> after, int maxResults) {

    /** LookupEvents' attribute keys. */
    public enum Attribute {
        EVENT_ID("EventId"),
        EVENT_NAME("EventName"),
        READ_ONLY("ReadOnly"),
        USERNAME("Username"),
        RESOURCE_TYPE("ResourceType"),
        RESOURCE_NAME("ResourceName"),
        EVENT_SOURCE("EventSource"),
        ACCESS_KEY_ID("AccessKeyId");

        private final String key;

        Attribute(String key) {
            this.key = key;
        }

        /** The attribute AWS names {@code key}. */
        public static Optional<Attribute> named(String key) {
            for (Attribute a : values()) {
                if (a.key.equals(key)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    public EventLookup {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(attribute, "attribute is null");
        requireNonNull(value, "value is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(after, "after is null");
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults below 1: " + maxResults);
        }
    }
}
