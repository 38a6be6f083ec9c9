package io.charter.server.store;

import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.Organization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for {@code organization} and {@code create_account_requests}. Stateless and thread-safe. */
public final class OrganizationRepository {

    public Optional<Organization> organization(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT org_id, management_account, created_at FROM organization");
                ResultSet r = query.executeQuery()) {
            return r.next() ? Optional.of(new Organization(r.getString(1), r.getString(2), Instant.parse(r.getString(3))))
                    : Optional.empty();
        }
    }

    public void insertOrganization(Connection c, Organization row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO organization (org_id, management_account, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, row.orgId());
            insert.setString(2, row.managementAccount());
            insert.setString(3, row.createdAt().toString());
            insert.executeUpdate();
        }
    }

    public void insertRequest(Connection c, CreateAccountStatus row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO create_account_requests (request_id, account_name,"
                + " email, state, failure_reason, account_id, requested_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.requestId());
            insert.setString(2, row.accountName());
            insert.setString(3, row.email());
            insert.setString(4, row.state());
            insert.setString(5, row.failureReason().orElse(null));
            insert.setString(6, row.accountId().orElse(null));
            insert.setString(7, row.requestedAt().toString());
            insert.setString(8, row.completedAt().map(Instant::toString).orElse(null));
            insert.executeUpdate();
        }
    }

    public Optional<CreateAccountStatus> request(Connection c, String requestId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT request_id, account_name, email, state, failure_reason,"
                + " account_id, requested_at, completed_at FROM create_account_requests WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet r = query.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CreateAccountStatus(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        Optional.ofNullable(r.getString(5)), Optional.ofNullable(r.getString(6)),
                        Instant.parse(r.getString(7)), Optional.ofNullable(r.getString(8)).map(Instant::parse)));
            }
        }
    }
}
