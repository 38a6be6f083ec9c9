package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.UniqueId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * IAM groups and their members: created, renamed or moved, deleted, joined and left, each in one
 * transaction that checks its preconditions and quotas against the store. A group's policies are
 * changed by {@link EntityPermissions}. Thread-safe.
 */
public final class Groups {
    private final Directory directory;

    public Groups(Directory directory) {
        this.directory = directory;
    }

    /**
     * Creates a group. A group of that name in the account (compared case-insensitively) is
     * {@code EntityAlreadyExists}; an account with {@link Quotas#GROUPS_PER_ACCOUNT} groups already is
     * {@code LimitExceeded}.
     */
    public Group create(String accountId, String name, String path, Instant at) {
        return directory.write((c, store) -> {
            if (store.groups().findGroup(c, accountId, name).isPresent()) {
                throw IamErrors.groupExists(name);
            }
            if (store.groups().countGroups(c, accountId) >= Quotas.GROUPS_PER_ACCOUNT) {
                throw IamErrors.limit("GroupsPerAccount", Quotas.GROUPS_PER_ACCOUNT);
            }
            Group created = new Group(UniqueId.GROUP.mint(directory.random()), accountId, name, path, at);
            store.groups().insertGroup(c, created);
            return created;
        });
    }

    /** Renames and/or moves a group; another group of the new name is {@code EntityAlreadyExists}. */
    public void update(Group group, String newName, String newPath) {
        directory.write((c, store) -> {
            requireExists(c, store, group);
            if (store.groups().findGroup(c, group.accountId(), newName)
                    .filter(other -> !other.groupId().equals(group.groupId())).isPresent()) {
                throw IamErrors.groupExists(newName);
            }
            store.groups().updateGroup(c, group.groupId(), newName, newPath);
            return null;
        });
    }

    /**
     * Deletes a group. A group that still has members, inline or attached policies is refused with
     * {@code DeleteConflict}, checked in the transaction in that order.
     */
    public void delete(Group group) {
        directory.write((c, store) -> {
            String id = group.groupId();
            requireExists(c, store, group);
            if (store.groups().countMembers(c, id) > 0) {
                throw IamErrors.conflict("Cannot delete entity, must remove users from group first.");
            }
            if (!store.permissions().inlineOf(c, id).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
            }
            if (!store.permissions().attachmentsOf(c, id).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
            }
            store.permissions().deleteEntity(c, id);
            store.groups().deleteGroup(c, id);
            return null;
        });
    }

    /**
     * Adds a user to a group; adding a member again changes nothing, as in AWS. A user in
     * {@link Quotas#GROUPS_PER_USER} groups already is {@code LimitExceeded}.
     */
    public void addUser(Group group, Identity user, Instant at) {
        directory.write((c, store) -> {
            requireExists(c, store, group);
            if (store.identities().findPrincipal(c, user.uniqueId()).filter(p -> p.kind() == IdentityKind.USER)
                    .isEmpty()) {
                throw IamErrors.noSuchUser(user.name());
            }
            if (store.groups().isMember(c, group.groupId(), user.uniqueId())) {
                return null;
            }
            if (store.groups().countMemberships(c, user.uniqueId()) >= Quotas.GROUPS_PER_USER) {
                throw IamErrors.limit("GroupsPerUser", Quotas.GROUPS_PER_USER);
            }
            store.groups().addMember(c, group.groupId(), user.uniqueId(), at);
            return null;
        });
    }

    /** Removes a user from a group; removing one that is not a member changes nothing, as observed of AWS. */
    public void removeUser(Group group, Identity user) {
        directory.write((c, store) -> store.groups().removeMember(c, group.groupId(), user.uniqueId()));
    }

    private static void requireExists(Connection c, Directory.Repositories store, Group group) throws SQLException {
        if (!store.groups().exists(c, group.groupId())) {
            throw IamErrors.noSuchGroup(group.name());
        }
    }
}
