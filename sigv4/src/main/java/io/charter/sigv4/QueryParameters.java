package io.charter.sigv4;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoded parameters of a raw query, in order, for looking up the {@code X-Amz-*} ones.
 * Decoding is lenient (a bad escape stays literal); {@link SignatureParser} rejects bad escapes
 * at its own step. Immutable.
 */
final class QueryParameters {

    static final QueryParameters NONE = new QueryParameters(List.of(), List.of());

    private final List<String> keys;
    private final List<String> values;

    private QueryParameters(List<String> keys, List<String> values) {
        this.keys = keys;
        this.values = values;
    }

    static QueryParameters parse(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return NONE;
        }
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int length = rawQuery.length();
        int start = 0;
        while (start <= length) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                int keyEnd = eq < 0 || eq > end ? end : eq;
                keys.add(PercentEncoding.decodeQueryElement(rawQuery, start, keyEnd));
                values.add(keyEnd < end ? PercentEncoding.decodeQueryElement(rawQuery, keyEnd + 1, end) : "");
            }
            start = end + 1;
        }
        return new QueryParameters(keys, values);
    }

    /** The value of the first parameter called {@code key} (case-sensitive), or {@code null}. */
    String first(String key) {
        int index = keys.indexOf(key);
        return index < 0 ? null : values.get(index);
    }

    boolean contains(String key) {
        return keys.contains(key);
    }
}
