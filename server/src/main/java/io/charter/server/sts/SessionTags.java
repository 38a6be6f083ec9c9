package io.charter.server.sts;

import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Tag;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Session tags as STS handles them: at most 50, keys case-insensitive, transitive keys among the
 * requested tags, and the transitive tags of a calling session carried into a chained one, which
 * the caller cannot override (§3.5 of the reference).
 *
 * @param tags every tag of the new session, inherited transitive ones first
 * @param transitiveKeys the keys that carry on to the next chained session
 * @param requested the tags this request passed (what {@code aws:RequestTag} shows)
 */
record SessionTags(List<SessionTag> tags, List<String> transitiveKeys, List<SessionTag> requested) {

    /**
     * The tags of a new session from the request's {@code Tags} and {@code TransitiveTagKeys}, and
     * the transitive tags of the calling session, if any.
     */
    static SessionTags from(List<Tag> tags, List<String> transitiveTagKeys, Optional<SessionClaims> caller) {
        List<SessionTag> requested = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            SessionTag tag = new SessionTag(t.key(), t.value());
            if (!seen.add(lower(tag.key()))) {
                throw invalid("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            requested.add(tag);
        }
        List<String> transitive = List.copyOf(transitiveTagKeys);
        for (String key : transitive) {
            if (!seen.contains(lower(key))) {
                throw invalid("The specified transitive tag key must be included in the requested tags.");
            }
        }
        List<SessionTag> all = new ArrayList<>();
        List<String> allTransitive = new ArrayList<>();
        if (caller.isPresent()) {
            Set<String> inherited = new HashSet<>();
            caller.get().transitiveTagKeys().forEach(k -> inherited.add(lower(k)));
            for (SessionTag tag : caller.get().tags()) {
                if (inherited.contains(lower(tag.key()))) {
                    if (seen.contains(lower(tag.key()))) {
                        throw invalid("One of the specified transitive tag keys can't be set because it conflicts"
                                + " with a transitive tag key from the calling session.");
                    }
                    all.add(tag);
                    allTransitive.add(tag.key());
                }
            }
        }
        all.addAll(requested);
        allTransitive.addAll(transitive);
        return new SessionTags(List.copyOf(all), List.copyOf(allTransitive), List.copyOf(requested));
    }

    /** {@code aws:RequestTag/K}, {@code aws:TagKeys} and {@code sts:TransitiveTagKeys} for the request. */
    Map<String, ContextValue> requestKeys() {
        Map<String, ContextValue> keys = new HashMap<>();
        if (!requested.isEmpty()) {
            requested.forEach(t -> keys.put("aws:RequestTag/" + t.key(), ContextValue.string(t.value())));
            keys.put("aws:TagKeys", ContextValue.strings(requested.stream().map(SessionTag::key).toList()));
        }
        if (!transitiveKeys.isEmpty()) {
            keys.put("sts:TransitiveTagKeys", ContextValue.strings(transitiveKeys));
        }
        return keys;
    }

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, message);
    }
}
