package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, compiled policy document. Keeps the original text byte for byte beside the
 * compiled statements, which are indexed by effect and by service prefix so that an evaluation
 * touches only statements that can match the action. Immutable and thread-safe; compile once,
 * evaluate many times.
 */
public final class Policy {
    private static final Statement[] NONE = new Statement[0];

    private final String text;
    private final PolicyType type;
    private final String name;
    private final Optional<String> version;
    private final Optional<String> id;
    private final List<Statement> statements;
    private final Index index;

    Policy(String text, PolicyType type, String name, Optional<String> version, Optional<String> id,
            List<Statement> statements) {
        this.text = requireNonNull(text, "text is null");
        this.type = requireNonNull(type, "type is null");
        this.name = requireNonNull(name, "name is null");
        this.version = requireNonNull(version, "version is null");
        this.id = requireNonNull(id, "id is null");
        this.statements = List.copyOf(statements);
        this.index = new Index(this.statements);
    }

    private Policy(Policy p, String name) {
        this.text = p.text;
        this.type = p.type;
        this.name = name;
        this.version = p.version;
        this.id = p.id;
        this.statements = p.statements;
        this.index = p.index;
    }

    /**
     * Parses, validates and compiles a document with the type's default size limit. Never throws
     * (except for a null type): every problem is a finding.
     */
    public static ParseResult parse(String json, PolicyType type) {
        return PolicyReader.read(json, type, requireNonNull(type, "type is null").defaultMaxSize());
    }

    /**
     * As {@link #parse(String, PolicyType)} with another size limit (in characters not counting
     * white space), e.g. a raised ACLSizePerRole quota of 4,096.
     */
    public static ParseResult parse(String json, PolicyType type, int maxSize) {
        return PolicyReader.read(json, type, maxSize);
    }

    /** The document exactly as given. */
    public String text() {
        return text;
    }

    public PolicyType type() {
        return type;
    }

    /** The caller's name for the policy (an ARN, or "user inline policy X"), used in explanations. */
    public String name() {
        return name;
    }

    /** A copy named for explanations; shares the compiled form. */
    public Policy withName(String name) {
        return new Policy(this, requireNonNull(name, "name is null"));
    }

    /** {@code 2012-10-17}, {@code 2008-10-17}, or empty when absent. */
    public Optional<String> version() {
        return version;
    }

    /** The {@code Id} element. */
    public Optional<String> id() {
        return id;
    }

    public int statementCount() {
        return statements.size();
    }

    /** The {@code Sid} of statement {@code index}, if any. */
    public Optional<String> sid(int index) {
        return statements.get(index).sid();
    }

    /** Where statement {@code index} sits in {@link #text()}. */
    public SourceSpan statementSpan(int index) {
        return statements.get(index).span();
    }

    /** Every condition key the policy mentions, as written (for context-entry prompts). */
    public Set<String> conditionKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Statement s : statements) {
            for (Condition c : s.conditions()) {
                keys.add(c.key);
            }
        }
        return keys;
    }

    List<Statement> statements() {
        return statements;
    }

    /** The statements whose actions may include the service: {@code [deny, allow]} arrays. */
    Statement[][] candidates(String service) {
        return index.get(service);
    }

    /** Statements that may match any service (NotAction, wildcard prefixes): {@code [deny, allow]}. */
    Statement[][] anyService() {
        return index.anyService;
    }

    MatchedStatement describe(Statement s) {
        return new MatchedStatement(name, type, s.index(), s.sid(), s.effect(), s.span());
    }

    @Override
    public String toString() {
        return "Policy[" + (name.isEmpty() ? type : name) + ", " + statements.size() + " statements]";
    }

    /**
     * Statements by lower-cased service prefix, each entry a {@code [deny, allow]} pair of arrays
     * in document order: one lookup serves both effects. A small open-addressing table comparing
     * cached hashes before strings (measured: {@code Map.copyOf}'s probe was a sixth of a typical
     * decision).
     */
    private static final class Index {
        private static final Statement[][] EMPTY = {NONE, NONE};

        private final String[] keys;
        private final int[] hashes;
        private final Statement[][][] values;
        private final int mask;
        final Statement[][] anyService;

        Index(List<Statement> statements) {
            Map<String, List<List<Statement>>> by = new HashMap<>();
            List<List<Statement>> any = List.of(new ArrayList<>(), new ArrayList<>());
            for (Statement s : statements) {
                int e = s.effect() == Effect.DENY ? 0 : 1;
                boolean wildcard = s.notAction() || s.actions().stream().anyMatch(a -> a.service() == null);
                if (wildcard) {
                    any.get(e).add(s);
                    continue;
                }
                Set<String> services = new LinkedHashSet<>();
                for (ActionPattern a : s.actions()) {
                    services.add(a.service());
                }
                for (String svc : services) {
                    by.computeIfAbsent(svc, k -> List.of(new ArrayList<>(), new ArrayList<>())).get(e).add(s);
                }
            }
            int size = Integer.highestOneBit(Math.max(1, by.size() * 2)) * 2;
            this.keys = new String[size];
            this.hashes = new int[size];
            this.values = new Statement[size][][];
            this.mask = size - 1;
            by.forEach((k, v) -> {
                int i = k.hashCode() & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                hashes[i] = k.hashCode();
                values[i] = new Statement[][] {v.get(0).toArray(NONE), v.get(1).toArray(NONE)};
            });
            this.anyService = new Statement[][] {any.get(0).toArray(NONE), any.get(1).toArray(NONE)};
        }

        Statement[][] get(String service) {
            int h = service.hashCode();
            for (int i = h & mask; ; i = (i + 1) & mask) {
                String k = keys[i];
                if (k == null) {
                    return EMPTY;
                }
                if (hashes[i] == h && k.equals(service)) {
                    return values[i];
                }
            }
        }
    }
}
