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
    private final Index allow;
    private final Index deny;

    Policy(String text, PolicyType type, String name, Optional<String> version, Optional<String> id,
            List<Statement> statements) {
        this.text = requireNonNull(text, "text is null");
        this.type = requireNonNull(type, "type is null");
        this.name = requireNonNull(name, "name is null");
        this.version = requireNonNull(version, "version is null");
        this.id = requireNonNull(id, "id is null");
        this.statements = List.copyOf(statements);
        this.allow = new Index(this.statements, Effect.ALLOW);
        this.deny = new Index(this.statements, Effect.DENY);
    }

    private Policy(Policy p, String name) {
        this.text = p.text;
        this.type = p.type;
        this.name = name;
        this.version = p.version;
        this.id = p.id;
        this.statements = p.statements;
        this.allow = p.allow;
        this.deny = p.deny;
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

    /** Statements of this effect whose actions may include the request's service. */
    Statement[] candidates(Effect effect, String service) {
        Index i = effect == Effect.ALLOW ? allow : deny;
        Statement[] s = i.byService.get(service);
        return s == null ? NONE : s;
    }

    /** Statements of this effect that may match any service (NotAction, wildcard prefixes). */
    Statement[] anyService(Effect effect) {
        return effect == Effect.ALLOW ? allow.anyService : deny.anyService;
    }

    MatchedStatement describe(Statement s) {
        return new MatchedStatement(name, type, s.index(), s.sid(), s.effect(), s.span());
    }

    @Override
    public String toString() {
        return "Policy[" + (name.isEmpty() ? type : name) + ", " + statements.size() + " statements]";
    }

    /** Statements of one effect by lower-cased service prefix, in document order. */
    private static final class Index {
        final Map<String, Statement[]> byService;
        final Statement[] anyService;

        Index(List<Statement> statements, Effect effect) {
            Map<String, List<Statement>> by = new HashMap<>();
            List<Statement> any = new ArrayList<>();
            for (Statement s : statements) {
                if (s.effect() != effect) {
                    continue;
                }
                boolean wildcard = s.notAction() || s.actions().stream().anyMatch(a -> a.service() == null);
                if (wildcard) {
                    any.add(s);
                    continue;
                }
                Set<String> services = new LinkedHashSet<>();
                for (ActionPattern a : s.actions()) {
                    services.add(a.service());
                }
                for (String svc : services) {
                    by.computeIfAbsent(svc, k -> new ArrayList<>()).add(s);
                }
            }
            Map<String, Statement[]> frozen = new HashMap<>();
            by.forEach((k, v) -> frozen.put(k, v.toArray(Statement[]::new)));
            this.byService = Map.copyOf(frozen);
            this.anyService = any.toArray(Statement[]::new);
        }
    }
}
