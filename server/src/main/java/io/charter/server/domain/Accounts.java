package io.charter.server.domain;

import io.charter.server.identity.Account;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.NewAccessKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The accounts of the store, and the management account every store starts from. Thread-safe. */
public final class Accounts {
    private final Directory directory;

    public Accounts(Directory directory) {
        this.directory = directory;
    }

    /**
     * Creates the management account, its root principal and a root access key, all in one
     * transaction, unless the store has its management account already. Returns the new key only
     * when it was created. A store bootstrapped for another account id is refused: the account id
     * is chosen once, at first start.
     *
     * @throws BootstrapMismatchException for a store of another management account
     */
    public Optional<NewAccessKey> bootstrap(String accountId) {
        return directory.write((c, store) -> {
            Optional<Account> management = store.identities().listAccounts(c).stream()
                    .filter(Account::management).findFirst();
            if (management.isPresent()) {
                if (!management.get().accountId().equals(accountId)) {
                    throw new BootstrapMismatchException(management.get().accountId(), accountId);
                }
                return Optional.<NewAccessKey>empty();
            }
            Instant now = directory.clock().instant();
            store.identities().insertAccount(c, new Account(accountId, "management", Optional.empty(), true, now));
            Identity root = new Identity(accountId, accountId, IdentityKind.ROOT, accountId, "/", now);
            store.identities().insertPrincipal(c, root);
            return Optional.of(AccessKeys.insert(c, store, directory, root, now));
        });
    }

    /** Every account, by id. */
    public List<Account> list() {
        return directory.read((c, store) -> store.identities().listAccounts(c));
    }

    public Optional<Account> find(String accountId) {
        return directory.read((c, store) -> store.identities().findAccount(c, accountId));
    }
}
