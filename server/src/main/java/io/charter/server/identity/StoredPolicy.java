package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;

/**
 * A stored policy document, compiled the first time a request needs it and then kept: a store
 * with many principals starts without compiling every document, and holds compiled forms only for
 * the documents in use. The text was validated when written, so it compiles; should it not (say
 * after an engine change), it stands in as a policy that allows nothing (fail closed). Documents
 * of the same text can share one compilation ({@link Text}), each under its own name.
 *
 * <p>Thread-safe: two threads needing it at once may both compile it; either result is kept.
 */
public final class StoredPolicy {
    private final Text text;
    private final String name;
    private volatile Policy named;

    private StoredPolicy(Text text, String name, Policy named) {
        this.text = text;
        this.name = name;
        this.named = named;
    }

    /** A document already compiled. */
    public static StoredPolicy of(Policy compiled) {
        return new StoredPolicy(new Text(compiled.text(), compiled.type()), compiled.name(), compiled);
    }

    /** A document compiled on first use, under {@code name} (for explanations). */
    public static StoredPolicy lazy(String text, PolicyType type, String name) {
        return new Text(text, type).named(name);
    }

    /** The document exactly as stored; reading it compiles nothing. */
    public String text() {
        return text.text;
    }

    /** The compiled policy. */
    public Policy policy() {
        Policy policy = named;
        if (policy == null) {
            Policy compiled = text.compiled();
            policy = compiled == Unresolvable.POLICY || compiled == Unresolvable.TRUST ? compiled : compiled.withName(name);
            named = policy;
        }
        return policy;
    }

    /** One document text of one type; its named uses share its compilation. */
    public static final class Text {
        private final String text;
        private final PolicyType type;
        private volatile Policy compiled;

        public Text(String text, PolicyType type) {
            this.text = requireNonNull(text, "text is null");
            this.type = requireNonNull(type, "type is null");
        }

        public StoredPolicy named(String name) {
            return new StoredPolicy(this, requireNonNull(name, "name is null"), null);
        }

        private Policy compiled() {
            Policy policy = compiled;
            if (policy == null) {
                policy = Policy.parse(text, type, Integer.MAX_VALUE).policy()
                        .orElse(type == PolicyType.TRUST ? Unresolvable.TRUST : Unresolvable.POLICY);
                compiled = policy;
            }
            return policy;
        }
    }
}
