package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import java.time.Instant;
import java.util.List;

/**
 * Account aliases: an account has at most {@link Quotas#ACCOUNT_ALIASES_PER_ACCOUNT}, and an alias
 * belongs to at most one account of the server. Control-plane state: read from the store, not the
 * snapshot (no request path reads it). Thread-safe.
 */
public final class AccountAliases {
    private final Directory directory;

    public AccountAliases(Directory directory) {
        this.directory = directory;
    }

    /**
     * Gives the account {@code alias}. An alias any account has is {@code EntityAlreadyExists}; an
     * account with its quota of aliases is {@code LimitExceeded}.
     */
    public void create(String accountId, String alias, Instant at) {
        directory.write((c, store) -> {
            if (store.aliases().owner(c, alias).isPresent()) {
                throw IamErrors.accountAliasExists(alias);
            }
            if (store.aliases().list(c, accountId).size() >= Quotas.ACCOUNT_ALIASES_PER_ACCOUNT) {
                throw IamErrors.limit("AccountAliasesPerAccount", Quotas.ACCOUNT_ALIASES_PER_ACCOUNT);
            }
            store.aliases().insert(c, accountId, alias, at);
            return null;
        });
    }

    /** The account's aliases, in order. */
    public List<String> aliasesOf(String accountId) {
        return directory.read((c, store) -> store.aliases().list(c, accountId));
    }

    /** Removes an alias of the account; one it does not have is {@code NoSuchEntity}. */
    public void delete(String accountId, String alias) {
        directory.write((c, store) -> {
            if (!store.aliases().delete(c, accountId, alias)) {
                throw IamErrors.noSuchAccountAlias(alias);
            }
            return null;
        });
    }
}
