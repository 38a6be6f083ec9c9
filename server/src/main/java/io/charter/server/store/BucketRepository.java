package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for S3 buckets and their bucket policies. Every write journals the bucket
 * ({@link SnapshotChanges.Kind#BUCKET}), since the snapshot holds buckets. Stateless and thread-safe.
 */
public final class BucketRepository {
    private static final String COLUMNS = "name, account_id, region, created_at, policy";

    /**
     * One stored bucket.
     *
     * @param policy the bucket policy's text as written, if it has one
     */
    public record BucketRow(String name, String accountId, String region, Instant createdAt, Optional<String> policy) {
        public BucketRow {
            requireNonNull(name, "name is null");
            requireNonNull(accountId, "accountId is null");
            requireNonNull(region, "region is null");
            requireNonNull(createdAt, "createdAt is null");
            requireNonNull(policy, "policy is null");
        }
    }

    /**
     * Inserts a bucket with no policy, unless a bucket of its name exists: the name's unique key
     * decides, so of two transactions inserting one name only one inserts, whatever each read
     * before. Returns whether this one did.
     */
    public boolean insert(Connection c, String name, String accountId, String region, Instant createdAt)
            throws SQLException {
        int inserted;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO buckets (name, account_id, region, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, name);
            insert.setString(2, accountId);
            insert.setString(3, region);
            insert.setString(4, createdAt.toString());
            inserted = insert.executeUpdate();
        }
        if (inserted == 1) {
            SnapshotChanges.record(c, SnapshotChanges.Kind.BUCKET, name);
        }
        return inserted == 1;
    }

    public Optional<BucketRow> find(Connection c, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM buckets WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet r = query.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** Every bucket of the server. */
    public List<BucketRow> list(Connection c) throws SQLException {
        List<BucketRow> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM buckets");
                ResultSet r = query.executeQuery()) {
            while (r.next()) {
                rows.add(row(r));
            }
        }
        return rows;
    }

    /** How many buckets the account owns. */
    public int count(Connection c, String accountId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM buckets WHERE account_id = ?", accountId);
    }

    /** Deletes a bucket and its policy; returns whether there was one. */
    public boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM buckets WHERE name = ?")) {
            delete.setString(1, name);
            return journalled(c, name, delete.executeUpdate());
        }
    }

    /** Sets a bucket's policy to {@code policy}, verbatim; returns whether there was the bucket. */
    public boolean setPolicy(Connection c, String name, String policy) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE buckets SET policy = ? WHERE name = ?")) {
            update.setString(1, requireNonNull(policy, "policy is null"));
            update.setString(2, name);
            return journalled(c, name, update.executeUpdate());
        }
    }

    /** Removes a bucket's policy, if it has one; returns whether there was the bucket. */
    public boolean removePolicy(Connection c, String name) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE buckets SET policy = NULL WHERE name = ?")) {
            update.setString(1, name);
            return journalled(c, name, update.executeUpdate());
        }
    }

    private static boolean journalled(Connection c, String name, int rows) throws SQLException {
        if (rows > 0) {
            SnapshotChanges.record(c, SnapshotChanges.Kind.BUCKET, name);
        }
        return rows > 0;
    }

    private static BucketRow row(ResultSet r) throws SQLException {
        return new BucketRow(r.getString(1), r.getString(2), r.getString(3), Instant.parse(r.getString(4)),
                Optional.ofNullable(r.getString(5)));
    }
}
