package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an S3 request points: its bucket and key, from the path (path style, always served) or
 * from the host under the configured domain (virtual-hosted style, {@code bucket.s3.localhost}),
 * and the path the object store is sent, always path style and still percent-encoded as the
 * client encoded it. Immutable.
 *
 * @param bucket the bucket, when the request names one
 * @param key the object key, decoded (it may hold '/'), when the request names one
 * @param storePath the path-style path for the store: {@code /bucket/key}, encoded as received
 */
record S3Address(Optional<String> bucket, Optional<String> key, String storePath) {
    S3Address {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(storePath, "storePath is null");
    }

    /**
     * The address of a request to {@code host} (its {@code Host} header, port and all) for {@code
     * rawPath}, with virtual-hosted style under {@code domain}.
     *
     * @throws ServiceException {@code InvalidArgument} for a path that does not decode as UTF-8
     */
    static S3Address of(String host, String rawPath, Optional<String> domain) {
        Optional<String> hostBucket = domain.flatMap(d -> bucketOfHost(host, d));
        if (hostBucket.isPresent()) {
            String bucket = hostBucket.get();
            Optional<String> key = rawPath.length() > 1 ? Optional.of(decode(rawPath.substring(1))) : Optional.empty();
            return new S3Address(Optional.of(bucket), key, "/" + bucket + (rawPath.isEmpty() ? "/" : rawPath));
        }
        String path = rawPath.isEmpty() ? "/" : rawPath;
        int slash = path.indexOf('/', 1);
        String rawBucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        if (rawBucket.isEmpty()) {
            return new S3Address(Optional.empty(), Optional.empty(), "/");
        }
        String rawKey = slash < 0 ? "" : path.substring(slash + 1);
        Optional<String> key = rawKey.isEmpty() ? Optional.empty() : Optional.of(decode(rawKey));
        return new S3Address(Optional.of(decode(rawBucket)), key, path);
    }

    /** Whether {@code host} lies under {@code domain} (the request is virtual-hosted style). */
    static boolean underDomain(String host, String domain) {
        return bucketOfHost(host, domain).isPresent();
    }

    private static Optional<String> bucketOfHost(String host, String domain) {
        String name = hostName(host);
        String suffix = "." + domain;
        if (name.length() > suffix.length() && name.endsWith(suffix)) {
            return Optional.of(name.substring(0, name.length() - suffix.length()));
        }
        return Optional.empty();
    }

    /** The host name of a {@code Host} header, lower case, without its port. */
    static String hostName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end < 0 ? name : name.substring(0, end + 1);
        }
        int colon = name.lastIndexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** Percent-decodes a path segment as UTF-8 ('+' stays '+', as in any path). */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw invalidPath();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalidPath();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                int next = raw.indexOf('%', i);
                int end = next < 0 ? raw.length() : next;
                byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalidPath();
        }
    }

    private static ServiceException invalidPath() {
        return new ServiceException(AwsErrorCode.INVALID_ARGUMENT, "Couldn't parse the specified URI.");
    }
}
