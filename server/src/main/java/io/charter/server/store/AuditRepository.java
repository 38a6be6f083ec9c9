package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail's rows ({@code audit_events}, {@code audit_resources}; audit-migrations/V1):
 * written in batches, read newest first by account and one lookup attribute, pruned by age.
 * Stateless; the SQL serves SQLite and PostgreSQL alike.
 */
public final class AuditRepository {

    /** What a lookup selects on besides the account and the time range: LookupEvents' attributes. */
    public enum Attribute {
        EVENT_ID("event_id"),
        EVENT_NAME("event_name"),
        READ_ONLY("read_only"),
        USERNAME("username"),
        EVENT_SOURCE("event_source"),
        ACCESS_KEY_ID("access_key_id"),
        RESOURCE_TYPE("resource_type"),
        RESOURCE_NAME("resource_name");

        private final String column;

        Attribute(String column) {
            this.column = column;
        }

        boolean onResources() {
            return this == RESOURCE_TYPE || this == RESOURCE_NAME;
        }
    }

    /**
     * A lookup: the account's records from {@code startMillis} to {@code endMillis} (both included),
     * newest first, those matching {@code attribute} (when given) equal to {@code value}, older than
     * {@code after} (a page's last record, when paging), at most {@code limit}.
     */
    public record Query(String accountId, Optional<Attribute> attribute, String value, long startMillis, long endMillis,
            Optional<Position> after, int limit) {
        public Query {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(attribute, "attribute is null");
            requireNonNull(value, "value is null");
            requireNonNull(after, "after is null");
            if (limit < 1) {
                throw new IllegalArgumentException("limit below 1: " + limit);
            }
        }
    }

    /** Where a page ended: the time and id of its last record. */
    public record Position(long eventTime, String eventId) {
        public Position {
            requireNonNull(eventId, "eventId is null");
        }
    }

    /** Writes {@code rows} with the resources each names (in the caller's transaction). */
    public void insert(Connection connection, List<AuditRow> rows) throws SQLException {
        try (PreparedStatement events = connection.prepareStatement("INSERT INTO audit_events (event_id, account_id,"
                + " event_time, event_name, event_source, read_only, username, access_key_id, shared_event_id, record)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement resources = connection.prepareStatement("INSERT INTO audit_resources (event_id,"
                        + " account_id, event_time, resource_type, resource_name) VALUES (?, ?, ?, ?, ?)")) {
            boolean anyResource = false;
            for (AuditRow row : rows) {
                events.setString(1, row.eventId());
                events.setString(2, row.accountId());
                events.setLong(3, row.eventTime());
                events.setString(4, row.eventName());
                events.setString(5, row.eventSource());
                events.setInt(6, row.readOnly() ? 1 : 0);
                events.setString(7, row.username().orElse(null));
                events.setString(8, row.accessKeyId().orElse(null));
                events.setString(9, row.sharedEventId().orElse(null));
                events.setString(10, row.record());
                events.addBatch();
                for (AuditRow.Resource resource : row.resources()) {
                    resources.setString(1, row.eventId());
                    resources.setString(2, row.accountId());
                    resources.setLong(3, row.eventTime());
                    resources.setString(4, resource.type());
                    resources.setString(5, resource.name());
                    resources.addBatch();
                    anyResource = true;
                }
            }
            events.executeBatch();
            if (anyResource) {
                resources.executeBatch();
            }
        }
    }

    private static final String COLUMNS = "e.event_id, e.account_id, e.event_time, e.event_name, e.event_source,"
            + " e.read_only, e.username, e.access_key_id, e.shared_event_id, e.record";

    /** The records {@code query} selects, newest first, with the resources each names. */
    public List<AuditRow> find(Connection connection, Query query) throws SQLException {
        StringBuilder sql = new StringBuilder();
        String table;
        if (query.attribute().filter(Attribute::onResources).isPresent()) {
            // The resource's row decides; the record is read by its id (an event naming one resource
            // twice under one type is listed once: the time and id are the same, DISTINCT folds them).
            table = "r";
            sql.append("SELECT DISTINCT r.event_time, r.event_id, ").append(COLUMNS).append(" FROM audit_resources r"
                    + " JOIN audit_events e ON e.event_id = r.event_id WHERE r.account_id = ?");
        } else {
            table = "e";
            sql.append("SELECT e.event_time, e.event_id, ").append(COLUMNS)
                    .append(" FROM audit_events e WHERE e.account_id = ?");
        }
        query.attribute().ifPresent(a -> sql.append(" AND ").append(table).append('.').append(a.column).append(" = ?"));
        sql.append(" AND ").append(table).append(".event_time >= ? AND ").append(table).append(".event_time <= ?");
        query.after().ifPresent(p -> sql.append(" AND (").append(table).append(".event_time < ? OR (")
                .append(table).append(".event_time = ? AND ").append(table).append(".event_id < ?))"));
        sql.append(" ORDER BY ").append(table).append(".event_time DESC, ").append(table)
                .append(".event_id DESC LIMIT ?");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setString(i++, query.accountId());
            if (query.attribute().isPresent()) {
                if (query.attribute().get() == Attribute.READ_ONLY) {
                    statement.setInt(i++, Boolean.parseBoolean(query.value()) ? 1 : 0);
                } else {
                    statement.setString(i++, query.value());
                }
            }
            statement.setLong(i++, query.startMillis());
            statement.setLong(i++, query.endMillis());
            if (query.after().isPresent()) {
                Position after = query.after().get();
                statement.setLong(i++, after.eventTime());
                statement.setLong(i++, after.eventTime());
                statement.setString(i++, after.eventId());
            }
            statement.setInt(i, query.limit());
            return withResources(connection, rows(statement));
        }
    }

