package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.Instance;
import io.charter.server.identity.InstanceMetadataOptions;
import io.charter.server.identity.InstanceProfileAssociation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL for registered instances, the instance profile attached to each and the roles each may hand
 * to its containers. Instances are control-plane state the snapshot does not hold, so nothing here
 * is journalled. Stateless and thread-safe.
 */
public final class InstanceRepository {
    private static final String COLUMNS = "instance_id, account_id, name, region, reservation_id, access_key_id,"
            + " secret_sealed, http_tokens, hop_limit, http_endpoint, created_at";
    private static final String ASSOCIATION_COLUMNS = "association_id, instance_id, profile_id, profile_arn, associated_at";

    /** One stored instance, its credential's secret sealed under the master key. */
    public record InstanceRow(String instanceId, String accountId, String name, String region, String reservationId,
            String accessKeyId, String sealedSecret, InstanceMetadataOptions options, Instant createdAt) {
        public InstanceRow {
            requireNonNull(instanceId, "instanceId is null");
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(region, "region is null");
            requireNonNull(reservationId, "reservationId is null");
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(sealedSecret, "sealedSecret is null");
            requireNonNull(options, "options is null");
            requireNonNull(createdAt, "createdAt is null");
        }

        @Override
        public String toString() {
            return "InstanceRow[" + instanceId + ", " + accountId + ", " + accessKeyId + "]";
        }
    }

