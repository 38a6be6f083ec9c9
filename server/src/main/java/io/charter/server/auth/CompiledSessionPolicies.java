package io.charter.server.auth;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Inline session policies compiled once per distinct text. A session carries its policy as text in
 * its stateless token, so without this every request signed by the session would parse and
 * compile it again. Bounded: when full the cache starts over, which costs recompilation, never
 * correctness.
 *
 * <p>Thread-safe.
 */
final class CompiledSessionPolicies {
    private final int capacity;
    private final ConcurrentMap<String, Optional<Policy>> byText = new ConcurrentHashMap<>();

    CompiledSessionPolicies(int capacity) {
        this.capacity = capacity;
    }

    /** The compiled policy, or empty if the text no longer parses (the caller denies). */
    Optional<Policy> compile(String text) {
        Optional<Policy> cached = byText.get(text);
        if (cached != null) {
            return cached;
        }
        if (byText.size() >= capacity) {
            byText.clear();
        }
        return byText.computeIfAbsent(text, t -> Policy.parse(t, PolicyType.SESSION, Integer.MAX_VALUE).policy());
    }
}
