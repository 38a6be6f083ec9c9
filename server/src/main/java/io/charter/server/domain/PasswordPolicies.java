package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.PasswordPolicy;

/**
 * Accounts' password policies, which {@link LoginProfiles} applies to new passwords. Control-plane
 * state: read from the store, not the snapshot. Thread-safe.
 */
public final class PasswordPolicies {
    private final Directory directory;

    public PasswordPolicies(Directory directory) {
        this.directory = directory;
    }

    /** Sets the account's policy, replacing the one it had. */
    public void put(String accountId, PasswordPolicy policy) {
        directory.write((c, store) -> {
            store.loginProfiles().putPolicy(c, accountId, policy);
            return null;
        });
    }

    /** The account's policy; none is {@code NoSuchEntity}. */
    public PasswordPolicy policyOf(String accountId) {
        return directory.read((c, store) -> store.loginProfiles().policy(c, accountId))
                .orElseThrow(() -> IamErrors.noSuchPasswordPolicy(accountId));
    }

    /** Removes the account's policy (IAM's default applies again); none is {@code NoSuchEntity}. */
    public void delete(String accountId) {
        directory.write((c, store) -> {
            if (!store.loginProfiles().deletePolicy(c, accountId)) {
                throw IamErrors.noSuchPasswordPolicy(accountId);
            }
            return null;
        });
    }
}
