package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Mints temporary credentials: a fresh {@code ASIA…} key id (carrying the account, as AWS's do), a
 * secret, and the session token sealing everything about the session. Nothing is stored. STS's
 * operations and the instance calls (a registered instance's role credentials) mint through it.
 *
 * <p>Thread-safe.
 */
public final class SessionMint {
    private final SessionTokenCodec tokens;
    private final RandomGenerator random;

    public SessionMint(SessionTokenCodec tokens, RandomGenerator random) {
        this.tokens = tokens;
        this.random = random;
    }

    /** A minted session: its claims (the key pair among them) and its sealed token. */
    public record Minted(SessionClaims claims, String sessionToken) {
        public Minted {
            requireNonNull(claims, "claims is null");
            requireNonNull(sessionToken, "sessionToken is null");
        }

        @Override
        public String toString() {
            return "Minted[" + claims + "]";
        }
    }

    /**
     * Mints a session of {@code accountId}: {@code claims} makes its claims from the new access key
     * id and secret.
     */
    public Minted mint(String accountId, BiFunction<String, String, SessionClaims> claims) {
        SessionClaims made = claims.apply(AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, accountId, random).value(),
                SecretAccessKey.mint(random));
        return new Minted(made, tokens.seal(made));
    }
}
