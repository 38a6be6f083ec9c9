package io.charter.server.ec2;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EC2's {@code Filter.N.Name} / {@code Filter.N.Value.M}: a resource matches when every filter
 * matches, and a filter matches when any of its values matches any of the resource's values for
 * the filter's name. Values are patterns with EC2's wildcards: {@code *} any run of characters,
 * {@code ?} one character, {@code \} escapes the next character. A name the call does not know is
 * {@code InvalidParameterValue} ({@code The filter 'NAME' is invalid}); {@code tag:KEY} names are
 * known where tags are. Immutable.
 */
record Filters(List<Filter> filters) {
    /** The prefix of a filter on the value of one tag key. */
    static final String TAG_PREFIX = "tag:";

    /** One filter: a name and the patterns it accepts. */
    record Filter(String name, List<String> values) {
        Filter {
            requireNonNull(name, "name is null");
            values = List.copyOf(values);
        }
    }

    Filters {
        filters = List.copyOf(filters);
    }

    /**
     * The request's {@code Filters}, each name checked against {@code names} (and {@code tag:KEY}
     * when {@code tags}).
     *
     * @throws ServiceException {@code InvalidParameterValue} for an unknown name
     */
    static Filters from(StructValue input, Set<String> names, boolean tags) {
        List<Filter> filters = new ArrayList<>();
        for (StructValue f : input.optionalList("Filters").map(l -> l.structs()).orElse(List.of())) {
            String name = f.optionalString("Name").orElse("");
            boolean tagName = tags && name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length();
            if (!names.contains(name) && !tagName) {
                throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "The filter '" + name + "' is invalid");
            }
            filters.add(new Filter(name, f.optionalList("Values").map(l -> l.strings()).orElse(List.of())));
        }
        return new Filters(filters);
    }

    /** Whether a resource with these values (by filter name; a name not there has none) matches. */
    boolean matches(Map<String, List<String>> values) {
        for (Filter filter : filters) {
            List<String> actual = values.getOrDefault(filter.name(), List.of());
            boolean any = false;
            for (String pattern : filter.values()) {
                for (String value : actual) {
                    if (matches(pattern, value)) {
                        any = true;
                        break;
                    }
                }
                if (any) {
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** EC2's wildcard match, linear with backtracking to the last star only (no regex). */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
                continue;
            }
            if (p < pattern.length()) {
                char c = pattern.charAt(p);
                int width = 1;
                boolean literal = false;
                if (c == '\\' && p + 1 < pattern.length()) {
                    c = pattern.charAt(p + 1);
                    width = 2;
                    literal = true;
                }
                if ((!literal && c == '?') || c == value.charAt(v)) {
                    p += width;
                    v++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            p = star + 1;
            v = ++resume;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
