package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.sigv4.Header;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A presigned URL of S3's signature version 2 ("Authenticating Requests: Using Query Parameters",
 * {@code ?AWSAccessKeyId=…&Signature=…&Expires=…}), what the AWS CLI v1's {@code aws s3 presign}
 * and boto3's {@code generate_presigned_url} make for a custom endpoint. The string to sign is
 * {@code METHOD\nContent-MD5\nContent-Type\nExpires\n} + the {@code x-amz-*} headers and query
 * parameters ({@code name:value\n}, sorted, a name's values joined by commas) + the resource (the
 * path style path as sent, plus the sub-resources among the query parameters, sorted, values
 * decoded); the signature is its HMAC-SHA1 with the secret, in base64.
 *
 * <p>Charter's choices where S3 is silent: {@code Content-MD5} and {@code Content-Type} are the
 * request's headers (a URL signed with them needs them sent; botocore's copies in the query are not
 * read, so a signed checksum is always one the store checks); the lifetime has no cap (S3 documents
 * none for version 2; a URL dies with its key or its session token), only S3's bound on the date
 * itself ({@code Expires} below 2<sup>31</sup>).
 *
 * <p>Immutable.
 *
 * @param accessKeyId the {@code AWSAccessKeyId} parameter
 * @param sessionToken the {@code x-amz-security-token} parameter or header, for temporary credentials
 * @param stringToSign what the signature signs
 * @param signature the {@code Signature} parameter, decoded (base64 text)
 */