    public void insert(Connection c, InstanceRow row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO instances (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.instanceId());
            insert.setString(2, row.accountId());
            insert.setString(3, row.name());
            insert.setString(4, row.region());
            insert.setString(5, row.reservationId());
            insert.setString(6, row.accessKeyId());
            insert.setString(7, row.sealedSecret());
            insert.setString(8, row.options().httpTokens());
            insert.setInt(9, row.options().hopLimit());
            insert.setString(10, row.options().httpEndpoint());
            insert.setString(11, row.createdAt().toString());
            insert.executeUpdate();
        }
    }

    public Optional<InstanceRow> find(Connection c, String instanceId) throws SQLException {
        return StoreRows.first(c, "SELECT " + COLUMNS + " FROM instances WHERE instance_id = ?",
                InstanceRepository::row, instanceId);
    }

    /** The instance whose credential has this key id. */
    public Optional<InstanceRow> findByAccessKey(Connection c, String accessKeyId) throws SQLException {
        return StoreRows.first(c, "SELECT " + COLUMNS + " FROM instances WHERE access_key_id = ?",
                InstanceRepository::row, accessKeyId);
    }

    /** The account's instances, by id. */
    public List<InstanceRow> list(Connection c, String accountId) throws SQLException {
        return StoreRows.list(c, "SELECT " + COLUMNS + " FROM instances WHERE account_id = ? ORDER BY instance_id",
                InstanceRepository::row, accountId);
    }

    public int count(Connection c, String accountId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM instances WHERE account_id = ?", accountId);
    }

    /** Deletes an instance with its association and task roles; returns whether there was one. */
    public boolean delete(Connection c, String instanceId) throws SQLException {
        for (String table : List.of("instance_profile_associations", "instance_task_roles")) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE instance_id = ?")) {
                delete.setString(1, instanceId);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM instances WHERE instance_id = ?")) {
            delete.setString(1, instanceId);
            return delete.executeUpdate() > 0;
        }
    }

    /** Sets an instance's metadata options; returns whether there was the instance. */
    public boolean setOptions(Connection c, String instanceId, InstanceMetadataOptions options) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE instances SET http_tokens = ?, hop_limit = ?,"
                + " http_endpoint = ? WHERE instance_id = ?")) {
            update.setString(1, options.httpTokens());
            update.setInt(2, options.hopLimit());
            update.setString(3, options.httpEndpoint());
            update.setString(4, instanceId);
            return update.executeUpdate() > 0;
        }
    }

    /** The instance's association, if it has one. */
    public Optional<InstanceProfileAssociation> association(Connection c, String instanceId) throws SQLException {
        return StoreRows.first(c, "SELECT " + ASSOCIATION_COLUMNS + " FROM instance_profile_associations"
                + " WHERE instance_id = ?", InstanceRepository::association, instanceId);
    }

    public Optional<InstanceProfileAssociation> findAssociation(Connection c, String associationId) throws SQLException {
        return StoreRows.first(c, "SELECT " + ASSOCIATION_COLUMNS + " FROM instance_profile_associations"
                + " WHERE association_id = ?", InstanceRepository::association, associationId);
    }

    /** The associations of the account's instances, by instance id. */
    public Map<String, InstanceProfileAssociation> associations(Connection c, String accountId) throws SQLException {
        Map<String, InstanceProfileAssociation> byInstance = new HashMap<>();
        for (InstanceProfileAssociation a : StoreRows.list(c, "SELECT a.association_id, a.instance_id, a.profile_id,"
                + " a.profile_arn, a.associated_at FROM instance_profile_associations a JOIN instances i"
                + " ON i.instance_id = a.instance_id WHERE i.account_id = ?", InstanceRepository::association, accountId)) {
            byInstance.put(a.instanceId(), a);
        }
        return byInstance;
    }

    /**
     * Attaches a profile, unless the instance has one: the unique key on the instance decides, so of
     * two transactions attaching to one instance only one does. Returns whether this one did.
     */
    public boolean associate(Connection c, InstanceProfileAssociation association) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO instance_profile_associations ("
                + ASSOCIATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance_id) DO NOTHING")) {
            insert.setString(1, association.associationId());
            insert.setString(2, association.instanceId());
            insert.setString(3, association.profileId());
            insert.setString(4, association.profileArn());
            insert.setString(5, association.associatedAt().toString());
            return insert.executeUpdate() == 1;
        }
    }

    /** Ends an association; returns whether there was it. */
    public boolean disassociate(Connection c, String associationId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM instance_profile_associations WHERE association_id = ?")) {
            delete.setString(1, associationId);
            return delete.executeUpdate() > 0;
        }
    }

    /** The roles the instance may hand to its containers, in the order granted. */
    public List<String> taskRoles(Connection c, String instanceId) throws SQLException {
        return StoreRows.list(c, "SELECT role_arn FROM instance_task_roles WHERE instance_id = ?"
                + " ORDER BY granted_at, role_arn", r -> r.getString(1), instanceId);
    }

    /** The task roles of the account's instances, by instance id. */
    public Map<String, List<String>> taskRolesInAccount(Connection c, String accountId) throws SQLException {
        Map<String, List<String>> byInstance = new HashMap<>();
        StoreRows.list(c, "SELECT t.instance_id, t.role_arn FROM instance_task_roles t JOIN instances i"
                + " ON i.instance_id = t.instance_id WHERE i.account_id = ? ORDER BY t.granted_at, t.role_arn",
                r -> {
                    byInstance.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                    return Boolean.TRUE;
                }, accountId);
        return byInstance;
    }

    public int countTaskRoles(Connection c, String instanceId) throws SQLException {
        return StoreRows.count(c, "SELECT COUNT(*) FROM instance_task_roles WHERE instance_id = ?", instanceId);
    }

    /** Grants a task role unless it is granted already; returns whether this call did. */
    public boolean grantTaskRole(Connection c, String instanceId, String roleArn, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO instance_task_roles (instance_id, role_arn,"
                + " granted_at) VALUES (?, ?, ?) ON CONFLICT (instance_id, role_arn) DO NOTHING")) {
            insert.setString(1, instanceId);
            insert.setString(2, roleArn);
            insert.setString(3, at.toString());
            return insert.executeUpdate() == 1;
        }
    }

    /** Revokes a task role; returns whether it was granted. */
    public boolean revokeTaskRole(Connection c, String instanceId, String roleArn) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM instance_task_roles WHERE instance_id = ? AND role_arn = ?")) {
            delete.setString(1, instanceId);
            delete.setString(2, roleArn);
            return delete.executeUpdate() > 0;
        }
    }

    /** The instance of a row, with its association and task roles. */
    public static Instance instance(InstanceRow row, Optional<InstanceProfileAssociation> association,
            List<String> taskRoles) {
        return new Instance(row.instanceId(), row.accountId(), row.name(), row.region(), row.reservationId(),
                row.accessKeyId(), row.createdAt(), row.options(), association, taskRoles);
    }

    private static InstanceRow row(ResultSet r) throws SQLException {
        return new InstanceRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), new InstanceMetadataOptions(r.getString(8), r.getInt(9), r.getString(10)),
                Instant.parse(r.getString(11)));
    }

    private static InstanceProfileAssociation association(ResultSet r) throws SQLException {
        return new InstanceProfileAssociation(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                Instant.parse(r.getString(5)));
    }
}
