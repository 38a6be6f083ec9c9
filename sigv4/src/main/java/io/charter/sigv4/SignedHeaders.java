package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Step 1e of SigV4: the signed header names, lower case, sorted, joined by {@code ;}.
 * Immutable and thread-safe.
 */
public final class SignedHeaders {

    private final List<String> names;
    private final String text;

    private SignedHeaders(List<String> names, String text) {
        this.names = names;
        this.text = text;
    }

    /** The signed headers for the given header names: lower-cased, de-duplicated, sorted. */
    public static SignedHeaders of(Collection<String> headerNames) {
        requireNonNull(headerNames, "headerNames is null");
        TreeSet<String> sorted = new TreeSet<>();
        for (String name : headerNames) {
            sorted.add(name.toLowerCase(Locale.ROOT));
        }
        List<String> names = List.copyOf(sorted);
        return new SignedHeaders(names, String.join(";", names));
    }

    /**
     * The signed headers as a client sent them ({@code SignedHeaders=} / {@code X-Amz-SignedHeaders}).
     * Names are taken as given; the list is sorted only if the client did not sort it, so the
     * usual case keeps the received text without copying it.
     */
    public static SignedHeaders parse(String text) {
        requireNonNull(text, "text is null");
        List<String> names = new ArrayList<>(6);
        boolean sorted = true;
        int start = 0;
        while (start <= text.length()) {
            int semicolon = text.indexOf(';', start);
            int end = semicolon < 0 ? text.length() : semicolon;
            if (end > start) {
                String name = text.substring(start, end);
                if (!names.isEmpty() && names.get(names.size() - 1).compareTo(name) > 0) {
                    sorted = false;
                }
                names.add(name);
            }
            start = end + 1;
        }
        if (sorted) {
            return new SignedHeaders(List.copyOf(names), text);
        }
        names.sort(null);
        return new SignedHeaders(List.copyOf(names), String.join(";", names));
    }

    /** The names, lower case as signed, in canonical order. */
    public List<String> names() {
        return names;
    }

    /** {@code name1;name2;...}, as it goes into the canonical request. */
    public String text() {
        return text;
    }

    public boolean contains(String lowerCaseName) {
        return names.contains(lowerCaseName);
    }

    /** Whether {@code name} is signed, ignoring ASCII case (no allocation). */
    public boolean containsIgnoreCase(String name) {
        for (String signed : names) {
            if (signed.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedHeaders that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
