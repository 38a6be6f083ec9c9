package io.charter.server.s3;

import io.helidon.webserver.http.ServerRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What of a client's request goes on to the store, and what of the store's answer comes back.
 * The client's signature, its session token and its body's framing stay with Charter (the store
 * gets a request signed with its own key, with the body decoded); hop-by-hop headers stay on their
 * hop. Stateless.
 */
final class StoreHeaders {
    /** The client's headers the store never sees. */
    private static final Set<String> TO_STORE_DROPPED = Set.of("authorization", "host", "x-amz-date",
            "x-amz-security-token", "x-amz-content-sha256", "x-amz-decoded-content-length", "x-amz-trailer",
            "x-amz-sdk-checksum-algorithm",
            "content-length", "transfer-encoding", "connection", "keep-alive", "expect", "te", "upgrade",
            "proxy-authorization", "proxy-connection");
    /** The store's headers the client never sees (Charter sends its own ids). */
    static final Set<String> FROM_STORE_DROPPED = Set.of("connection", "keep-alive", "transfer-encoding",
            "x-amz-request-id", "x-amz-id-2", "server", "date", "upgrade", "te", "trailer");
    /** A presigned URL's parameters (SigV4's, and signature version 2's): Charter's to check, not the store's. */
    private static final Set<String> PRESIGN_PARAMETERS = Set.of("x-amz-algorithm", "x-amz-credential", "x-amz-date",
            "x-amz-expires", "x-amz-signedheaders", "x-amz-signature", "x-amz-security-token", "awsaccesskeyid",
            "signature", "expires");

    private StoreHeaders() {
    }

    /** The client's headers for the store; {@code Content-Encoding} loses its {@code aws-chunked} coding. */
    static List<Map.Entry<String, String>> toStore(ServerRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (var header : request.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (TO_STORE_DROPPED.contains(name)) {
                continue;
            }
            for (String value : header.allValues()) {
                if (name.equals("content-encoding")) {
                    Optional<String> rest = withoutAwsChunked(value);
                    rest.ifPresent(v -> headers.add(Map.entry(header.name(), v)));
                } else {
                    headers.add(Map.entry(header.name(), value));
                }
            }
        }
        return headers;
    }

    private static Optional<String> withoutAwsChunked(String value) {
        List<String> codings = new ArrayList<>();
        for (String coding : value.split(",")) {
            String c = coding.strip();
            if (!c.isEmpty() && !c.equalsIgnoreCase("aws-chunked")) {
                codings.add(c);
            }
        }
        return codings.isEmpty() ? Optional.empty() : Optional.of(String.join(",", codings));
    }

    /** The query for the store: the client's, raw, less a presigned URL's parameters. */
    static String storeQuery(ServerRequest request) {
        String raw = request.query().rawValue();
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        StringBuilder kept = new StringBuilder(raw.length());
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = (equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (PRESIGN_PARAMETERS.contains(name)) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.toString();
    }

    static String md5Base64(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
