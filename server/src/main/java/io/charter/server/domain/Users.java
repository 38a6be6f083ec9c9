package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** IAM users: created, renamed or moved, and deleted, each in one transaction. Thread-safe. */
public final class Users {
    private final Directory directory;

    public Users(Directory directory) {
        this.directory = directory;
    }

    /** A user to create, with its tags (keys checked distinct) and permissions boundary. */
    public record NewUser(String accountId, String name, String path, List<Tag> tags, Optional<String> boundaryArn) {
        public NewUser {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(path, "path is null");
            tags = List.copyOf(tags);
            requireNonNull(boundaryArn, "boundaryArn is null");
        }
    }

    /** Creates a user; a user of that name (compared case-insensitively) is {@code EntityAlreadyExists}. */
    public Written<Identity> create(NewUser user, Instant at) {
        Identity created = directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, user.accountId(), IdentityKind.USER, user.name()).isPresent()) {
                throw IamErrors.userExists(user.name());
            }
            Identity p = new Identity(UniqueId.USER.mint(directory.random()), user.accountId(), IdentityKind.USER,
                    user.name(), user.path(), at);
            store.identities().insertPrincipal(c, p);
            EntityTags.replace(c, store, p.uniqueId(), user.tags());
            if (user.boundaryArn().isPresent()) {
                EntityPermissions.requireAttachable(c, store, user.boundaryArn().get());
                store.permissions().setBoundary(c, p.uniqueId(), user.boundaryArn().get());
            }
            return p;
        });
        return new Written<>(created, directory.snapshot());
    }

    /** Renames and/or moves a user; another user of the new name is {@code EntityAlreadyExists}. */
    public void update(Identity user, String newName, String newPath) {
        directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, user.uniqueId()).isEmpty()) {
                throw IamErrors.noSuchUser(user.name());
            }
            if (store.identities().findPrincipal(c, user.accountId(), IdentityKind.USER, newName)
                    .filter(other -> !other.uniqueId().equals(user.uniqueId())).isPresent()) {
                throw IamErrors.userExists(newName);
            }
            store.identities().updatePrincipal(c, user.uniqueId(), newName, newPath);
            return null;
        });
    }

    /**
     * Deletes a user. A user that still has a login profile, access keys, MFA devices, inline or
     * attached policies or group memberships is refused with {@code DeleteConflict}, checked in the
     * transaction in the order AWS documents.
     */
    public void delete(Identity user) {
        directory.write((c, store) -> {
            String id = user.uniqueId();
            if (store.identities().findPrincipal(c, id).isEmpty()) {
                throw IamErrors.noSuchUser(user.name());
            }
            if (store.loginProfiles().find(c, id).isPresent()) {
                throw IamErrors.conflict("Cannot delete entity, must delete login profile first.");
            }
            if (store.identities().countAccessKeys(c, id) > 0) {
                throw IamErrors.conflict("Cannot delete entity, must delete access keys first.");
            }
            if (store.mfaDevices().countEnabled(c, id) > 0) {
                throw IamErrors.conflict("Cannot delete entity, must delete MFA device first.");
            }
            if (!store.permissions().inlineOf(c, id).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
            }
            if (!store.permissions().attachmentsOf(c, id).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
            }
            if (store.groups().countMemberships(c, id) > 0) {
                // AWS's wording (observed), the same as DeleteGroup's.
                throw IamErrors.conflict("Cannot delete entity, must remove users from group first.");
            }
            store.loginProfiles().deleteUser(c, id);
            store.permissions().deleteEntity(c, id);
            store.identities().deletePrincipal(c, id);
            return null;
        });
    }
}
