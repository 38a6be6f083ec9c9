package io.charter.server.ec2;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * EC2's pagination ({@code MaxResults}, {@code NextToken}) over a list sorted by a unique key: a
 * page holds up to {@code MaxResults} items (5 to 1000; all when it is absent) and, when more
 * follow, a {@code NextToken} naming the last item given, opaque to the client, so a page after an
 * item that was deleted meanwhile still starts at the right place. {@code MaxResults} with the
 * call's list of ids is {@code InvalidParameterCombination}, as EC2 answers; a token that is not
 * one of ours is {@code InvalidPaginationToken}.
 *
 * @param items the page
 * @param nextToken the token of the next page, when there is one
 */
record Ec2Pages<T>(List<T> items, Optional<String> nextToken) {
    static final int MIN_RESULTS = 5;
    static final int MAX_RESULTS = 1000;
    private static final String VERSION = "1:";

    Ec2Pages {
        items = List.copyOf(items);
        requireNonNull(nextToken, "nextToken is null");
    }

    /**
     * Checks {@code MaxResults} before anything is read.
     *
     * @param idsParameter the wire name of the call's list of ids ({@code instancesSet}), given
     *     when the request lists ids
     */
    static OptionalInt maxResults(StructValue input, Optional<String> idsParameter) {
        OptionalInt max = input.optionalInt("MaxResults");
        if (max.isEmpty()) {
            return max;
        }
        if (idsParameter.isPresent()) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_COMBINATION,
                    "The parameter " + idsParameter.get() + " cannot be used with the parameter maxResults");
        }
        if (max.getAsInt() < MIN_RESULTS || max.getAsInt() > MAX_RESULTS) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + max.getAsInt()
                    + ") for parameter MaxResults is invalid. It must be between " + MIN_RESULTS + " and " + MAX_RESULTS + ".");
        }
        return max;
    }

    /** The page of {@code sorted} (ascending by {@code key}) that the request's token and limit ask for. */
    static <T> Ec2Pages<T> of(List<T> sorted, Function<T, String> key, StructValue input, OptionalInt maxResults) {
        Optional<String> after = input.optionalString("NextToken").filter(t -> !t.isEmpty()).map(Ec2Pages::after);
        int start = 0;
        if (after.isPresent()) {
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after.get()) <= 0) {
                start++;
            }
        }
        int end = maxResults.isPresent() ? Math.min(sorted.size(), start + maxResults.getAsInt()) : sorted.size();
        Optional<String> next = end < sorted.size() ? Optional.of(token(key.apply(sorted.get(end - 1)))) : Optional.empty();
        return new Ec2Pages<>(sorted.subList(start, end), next);
    }

    static String token(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String after(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION) && text.length() > VERSION.length()) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        throw new ServiceException(AwsErrorCode.INVALID_PAGINATION_TOKEN,
                "The specified pagination token is not valid or is expired.");
    }
}
