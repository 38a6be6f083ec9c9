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

/**
 * The AWS managed policies Charter ships as data ({@code io/charter/server/iam/managed/}), loaded
 * once from the classpath; they exist in every account under {@code arn:aws:iam::aws:policy/...}.
 *
 * <p>Each {@code <PolicyName>.json} holds the metadata and the {@code Document} object of the
 * default version; {@code index.txt} names the files. The document text is the {@code Document}
 * value re-serialized compactly by Jackson: Jackson keeps object keys in file order, so the text
 * has AWS's key order and values, without the file's indentation. Bad data stops the load with a
 * sentence naming the file; nothing is skipped or corrected.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class AwsManagedPolicies {
    static final String RESOURCE_DIR = "/io/charter/server/iam/managed/";

    private static final Set<String> FIELDS = Set.of(
            "PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "Description",
            "CreateDate", "UpdateDate", "Document");

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

    /** Loads every policy listed in {@code index.txt}; fails with a sentence if any file is missing or malformed. */
    public static AwsManagedPolicies loadFromClasspath() {
        ObjectMapper mapper = new ObjectMapper();
        List<AwsManagedPolicy> policies = new ArrayList<>();
        for (String line : read("index.txt").split("\n", -1)) {
            String file = line.strip();
            if (!file.isEmpty()) {
                policies.add(parse(mapper, file, read(file)));
            }
        }
        return new AwsManagedPolicies(policies);
    }

    /** All policies, in {@code index.txt} order. */
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

    static AwsManagedPolicy parse(ObjectMapper mapper, String file, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("AWS managed policy file " + file + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalStateException("AWS managed policy file " + file + " does not hold a JSON object");
        }
        for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException("AWS managed policy file " + file + " has unknown field '" + field + "'");
            }
        }
        JsonNode document = object.get("Document");
        if (document == null || !document.isObject()) {
            throw new IllegalStateException("AWS managed policy file " + file + " has no Document object");
        }
        String name = text(object, "PolicyName", file);
        if (!file.equals(name + ".json")) {
            throw new IllegalStateException("AWS managed policy file " + file + " holds policy '" + name + "'");
        }
        try {
            return new AwsManagedPolicy(
                    name,
                    text(object, "PolicyId", file),
                    text(object, "Arn", file),
                    text(object, "Path", file),
                    text(object, "DefaultVersionId", file),
                    text(object, "Description", file),
                    instant(object, "CreateDate", file),
                    instant(object, "UpdateDate", file),
                    mapper.writeValueAsString(document));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalStateException("AWS managed policy file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode object, String field, String file) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("AWS managed policy file " + file + " has no text field '" + field + "'");
        }
        return value.textValue();
    }

    private static Instant instant(ObjectNode object, String field, String file) {
        String value = text(object, field, file);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("AWS managed policy file " + file + " has " + field + " '" + value
                    + "', not an ISO-8601 UTC time", e);
        }
    }

    private static String read(String file) {
        try (InputStream in = AwsManagedPolicies.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("AWS managed policy resource " + RESOURCE_DIR + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read AWS managed policy resource " + RESOURCE_DIR + file, e);
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
