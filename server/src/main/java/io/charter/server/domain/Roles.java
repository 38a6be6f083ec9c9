package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.store.RoleRepository.RoleRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * IAM roles: created (by CreateRole, CreateServiceLinkedRole and Organizations' CreateAccount, all
 * through {@link #insert}), changed and deleted, each in one transaction that checks its
 * preconditions against the store. Thread-safe.
 */
public final class Roles {
    /** A role's longest session when none is given (one hour, as in AWS). */
    public static final int DEFAULT_MAX_SESSION = 3600;

    private final Directory directory;

    public Roles(Directory directory) {
        this.directory = directory;
    }

    /**
     * A role to create; the trust policy was validated by the caller.
     *
     * @param tags the role's tags (their keys checked distinct)
     * @param boundaryArn the permissions boundary, a policy the account can see
     */
    public record NewRole(String accountId, String name, String path, String trustPolicy, Optional<String> description,
            int maxSessionDuration, List<Tag> tags, Optional<String> boundaryArn) {
        public NewRole {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(path, "path is null");
            requireNonNull(trustPolicy, "trustPolicy is null");
            requireNonNull(description, "description is null");
            tags = List.copyOf(tags);
            requireNonNull(boundaryArn, "boundaryArn is null");
        }
    }

    /** Creates a role; a role of that name (compared case-insensitively) is {@code EntityAlreadyExists}. */
    public Written<Identity> create(NewRole role, Instant at) {
        return create(role, at, () -> IamErrors.roleExists(role.name()));
    }

    /** Creates a role, answering {@code taken} when the account has a role of that name. */
    public Written<Identity> create(NewRole role, Instant at, Supplier<ServiceException> taken) {
        Identity created = directory.write((c, store) -> insert(c, store, directory, role, at, taken));
        return new Written<>(created, directory.snapshot());
    }

    /**
     * Changes a role's description and longest session, each when given; the trust policy stays as
     * stored. Returns the role and the state after the change.
     */
    public Written<Identity> update(Identity role, Optional<String> description, Optional<Integer> maxSessionDuration) {
        directory.write((c, store) -> {
            RoleRow row = store.roles().find(c, role.uniqueId()).orElseThrow(() -> IamErrors.noSuchRole(role.name()));
            store.roles().update(c, new RoleRow(row.roleId(), row.trustPolicy(), description.or(row::description),
                    maxSessionDuration.orElse(row.maxSessionDuration())));
            return null;
        });
        return new Written<>(role, directory.snapshot());
    }

    /** Replaces a role's trust policy (validated by the caller). */
    public void updateTrust(Identity role, String trustPolicy) {
        directory.write((c, store) -> {
            RoleRow row = store.roles().find(c, role.uniqueId()).orElseThrow(() -> IamErrors.noSuchRole(role.name()));
            store.roles().update(c, new RoleRow(row.roleId(), trustPolicy, row.description(), row.maxSessionDuration()));
            return null;
        });
    }

    /**
     * Deletes a role and what hangs off it. A role that still has inline or attached policies, or is
     * in an instance profile, is refused with {@code DeleteConflict}, checked in the transaction.
     */
    public void delete(Identity role) {
        directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, role.uniqueId()).isEmpty()) {
                throw IamErrors.noSuchRole(role.name());
            }
            if (!store.permissions().inlineOf(c, role.uniqueId()).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
            }
            if (!store.permissions().attachmentsOf(c, role.uniqueId()).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
            }
            if (!store.instanceProfiles().profilesOf(c, role.uniqueId()).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must remove roles from instance profile first.");
            }
            store.permissions().deleteEntity(c, role.uniqueId());
            store.roles().delete(c, role.uniqueId());
            store.identities().deletePrincipal(c, role.uniqueId());
            return null;
        });
    }

    /**
     * Inserts a role, its trust policy, tags and boundary on the caller's transaction: the one place
     * roles are created.
     */
    static Identity insert(Connection c, Directory.Repositories store, Directory directory, NewRole role, Instant at,
            Supplier<ServiceException> taken) throws SQLException {
        if (store.identities().findPrincipal(c, role.accountId(), IdentityKind.ROLE, role.name()).isPresent()) {
            throw taken.get();
        }
        Identity created = new Identity(UniqueId.ROLE.mint(directory.random()), role.accountId(), IdentityKind.ROLE,
                role.name(), role.path(), at);
        store.identities().insertPrincipal(c, created);
        store.roles().insert(c, new RoleRow(created.uniqueId(), role.trustPolicy(), role.description(),
                role.maxSessionDuration()));
        EntityTags.replace(c, store, created.uniqueId(), role.tags());
        if (role.boundaryArn().isPresent()) {
            EntityPermissions.requireAttachable(c, store, role.boundaryArn().get());
            store.permissions().setBoundary(c, created.uniqueId(), role.boundaryArn().get());
        }
        return created;
    }
}
