package io.charter.server.metadata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * IMDSv2 session tokens: random, held in memory only, each valid until its TTL passes by the
 * injected clock. At most {@link #MAX_TOKENS} are held: when full, the expired go first, then the
 * one that would expire soonest (a client that asks for tokens in a loop evicts its own).
 *
 * <p>Thread-safe.
 */
final class SessionTokens {
    /** EC2's bounds for {@code X-aws-ec2-metadata-token-ttl-seconds}. */
    static final int MIN_TTL_SECONDS = 1;
    static final int MAX_TTL_SECONDS = 21_600;
    static final int MAX_TOKENS = 16_384;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final RandomGenerator random;

    SessionTokens(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new token valid for {@code ttl}, which the caller has checked to be within EC2's bounds. */
    String issue(Duration ttl) {
        Instant now = clock.instant();
        if (expiries.size() >= MAX_TOKENS) {
            expiries.values().removeIf(expiry -> !now.isBefore(expiry));
            while (expiries.size() >= MAX_TOKENS) {
                Optional<Map.Entry<String, Instant>> soonest =
                        expiries.entrySet().stream().min(Comparator.comparing(Map.Entry::getValue));
                soonest.ifPresent(entry -> expiries.remove(entry.getKey(), entry.getValue()));
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(ttl));
        return token;
    }

    /** Whether {@code token} was issued here and has not expired; an expired one is forgotten. */
    boolean valid(String token) {
        Instant expiry = expiries.get(token);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            expiries.remove(token, expiry);
            return false;
        }
        return true;
    }

    int held() {
        return expiries.size();
    }
}
