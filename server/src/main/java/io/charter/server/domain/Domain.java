package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.crypto.MasterKey;

/**
 * The domain layer of one process, wired once: the intent-named services over the one
 * {@link Directory}, from which operations take what they need. Each service owns its
 * transactions; none is seen by anything below it.
 */
public record Domain(Directory directory, Accounts accounts, Users users, Roles roles, AccessKeys accessKeys,
        EntityTags tags, EntityPermissions permissions, ManagedPolicies policies, SessionRevocations revocations,
        Organizations organizations, Groups groups, InstanceProfiles instanceProfiles, MfaDevices mfaDevices,
        LoginProfiles loginProfiles, PasswordPolicies passwordPolicies, AccountAliases accountAliases,
        Buckets buckets, Instances instances) {
    public Domain {
        requireNonNull(directory, "directory is null");
        requireNonNull(accounts, "accounts is null");
        requireNonNull(users, "users is null");
        requireNonNull(roles, "roles is null");
        requireNonNull(accessKeys, "accessKeys is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(permissions, "permissions is null");
        requireNonNull(policies, "policies is null");
        requireNonNull(revocations, "revocations is null");
        requireNonNull(organizations, "organizations is null");
        requireNonNull(groups, "groups is null");
        requireNonNull(instanceProfiles, "instanceProfiles is null");
        requireNonNull(mfaDevices, "mfaDevices is null");
        requireNonNull(loginProfiles, "loginProfiles is null");
        requireNonNull(passwordPolicies, "passwordPolicies is null");
        requireNonNull(accountAliases, "accountAliases is null");
        requireNonNull(buckets, "buckets is null");
        requireNonNull(instances, "instances is null");
    }

    /** Every domain service over {@code directory}. */
    public static Domain over(Directory directory) {
        MasterKey masterKey = directory.masterKey();
        return new Domain(directory, new Accounts(directory), new Users(directory), new Roles(directory),
                new AccessKeys(directory), new EntityTags(directory), new EntityPermissions(directory),
                new ManagedPolicies(directory), new SessionRevocations(directory), new Organizations(directory),
                new Groups(directory), new InstanceProfiles(directory), new MfaDevices(directory, masterKey),
                new LoginProfiles(directory), new PasswordPolicies(directory), new AccountAliases(directory),
                new Buckets(directory), new Instances(directory));
    }
}
