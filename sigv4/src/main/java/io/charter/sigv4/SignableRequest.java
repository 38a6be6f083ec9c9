package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP request as the signature sees it: everything exactly as on the wire, nothing decoded.
 * Header values are hashed as the UTF-8 of these strings, so the server must decode header bytes
 * as UTF-8 (what SDKs sign), not ISO-8859-1, if a client ever sends non-ASCII values.
 *
 * @param method   HTTP method, e.g. {@code POST}
 * @param rawPath  the path exactly as received, still percent-encoded; empty means {@code /}
 * @param rawQuery the query string exactly as received, without the {@code ?}; may be empty
 * @param headers  the header lines in arrival order, duplicates kept
 * @param payload  the body
 */
public record SignableRequest(String method, String rawPath, String rawQuery, List<Header> headers, Payload payload) {

    public SignableRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(payload, "payload is null");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        headers = List.copyOf(headers);
    }

    /** The value of the first header called {@code name} (any case), if present. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(firstHeader(name));
    }

    /** Same as {@link #header} without the Optional, for the hot path; {@code null} when absent. */
    String firstHeader(String lowerCaseName) {
        for (Header header : headers) {
            if (header.hasName(lowerCaseName)) {
                return header.value();
            }
        }
        return null;
    }

    /** How many times the header {@code lowerCaseName} is given. */
    int headerCount(String lowerCaseName) {
        int count = 0;
        for (Header header : headers) {
            if (header.hasName(lowerCaseName)) {
                count++;
            }
        }
        return count;
    }

    public SignableRequest withMethod(String newMethod) {
        return new SignableRequest(newMethod, rawPath, rawQuery, headers, payload);
    }

    public SignableRequest withRawPath(String newRawPath) {
        return new SignableRequest(method, newRawPath, rawQuery, headers, payload);
    }

    public SignableRequest withRawQuery(String newRawQuery) {
        return new SignableRequest(method, rawPath, newRawQuery, headers, payload);
    }

    public SignableRequest withHeaders(List<Header> newHeaders) {
        return new SignableRequest(method, rawPath, rawQuery, newHeaders, payload);
    }

    public SignableRequest withPayload(Payload newPayload) {
        return new SignableRequest(method, rawPath, rawQuery, headers, newPayload);
    }

    /** A copy with {@code header} appended after the existing headers. */
    public SignableRequest withHeader(Header header) {
        List<Header> copy = new ArrayList<>(headers.size() + 1);
        copy.addAll(headers);
        copy.add(header);
        return withHeaders(copy);
    }

    /** A copy without any header called {@code name} (any case). */
    public SignableRequest withoutHeader(String name) {
        List<Header> copy = new ArrayList<>(headers.size());
        for (Header header : headers) {
            if (!header.hasName(name)) {
                copy.add(header);
            }
        }
        return withHeaders(copy);
    }
}
