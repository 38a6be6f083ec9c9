package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instance profiles and the role each holds: created, deleted, given and relieved of their role,
 * each in one transaction that checks its preconditions and quotas against the store. They are
 * control-plane state kept in the store only, so they are read from it here too. Their tags are
 * changed by {@link EntityTags} ({@link TagTarget#instanceProfile}). Thread-safe.
 */
public final class InstanceProfiles {
    private final Directory directory;

    public InstanceProfiles(Directory directory) {
        this.directory = directory;
    }

    /** An instance profile to create, with its tags (keys checked distinct). */
    public record NewProfile(String accountId, String name, String path, List<Tag> tags) {
        public NewProfile {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(path, "path is null");
            tags = List.copyOf(tags);
        }
    }

    /** An instance profile with the unique ids of the roles it holds (at most one). */
    public record WithRoles(InstanceProfile profile, List<String> roleIds) {
        public WithRoles {
            requireNonNull(profile, "profile is null");
            roleIds = List.copyOf(roleIds);
        }
    }

    /** The account's profile of this name (compared case-insensitively). */
    public Optional<InstanceProfile> find(String accountId, String name) {
        return directory.read((c, store) -> store.instanceProfiles().find(c, accountId, name));
    }

    /**
     * The profile of this ARN ({@code arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME}), path and
     * all; empty for an ARN of another shape or a profile that does not exist.
     */
    public Optional<InstanceProfile> findByArn(String arn) {
        String[] parts = arn.split(":", 6);
        String prefix = "instance-profile/";
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam") || !parts[5].startsWith(prefix)) {
            return Optional.empty();
        }
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return find(parts[4], name).filter(profile -> profile.arn().equals(arn));
    }

    /** The unique ids of the roles a profile holds. */
    public List<String> roleIds(InstanceProfile profile) {
        return directory.read((c, store) -> store.instanceProfiles().roles(c, profile.profileId()));
    }

    /** The account's profiles by name, each with its roles. */
    public List<WithRoles> inAccount(String accountId) {
        return directory.read((c, store) -> {
            Map<String, List<String>> roles = store.instanceProfiles().rolesInAccount(c, accountId);
            return store.instanceProfiles().list(c, accountId).stream()
                    .map(p -> new WithRoles(p, roles.getOrDefault(p.profileId(), List.of())))
                    .toList();
        });
    }

    /** The profiles (of the role's account) that hold the role, by name. */
    public List<WithRoles> holding(Identity role) {
        return inAccount(role.accountId()).stream().filter(p -> p.roleIds().contains(role.uniqueId())).toList();
    }

    /** How many instance profiles the account has. */
    public int count(String accountId) {
        return directory.read((c, store) -> store.instanceProfiles().count(c, accountId));
    }

    /** Creates a profile with no role; a profile of that name (compared case-insensitively) is {@code EntityAlreadyExists}. */
    public Written<InstanceProfile> create(NewProfile profile, Instant at) {
        InstanceProfile created = directory.write((c, store) -> {
            if (store.instanceProfiles().find(c, profile.accountId(), profile.name()).isPresent()) {
                throw IamErrors.instanceProfileExists(profile.name());
            }
            InstanceProfile p = new InstanceProfile(UniqueId.INSTANCE_PROFILE.mint(directory.random()),
                    profile.accountId(), profile.name(), profile.path(), at);
            store.instanceProfiles().insert(c, p);
            EntityTags.replace(c, store, p.profileId(), profile.tags());
            return p;
        });
        return new Written<>(created, directory.snapshot());
    }

    /** Deletes a profile and its tags; a profile that still holds a role is refused with {@code DeleteConflict}. */
    public void delete(InstanceProfile profile) {
        directory.write((c, store) -> {
            requireExists(c, store, profile);
            if (!store.instanceProfiles().roles(c, profile.profileId()).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must remove roles from instance profile first.");
            }
            store.permissions().replaceTags(c, profile.profileId(), List.of());
            store.instanceProfiles().delete(c, profile.profileId());
            return null;
        });
    }

    /**
     * Puts a role in a profile. A profile holds {@link Quotas#ROLES_PER_INSTANCE_PROFILE} role, so
     * adding its own role again is {@code LimitExceeded} too, as in AWS.
     */
    public void addRole(InstanceProfile profile, Identity role) {
        directory.write((c, store) -> {
            requireExists(c, store, profile);
            if (store.identities().findPrincipal(c, role.uniqueId()).filter(p -> p.kind() == IdentityKind.ROLE)
                    .isEmpty()) {
                throw IamErrors.noSuchRole(role.name());
            }
            if (store.instanceProfiles().roles(c, profile.profileId()).size() >= Quotas.ROLES_PER_INSTANCE_PROFILE) {
                throw IamErrors.limit("InstanceSessionsPerInstanceProfile", Quotas.ROLES_PER_INSTANCE_PROFILE);
            }
            store.instanceProfiles().addRole(c, profile.profileId(), role.uniqueId());
            return null;
        });
    }

    /**
     * Takes a role out of a profile; a role the profile does not hold is {@code NoSuchEntity}.
     *
     * @param roleName the role's name as the request spelled it, which that error repeats
     */
    public void removeRole(InstanceProfile profile, Identity role, String roleName) {
        directory.write((c, store) -> {
            requireExists(c, store, profile);
            if (!store.instanceProfiles().removeRole(c, profile.profileId(), role.uniqueId())) {
                throw IamErrors.noSuchRole(roleName);
            }
            return null;
        });
    }

    private static void requireExists(Connection c, Directory.Repositories store, InstanceProfile profile)
            throws SQLException {
        if (!store.instanceProfiles().exists(c, profile.profileId())) {
            throw IamErrors.noSuchInstanceProfile(profile.name());
        }
    }
}
