package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step 1c of SigV4: the canonical query string. Stateless.
 *
 * <p>Each {@code key=value} pair of the raw query is decoded ({@code %XX}, and {@code +} as a
 * space) and encoded again with the SigV4 rules, so {@code %e1%88%b4}, {@code %E1%88%B4} and the
 * raw character all give {@code %E1%88%B4}. Pairs are sorted by encoded key, then encoded value; a
 * key without a value is written {@code key=}; empty pairs ({@code a=1&&b=2}) are dropped.
 */
public final class CanonicalQueryString {

    private static final Comparator<Pair> ORDER =
            Comparator.comparing(Pair::key).thenComparing(Pair::value);

    private record Pair(String key, String value) {
    }

    private CanonicalQueryString() {
    }

    /** The canonical form of {@code rawQuery} with every parameter. */
    public static String of(String rawQuery) {
        return of(rawQuery, List.of());
    }

    /**
     * The canonical form of {@code rawQuery} without the parameters named in {@code excludedKeys}
     * (compared after decoding; e.g. {@code X-Amz-Signature} when verifying a presigned URL).
     */
    public static String of(String rawQuery, List<String> excludedKeys) {
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(excludedKeys, "excludedKeys is null");
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<Pair> pairs = new ArrayList<>();
        StringBuilder scratch = new StringBuilder(64);
        int length = rawQuery.length();
        int start = 0;
        while (start <= length) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                int keyEnd = eq < 0 || eq > end ? end : eq;
                scratch.setLength(0);
                PercentEncoding.appendCanonicalQueryElement(scratch, rawQuery, start, keyEnd);
                String key = scratch.toString();
                if (!excludedKeys.contains(key)) {
                    scratch.setLength(0);
                    if (keyEnd < end) {
                        PercentEncoding.appendCanonicalQueryElement(scratch, rawQuery, keyEnd + 1, end);
                    }
                    pairs.add(new Pair(key, scratch.toString()));
                }
            }
            start = end + 1;
        }
        pairs.sort(ORDER);
        StringBuilder out = new StringBuilder(length + 16);
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append('&');
            }
            Pair pair = pairs.get(i);
            out.append(pair.key()).append('=').append(pair.value());
        }
        return out.toString();
    }
}
