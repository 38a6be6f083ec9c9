package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import io.charter.server.store.AuditRepository;
import io.charter.server.store.AuditRow;
import io.charter.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The audit trail read back: LookupEvents' pages, newest first, and the pruning of records older
 * than the retention. A page's token is where it ended (the last record's time and id), so a record
 * committed while a caller pages is neither listed twice nor skipped among the older ones.
 *
 * <p>Thread-safe: holds only the database and a stateless repository.
 */
public final class AuditTrail {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final String TOKEN_VERSION = "1";
    private static final int PRUNE_BATCH = 5_000;

    private final Database database;
    private final AuditRepository repository = new AuditRepository();

    public AuditTrail(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** Thrown for a page token this trail did not make. */
    public static final class InvalidTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidTokenException() {
            super("invalid token", null, false, false);
        }
    }

    /**
     * One page of the lookup.
     *
     * @throws InvalidTokenException when {@code lookup.after()} is not a token of this trail
     */
    public RecordedEvent.Page lookup(EventLookup lookup) {
        Optional<AuditRepository.Position> after = lookup.after().map(AuditTrail::position);
        Optional<AuditRepository.Attribute> attribute = lookup.attribute().map(a -> AuditRepository.Attribute.valueOf(a.name()));
        // One more than asked: whether there is a next page, without a second query.
        AuditRepository.Query query = new AuditRepository.Query(lookup.accountId(), attribute, lookup.value(),
                lookup.start().toEpochMilli(), lookup.end().toEpochMilli(), after, lookup.maxResults() + 1);
        List<AuditRow> rows = database.inReadTransaction(c -> repository.find(c, query));
        boolean more = rows.size() > lookup.maxResults();
        List<AuditRow> page = more ? rows.subList(0, lookup.maxResults()) : rows;
        List<RecordedEvent> events = new ArrayList<>(page.size());
        for (AuditRow row : page) {
            events.add(new RecordedEvent(row.eventId(), row.eventName(), row.readOnly(), row.accessKeyId(),
                    Instant.ofEpochMilli(row.eventTime()), row.eventSource(), row.username(),
                    row.resources().stream().map(r -> new RecordedEvent.Resource(r.type(), r.name())).toList(),
                    row.record()));
        }
        Optional<String> next = more ? Optional.of(token(page.getLast())) : Optional.empty();
        return new RecordedEvent.Page(events, next);
    }

    /** Deletes the records older than {@code before}, a short transaction at a time; returns how many went. */
    public long prune(Instant before) {
        long total = 0;
        int deleted;
        do {
            String bound = EventIds.floor(before);
            deleted = database.inTransaction(c -> repository.prune(c, bound, PRUNE_BATCH));
            total += deleted;
        } while (deleted == PRUNE_BATCH);
        if (total > 0) {
            LOG.info("audit trail: " + total + " records older than " + before + " pruned");
        }
        return total;
    }

    /** How many records the trail holds, every account's. */
    public long size() {
        return database.withHandle(repository::count);
    }

    private static String token(AuditRow last) {
        String plain = TOKEN_VERSION + ":" + last.eventTime() + ":" + last.eventId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditRepository.Position position(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !parts[0].equals(TOKEN_VERSION) || parts[2].isEmpty()) {
                throw new InvalidTokenException();
            }
            return new AuditRepository.Position(Long.parseLong(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException();
        }
    }
}