record S3SignatureV2(String accessKeyId, Optional<String> sessionToken, String stringToSign, String signature) {
    static final String ACCESS_KEY_ID = "AWSAccessKeyId";
    static final String SIGNATURE = "Signature";
    static final String EXPIRES = "Expires";
    private static final String SECURITY_TOKEN = "x-amz-security-token";
    /** S3's bound on {@code Expires}: a signed 32-bit count of seconds. */
    private static final long MAX_EXPIRES = Integer.MAX_VALUE;
    /**
     * The query parameters that belong to the signed resource: botocore's {@code QSAOfInterest},
     * which S3's documented list (and its {@code response-*} overrides) lies within.
     */
    static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "analytics", "cors", "defaultObjectAcl",
            "delete", "inventory", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
            "partNumber", "policy", "replication", "requestPayment", "response-cache-control",
            "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires", "restore", "select", "select-type", "storageClass",
            "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website");

    S3SignatureV2 {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(sessionToken, "sessionToken is null");
        requireNonNull(stringToSign, "stringToSign is null");
        requireNonNull(signature, "signature is null");
    }

    /** One query parameter: its decoded name and value, and whether it had an '='. */
    record Parameter(String name, String value, boolean hasValue) {
        Parameter {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** Whether a request's query is signed with version 2: it names {@code AWSAccessKeyId} or {@code Signature}. */
    static boolean isPresigned(List<Parameter> query) {
        return query.stream().anyMatch(p -> p.name().equals(ACCESS_KEY_ID) || p.name().equals(SIGNATURE));
    }

    /**
     * A raw query's parameters in order, names and values percent-decoded ('+' stays '+', as botocore
     * decodes them when it signs).
     *
     * @throws ServiceException {@code InvalidArgument} for an escape that does not decode
     */
    static List<Parameter> parameters(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = S3Address.decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : S3Address.decode(pair.substring(equals + 1));
            parameters.add(new Parameter(name, value, equals >= 0));
        }
        return parameters;
    }

    /**
     * The signature of a presigned request, checked for S3's required parameters and its expiry.
     *
     * @param resourcePath the request's path style path as sent ({@code /bucket/key}, the bucket put in
     *     front for a virtual-hosted request)
     * @param headers the request's header lines
     * @param now the server's time
     * @throws ServiceException {@code AccessDenied} for a missing parameter, an {@code Expires} that is
     *     not a date, or one already past; {@code InvalidToken} for more than one session token
     */
    static S3SignatureV2 of(String method, String resourcePath, List<Parameter> query, List<Header> headers,
            Instant now) {
        Optional<String> accessKeyId = first(query, ACCESS_KEY_ID);
        Optional<String> signature = first(query, SIGNATURE);
        Optional<String> expires = first(query, EXPIRES);
        if (accessKeyId.isEmpty() || signature.isEmpty() || expires.isEmpty()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED,
                    "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }
        long expiresAt = expiry(expires.get());
        if (Instant.ofEpochSecond(expiresAt).isBefore(now)) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Request has expired");
        }
        Map<String, List<String>> amzHeaders = amzHeaders(headers, query);
        List<String> tokens = amzHeaders.getOrDefault(SECURITY_TOKEN, List.of());
        if (tokens.size() > 1) {
            throw new ServiceException(AwsErrorCode.INVALID_TOKEN, "The provided token is malformed or otherwise invalid.");
        }
        String stringToSign = stringToSign(method, header(headers, "content-md5"), header(headers, "content-type"),
                expires.get(), amzHeaders, canonicalResource(resourcePath, query));
        return new S3SignatureV2(accessKeyId.get(), tokens.stream().findFirst(), stringToSign, signature.get());
    }

    /**
     * The string to sign: {@code METHOD\nContent-MD5\nContent-Type\nExpires\n}, then each
     * {@code x-amz-*} name with its values ({@code name:v1,v2\n}), then the canonical resource.
     *
     * @param amzHeaders lower-case names, sorted, to their values in order
     */
    static String stringToSign(String method, String contentMd5, String contentType, String expires,
            Map<String, List<String>> amzHeaders, String canonicalResource) {
        StringBuilder text = new StringBuilder(method).append('\n').append(contentMd5).append('\n')
                .append(contentType).append('\n').append(expires).append('\n');
        amzHeaders.forEach((name, values) -> text.append(name).append(':').append(String.join(",", values)).append('\n'));
        return text.append(canonicalResource).toString();
    }

    /** The {@code x-amz-*} headers and query parameters: lower-case names, sorted, to their stripped values. */
    static Map<String, List<String>> amzHeaders(List<Header> headers, List<Parameter> query) {
        Map<String, List<String>> amz = new TreeMap<>();
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) {
                amz.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.value().strip());
            }
        }
        for (Parameter parameter : query) {
            String name = parameter.name().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) {
                amz.computeIfAbsent(name, n -> new ArrayList<>(1)).add(parameter.value().strip());
            }
        }
        return amz;
    }

    /**
     * The canonical resource: the path as sent, then the sub-resources among the query parameters,
     * sorted by name ({@code ?acl&versionId=v}), values decoded.
     */
    static String canonicalResource(String resourcePath, List<Parameter> query) {
        List<Parameter> subResources = query.stream().filter(p -> SUB_RESOURCES.contains(p.name()))
                .sorted(Comparator.comparing(Parameter::name)).toList();
        if (subResources.isEmpty()) {
            return resourcePath;
        }
        StringBuilder resource = new StringBuilder(resourcePath).append('?');
        for (int i = 0; i < subResources.size(); i++) {
            Parameter p = subResources.get(i);
            resource.append(i == 0 ? "" : "&").append(p.name());
            if (p.hasValue()) {
                resource.append('=').append(p.value());
            }
        }
        return resource.toString();
    }

    /** S3's condition keys about a version 2 presigned request ({@code s3:signatureAge} is absent). */
    static Map<String, ContextValue> conditionKeys() {
        return Map.of("s3:authType", ContextValue.string("REST-QUERY-STRING"),
                "s3:signatureversion", ContextValue.string("AWS"));
    }

    /** Whether the request was signed with {@code secret}: compared in constant time. */
    boolean isSignedWith(String secret) {
        String expected = sign(secret, stringToSign);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }

    /** Base64 of the HMAC-SHA1 of {@code stringToSign} with {@code secret}. */
    static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is always available", e);
        }
    }

    private static long expiry(String expires) {
        if (!expires.isEmpty() && expires.length() <= 10 && expires.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds = Long.parseLong(expires);
            if (seconds <= MAX_EXPIRES) {
                return seconds;
            }
        }
        throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
    }

    private static Optional<String> first(List<Parameter> query, String name) {
        return query.stream().filter(p -> p.name().equals(name)).map(Parameter::value).findFirst();
    }

    private static String header(List<Header> headers, String lowerCaseName) {
        return headers.stream().filter(h -> h.hasName(lowerCaseName)).map(h -> h.value().strip()).findFirst().orElse("");
    }
}
