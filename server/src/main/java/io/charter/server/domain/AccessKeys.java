package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.store.SealedAccessKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Long-term access keys of users and root users: minted with an {@code AKIA…} id that carries the
 * account, and a secret sealed at rest under the master key. Thread-safe.
 */
public final class AccessKeys {
    private final Directory directory;

    public AccessKeys(Directory directory) {
        this.directory = directory;
    }

    /**
     * A new active key for {@code owner}, created at {@code at}; its secret is returned this once.
     *
     * @throws io.charter.server.error.ServiceException {@code LimitExceeded} when the owner has its
     *     {@link Quotas#ACCESS_KEYS_PER_USER} keys already (counted in the transaction)
     */
    public NewAccessKey create(Identity owner, Instant at) {
        return directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, owner.uniqueId()).isEmpty()) {
                throw IamErrors.noSuchUser(owner.name());
            }
            if (store.identities().countAccessKeys(c, owner.uniqueId()) >= Quotas.ACCESS_KEYS_PER_USER) {
                throw IamErrors.limit("AccessKeysPerUser", Quotas.ACCESS_KEYS_PER_USER);
            }
            return insert(c, store, directory, owner, at);
        });
    }

    /** Activates or deactivates a key; a key deleted meanwhile is {@code NoSuchEntity}. */
    public void setStatus(String accessKeyId, AccessKeyStatus status) {
        directory.write((c, store) -> {
            if (!store.identities().updateAccessKeyStatus(c, accessKeyId, status.name())) {
                throw IamErrors.noSuchAccessKey(accessKeyId);
            }
            return null;
        });
    }

    /** Deletes a key; a key deleted meanwhile (by a concurrent deletion, say) is {@code NoSuchEntity}. */
    public void delete(String accessKeyId) {
        directory.write((c, store) -> {
            if (!store.identities().deleteAccessKey(c, accessKeyId)) {
                throw IamErrors.noSuchAccessKey(accessKeyId);
            }
            return null;
        });
    }

    /** Inserts a new active key for {@code owner} on the caller's transaction. */
    static NewAccessKey insert(Connection c, Directory.Repositories store, Directory directory, Identity owner,
            Instant at) throws SQLException {
        AccessKeyId id = AccessKeyId.mint(AccessKeyId.Kind.LONG_TERM, owner.accountId(), directory.random());
        String secret = SecretAccessKey.mint(directory.random());
        store.identities().insertAccessKey(c, new SealedAccessKey(id.value(), owner.accountId(), owner.uniqueId(),
                directory.masterKey().seal(secret, id.value()), AccessKeyStatus.Active.name(), at));
        return new NewAccessKey(id.value(), secret, owner);
    }
}
