package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.PermissionRows.TagRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Tags on IAM entities: reading them from input, merging, and the condition keys they give. */
final class Tags {
    private static final int MAX_PER_ENTITY = 50;

    private Tags() {
    }

    /** The {@code Tags} of an input; duplicate keys (compared case-insensitively) are refused as IAM does. */
    static List<Tag> from(StructValue input, String member) {
        List<Tag> tags = new ArrayList<>();
        for (StructValue t : input.optionalList(member).map(l -> input.structList(member)).orElse(List.of())) {
            tags.add(new Tag(t.string("Key"), t.optionalString("Value").orElse("")));
        }
        return distinct(tags);
    }

    /** A request's tags, whose keys (compared case-insensitively) must be distinct, as IAM requires. */
    static List<Tag> distinct(List<Tag> tags) {
        Set<String> seen = new HashSet<>();
        for (Tag tag : tags) {
            if (!seen.add(tag.key().toLowerCase(Locale.ROOT))) {
                throw new ServiceException(AwsErrorCode.INVALID_INPUT,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        return tags;
    }

    /** Tags as a result shows them: left out when there are none, as IAM's results leave them out. */
    static Optional<List<Tag>> shown(List<Tag> tags) {
        return tags.isEmpty() ? Optional.empty() : Optional.of(tags);
    }

    /** {@code aws:RequestTag/K} for each tag and {@code aws:TagKeys}, the keys IAM supplies with tags. */
    static Map<String, ContextValue> requestKeys(List<Tag> tags) {
        Map<String, ContextValue> keys = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Tag tag : tags) {
            keys.put("aws:RequestTag/" + tag.key(), ContextValue.string(tag.value()));
            names.add(tag.key());
        }
        if (!names.isEmpty()) {
            keys.put("aws:TagKeys", ContextValue.strings(names));
        }
        return keys;
    }

    /** {@code existing} with {@code added} applied: a key given again replaces its value, keeping its place. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added, String quota) {
        Map<String, Tag> byKey = new LinkedHashMap<>();
        for (Tag tag : existing) {
            byKey.put(tag.key().toLowerCase(Locale.ROOT), tag);
        }
        for (Tag tag : added) {
            byKey.put(tag.key().toLowerCase(Locale.ROOT), tag);
        }
        if (byKey.size() > MAX_PER_ENTITY) {
            throw IamErrors.limit(quota, MAX_PER_ENTITY);
        }
        return List.copyOf(byKey.values());
    }

    static List<Tag> remove(List<Tag> existing, List<String> keys) {
        Set<String> drop = new HashSet<>();
        keys.forEach(k -> drop.add(k.toLowerCase(Locale.ROOT)));
        return existing.stream().filter(t -> !drop.contains(t.key().toLowerCase(Locale.ROOT))).toList();
    }

    static List<TagRow> rows(String entityId, List<Tag> tags) {
        List<TagRow> rows = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            rows.add(new TagRow(entityId, tags.get(i).key(), tags.get(i).value(), i));
        }
        return rows;
    }

    static List<StructValue> output(List<Tag> tags) {
        return tags.stream().map(t -> StructValue.builder().put("Key", t.key()).put("Value", t.value()).build()).toList();
    }
}
