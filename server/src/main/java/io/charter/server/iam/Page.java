package io.charter.server.iam;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * IAM's pagination ({@code Marker}, {@code MaxItems}, {@code IsTruncated}) over a list already in
 * its stable order. The marker is opaque to clients: the position of the next item, encoded.
 *
 * @param start the position of the page's first item in the whole list
 * @param items the items of this page
 * @param nextMarker the marker of the next page, when the list is truncated
 */
record Page<T>(int start, List<T> items, Optional<String> nextMarker) {
    static final int DEFAULT_MAX_ITEMS = 100;

    static <T> Page<T> of(List<T> all, StructValue input) {
        return of(all, input.optionalString("Marker"), input.optionalInt("MaxItems").stream().boxed().findFirst());
    }

    /** The page of {@code all} a request's {@code Marker} and {@code MaxItems} ask for. */
    static <T> Page<T> of(List<T> all, Optional<String> marker, Optional<Integer> maxItems) {
        int max = maxItems.orElse(DEFAULT_MAX_ITEMS);
        int start = marker.map(Page::position).orElse(0);
        if (start < 0 || start > all.size()) {
            throw invalidMarker();
        }
        int end = Math.min(all.size(), start + max);
        Optional<String> next = end < all.size() ? Optional.of(marker(end)) : Optional.empty();
        return new Page<>(start, List.copyOf(all.subList(start, end)), next);
    }

    /**
     * This page cut after its first {@code count} items, the rest left to the next page (AWS: a
     * page may hold fewer than {@code MaxItems} items while {@code IsTruncated} is true).
     */
    Page<T> truncatedAfter(int count) {
        if (count < 1 || count >= items.size()) {
            throw new IllegalArgumentException("a page is cut after 1 to " + (items.size() - 1) + " items, not " + count);
        }
        return new Page<>(start, items.subList(0, count), Optional.of(marker(start + count)));
    }

    /** Whether more items follow this page ({@code IsTruncated}). */
    boolean isTruncated() {
        return nextMarker.isPresent();
    }

    /** Adds {@code IsTruncated} and, when truncated, {@code Marker} to an output. */
    StructValue.Builder addTo(StructValue.Builder output) {
        output.put("IsTruncated", nextMarker.isPresent());
        nextMarker.ifPresent(m -> output.put("Marker", m));
        return output;
    }

    private static String marker(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p1:" + position).getBytes(StandardCharsets.US_ASCII));
    }

    private static int position(String marker) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.US_ASCII);
            if (text.startsWith("p1:")) {
                return Integer.parseInt(text.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw invalidMarker();
    }

    private static ServiceException invalidMarker() {
        return new ServiceException(AwsErrorCode.INVALID_INPUT, "Invalid Marker: the marker does not come from a previous"
                + " response of this operation.");
    }
}
