package io.charter.server.domain;

import io.charter.server.crypto.PasswordHash;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.LoginProfile;
import io.charter.server.identity.PasswordPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users' console passwords (login profiles), kept only as slow hashes ({@link PasswordHash}); a
 * password never appears in an answer, an error or a log. Control-plane state: read from the
 * store, not the snapshot.
 *
 * <p>A new password is checked against the account's password policy (IAM's default policy when
 * there is none) and its PasswordReusePrevention, and hashed, outside the store's transaction,
 * because hashing is deliberately slow; the transaction then checks its preconditions again, and
 * that neither the policy nor the user's password history changed meanwhile, answering
 * {@code EntityTemporarilyUnmodifiable} if they did. Thread-safe.
 */
public final class LoginProfiles {
    private final Directory directory;

    public LoginProfiles(Directory directory) {
        this.directory = directory;
    }

    /**
     * Gives {@code user} a console password. A user that has one already is
     * {@code EntityAlreadyExists}; a password the policy does not admit, or one of the user's
     * previous passwords it forbids, is {@code PasswordPolicyViolation}.
     */
    public LoginProfile create(Identity user, String password, boolean resetRequired, Instant at) {
        if (directory.read((c, store) -> store.loginProfiles().find(c, user.uniqueId())).isPresent()) {
            throw IamErrors.loginProfileExists(user.name());
        }
        Vetted vetted = vet(user, password);
        LoginProfile profile = new LoginProfile(user.uniqueId(), vetted.hash(), resetRequired, at);
        directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, user.uniqueId()).isEmpty()) {
                throw IamErrors.noSuchUser(user.name());
            }
            if (store.loginProfiles().find(c, user.uniqueId()).isPresent()) {
                throw IamErrors.loginProfileExists(user.name());
            }
            recheck(c, store, user, vetted);
            store.loginProfiles().insert(c, profile);
            store.loginProfiles().remember(c, user.uniqueId(), vetted.hash());
            return null;
        });
        return profile;
    }

    /** The user's login profile; none is {@code NoSuchEntity}. */
    public LoginProfile profileOf(Identity user) {
        return directory.read((c, store) -> store.loginProfiles().find(c, user.uniqueId()))
                .orElseThrow(() -> IamErrors.noSuchLoginProfile(user.name()));
    }

    /** The login profiles of those of {@code users} that have one, by user id, read at one moment. */
    public Map<String, LoginProfile> profilesOf(Collection<Identity> users) {
        return directory.read((c, store) -> {
            Map<String, LoginProfile> found = new HashMap<>();
            for (Identity user : users) {
                store.loginProfiles().find(c, user.uniqueId()).ifPresent(p -> found.put(user.uniqueId(), p));
            }
            return found;
        });
    }

    /**
     * Changes the user's password and/or whether it must be reset, each when given. A user without a
     * login profile is {@code NoSuchEntity}; a new password is vetted as by {@link #create}.
     */
    public void update(Identity user, Optional<String> password, Optional<Boolean> resetRequired) {
        if (directory.read((c, store) -> store.loginProfiles().find(c, user.uniqueId())).isEmpty()) {
            throw IamErrors.noSuchLoginProfile(user.name());
        }
        Optional<Vetted> vetted = password.map(p -> vet(user, p));
        directory.write((c, store) -> {
            LoginProfile current = store.loginProfiles().find(c, user.uniqueId())
                    .orElseThrow(() -> IamErrors.noSuchLoginProfile(user.name()));
            if (vetted.isPresent()) {
                recheck(c, store, user, vetted.get());
                store.loginProfiles().remember(c, user.uniqueId(), vetted.get().hash());
            }
            store.loginProfiles().update(c, user.uniqueId(), vetted.map(Vetted::hash).orElse(current.passwordHash()),
                    resetRequired.orElse(current.passwordResetRequired()));
            return null;
        });
    }

    /** Removes the user's login profile (its password history stays); none is {@code NoSuchEntity}. */
    public void delete(Identity user) {
        directory.write((c, store) -> {
            if (!store.loginProfiles().delete(c, user.uniqueId())) {
                throw IamErrors.noSuchLoginProfile(user.name());
            }
            return null;
        });
    }

    /**
     * The user changes its own password, which then need not be reset. Refused, in this order: no
     * login profile ({@code NoSuchEntity}), a wrong old password ({@code InvalidInput}), a new
     * password the policy forbids ({@code PasswordPolicyViolation}), a password changed meanwhile
     * ({@code EntityTemporarilyUnmodifiable}).
     */
    public void changePassword(Identity user, String oldPassword, String newPassword) {
        LoginProfile profile = profileOf(user);
        if (!PasswordHash.matches(oldPassword, profile.passwordHash())) {
            throw IamErrors.wrongOldPassword();
        }
        Vetted vetted = vet(user, newPassword);
        directory.write((c, store) -> {
            LoginProfile current = store.loginProfiles().find(c, user.uniqueId())
                    .orElseThrow(() -> IamErrors.noSuchLoginProfile(user.name()));
            if (!current.passwordHash().equals(profile.passwordHash())) {
                throw IamErrors.loginProfileChanging(user.name());
            }
            recheck(c, store, user, vetted);
            store.loginProfiles().update(c, user.uniqueId(), vetted.hash(), false);
            store.loginProfiles().remember(c, user.uniqueId(), vetted.hash());
            return null;
        });
    }

    /** A new password's hash, with the policy and history it was checked against. */
    private record Vetted(String hash, Optional<PasswordPolicy> policy, List<String> history) {
        @Override
        public String toString() {
            return "Vetted[policy=" + policy + "]";
        }
    }

    /** Checks a new password against the account's policy and the user's history, then hashes it. */
    private Vetted vet(Identity user, String password) {
        record State(Optional<PasswordPolicy> policy, List<String> history) {
        }
        State state = directory.read((c, store) -> new State(store.loginProfiles().policy(c, user.accountId()),
                store.loginProfiles().history(c, user.uniqueId())));
        if (!PasswordPolicy.admitted(state.policy(), password)) {
            throw IamErrors.passwordPolicyViolation();
        }
        int remembered = Math.min(state.history().size(),
                state.policy().map(PasswordPolicy::passwordReusePrevention).orElse(0));
        for (String previous : state.history().subList(0, remembered)) {
            if (PasswordHash.matches(password, previous)) {
                throw IamErrors.passwordPolicyViolation();
            }
        }
        return new Vetted(PasswordHash.of(password, directory.random()), state.policy(), state.history());
    }

    /** {@code EntityTemporarilyUnmodifiable} when the policy or the history a password was vetted against changed. */
    private static void recheck(Connection c, Directory.Repositories store, Identity user, Vetted vetted)
            throws SQLException {
        if (!store.loginProfiles().policy(c, user.accountId()).equals(vetted.policy())
                || !store.loginProfiles().history(c, user.uniqueId()).equals(vetted.history())) {
            throw IamErrors.loginProfileChanging(user.name());
        }
    }
}
