package io.charter.server.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.policy.PolicyType;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.StoredPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The AWS managed policies Charter ships as data ({@code io/charter/server/iam/managed/policies.tsv.gz},
 * written by {@code tools/aws-managed-policies.py}), loaded once from the classpath; they exist in
 * every account under {@code arn:aws:iam::aws:policy/...}.
 *
 * <p>Each line of the file holds one policy: its metadata as a compact JSON object, a tab, and the
 * default version's document as compact JSON text. Only the metadata is parsed at load; the
 * document text is kept as written (AWS's key order and values) and compiled when first used (see
 * {@link #compiled()}), so the start pays for reading about 1,480 small objects, not for parsing
 * or compiling 2.7 MB of policy. Bad data stops the load with a sentence naming the line;
 * nothing is skipped or corrected.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class AwsManagedPolicies {
    static final String RESOURCE = "/io/charter/server/iam/managed/policies.tsv.gz";

    private static final Set<String> FIELDS = Set.of(
            "PolicyName", "PolicyId", "Path", "DefaultVersionId", "Description", "CreateDate", "UpdateDate");

    private final List<AwsManagedPolicy> all;
    private final Map<String, AwsManagedPolicy> byArn;
    private final Map<String, AwsManagedPolicy> byName;

    private AwsManagedPolicies(List<AwsManagedPolicy> policies) {
        Map<String, AwsManagedPolicy> arns = new LinkedHashMap<>();
        Map<String, AwsManagedPolicy> names = new LinkedHashMap<>();
        for (AwsManagedPolicy policy : policies) {
            if (arns.putIfAbsent(policy.arn(), policy) != null) {
                throw new IllegalStateException("AWS managed policy " + policy.arn() + " is listed twice");
            }
            if (names.putIfAbsent(policy.name(), policy) != null) {
                throw new IllegalStateException("two AWS managed policies are named " + policy.name());
            }
        }
        this.all = List.copyOf(policies);
        this.byArn = Map.copyOf(arns);
        this.byName = Map.copyOf(names);
    }

    /** Loads every policy of the shipped file; fails with a sentence if it is missing or a line is malformed. */
    public static AwsManagedPolicies loadFromClasspath() {
        ObjectMapper mapper = new ObjectMapper();
        List<AwsManagedPolicy> policies = new ArrayList<>();
        String[] lines = read().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                policies.add(parse(mapper, "line " + (i + 1), lines[i]));
            }
        }
        return new AwsManagedPolicies(policies);
    }

    /** All policies, in the file's order (by name). */
    public Collection<AwsManagedPolicy> all() {
        return all;
    }

    /** The policy with this exact ARN, e.g. {@code arn:aws:iam::aws:policy/job-function/ViewOnlyAccess}. */
    public Optional<AwsManagedPolicy> byArn(String arn) {
        requireNonNull(arn, "arn is null");
        return Optional.ofNullable(byArn.get(arn));
    }

    /** The policy with this exact name (names are unique among AWS managed policies). */
    public Optional<AwsManagedPolicy> byName(String name) {
        requireNonNull(name, "name is null");
        return Optional.ofNullable(byName.get(name));
    }

    /** One line: the metadata object, a tab, the document's JSON text; {@code where} names the line in errors. */
    static AwsManagedPolicy parse(ObjectMapper mapper, String where, String line) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new IllegalStateException("AWS managed policy " + where + " has no tab between metadata and document");
        }
        JsonNode root;
        try {
            root = mapper.readTree(line.substring(0, tab));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("AWS managed policy " + where + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalStateException("AWS managed policy " + where + " does not start with a JSON object");
        }
        for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException("AWS managed policy " + where + " has unknown field '" + field + "'");
            }
        }
        String document = line.substring(tab + 1);
        if (!document.startsWith("{") || !document.endsWith("}")) {
            throw new IllegalStateException("AWS managed policy " + where + " has no document object");
        }
        String name = text(object, "PolicyName", where);
        String path = text(object, "Path", where);
        try {
            return new AwsManagedPolicy(
                    name,
                    text(object, "PolicyId", where),
                    AwsManagedPolicy.ARN_PREFIX + path + name,
                    path,
                    text(object, "DefaultVersionId", where),
                    text(object, "Description", where),
                    instant(object, "CreateDate", where),
                    instant(object, "UpdateDate", where),
                    document);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("AWS managed policy " + where + ": " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode object, String field, String file) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("AWS managed policy " + file + " has no text field '" + field + "'");
        }
        return value.textValue();
    }

    private static Instant instant(ObjectNode object, String field, String file) {
        String value = text(object, field, file);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("AWS managed policy " + file + " has " + field + " '" + value
                    + "', not an ISO-8601 UTC time", e);
        }
    }

    private static String read() {
        try (InputStream in = AwsManagedPolicies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("AWS managed policy resource " + RESOURCE + " is missing");
            }
            try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
                return new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read AWS managed policy resource " + RESOURCE, e);
        }
    }

    /**
     * Every AWS managed policy as a {@link ManagedPolicy} of no account, its document compiled
     * once, when first used (AwsManagedPoliciesTest compiles every one). AWS managed documents are
     * exempt from the customer size quota, as in AWS.
     */
    public List<ManagedPolicy> compiled() {
        List<ManagedPolicy> out = new ArrayList<>();
        for (AwsManagedPolicy p : all()) {
            StoredPolicy document = StoredPolicy.lazy(p.documentText(), PolicyType.IDENTITY, p.arn());
            out.add(new ManagedPolicy(p.arn(), p.policyId(), Optional.empty(), p.name(), p.path(), p.description(),
                    p.defaultVersionId(), List.of(new PolicyVersion(p.defaultVersionId(), document, p.updateDate())),
                    p.createDate(), p.updateDate()));
        }
        return List.copyOf(out);
    }
}