    /** {@code rows} with the resources each names (one query for the page). */
    private static List<AuditRow> withResources(Connection connection, List<AuditRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder(
                "SELECT event_id, resource_type, resource_name FROM audit_resources WHERE event_id IN (");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        Map<String, List<AuditRow.Resource>> resources = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < rows.size(); i++) {
                statement.setString(i + 1, rows.get(i).eventId());
            }
            try (ResultSet found = statement.executeQuery()) {
                while (found.next()) {
                    resources.computeIfAbsent(found.getString(1), k -> new ArrayList<>())
                            .add(new AuditRow.Resource(found.getString(2), found.getString(3)));
                }
            }
        }
        List<AuditRow> out = new ArrayList<>(rows.size());
        for (AuditRow row : rows) {
            out.add(new AuditRow(row.eventId(), row.accountId(), row.eventTime(), row.eventName(), row.eventSource(),
                    row.readOnly(), row.username(), row.accessKeyId(), row.sharedEventId(), row.record(),
                    resources.getOrDefault(row.eventId(), List.of())));
        }
        return out;
    }

    /**
     * Deletes up to {@code limit} of the records whose id sorts before {@code beforeEventId} (ids
     * are UUIDs of version 7, ordered by their event's time: the oldest go first), with their
     * resources; returns how many went. Pruning in short transactions keeps the writer's commits
     * from waiting behind one long delete.
     */
    public int prune(Connection connection, String beforeEventId, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement old = connection.prepareStatement(
                "SELECT event_id FROM audit_events WHERE event_id < ? ORDER BY event_id LIMIT ?")) {
            old.setString(1, beforeEventId);
            old.setInt(2, limit);
            try (ResultSet rows = old.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        delete(connection, ids);
        return ids.size();
    }

    /** Deletes the records {@code ids} name, with their resources. */
    public void delete(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement resources = connection.prepareStatement("DELETE FROM audit_resources WHERE event_id = ?");
                PreparedStatement events = connection.prepareStatement("DELETE FROM audit_events WHERE event_id = ?")) {
            for (String id : ids) {
                resources.setString(1, id);
                resources.addBatch();
                events.setString(1, id);
                events.addBatch();
            }
            resources.executeBatch();
            events.executeBatch();
        }
    }

    /**
     * Writes {@code rows} in place of any record of the same id (a spooled batch shipped again after
     * a failure part-way leaves one copy of each record).
     */
    public void replace(Connection connection, List<AuditRow> rows) throws SQLException {
        delete(connection, rows.stream().map(AuditRow::eventId).toList());
        insert(connection, rows);
    }

    /** The oldest {@code limit} records, with their resources (a spool's, to ship). */
    public List<AuditRow> oldest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT e.event_time, e.event_id, " + COLUMNS
                + " FROM audit_events e ORDER BY e.event_id LIMIT ?")) {
            statement.setInt(1, limit);
            return withResources(connection, rows(statement));
        }
    }

    private static List<AuditRow> rows(PreparedStatement statement) throws SQLException {
        List<AuditRow> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(new AuditRow(rows.getString(3), rows.getString(4), rows.getLong(5), rows.getString(6),
                        rows.getString(7), rows.getInt(8) != 0, Optional.ofNullable(rows.getString(9)),
                        Optional.ofNullable(rows.getString(10)), Optional.ofNullable(rows.getString(11)),
                        rows.getString(12), List.of()));
            }
        }
        return found;
    }

    /** How many records the store holds (every account). */
    public long count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM audit_events");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
