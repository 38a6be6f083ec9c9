package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Tags in IAM requests and results: reading them, their distinct keys, and the condition keys they give. */
final class Tags {
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

    static List<StructValue> output(List<Tag> tags) {
        return tags.stream().map(t -> StructValue.builder().put("Key", t.key()).put("Value", t.value()).build()).toList();
    }
}
