package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * Step 2 of SigV4: {@code AWS4-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256 of canonical request>}.
 *
 * @param timestamp            {@code yyyyMMdd'T'HHmmss'Z'}
 * @param scope                the credential scope
 * @param canonicalRequestHash lower-case hex SHA-256 of the canonical request
 */
public record StringToSign(String timestamp, CredentialScope scope, String canonicalRequestHash) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    public StringToSign {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(canonicalRequestHash, "canonicalRequestHash is null");
    }

    public static StringToSign of(String timestamp, CredentialScope scope, CanonicalRequest canonicalRequest) {
        return new StringToSign(timestamp, scope, canonicalRequest.sha256Hex());
    }

    public String text() {
        return new StringBuilder(ALGORITHM.length() + timestamp.length() + 64 + 64)
                .append(ALGORITHM).append('\n')
                .append(timestamp).append('\n')
                .append(scope.date()).append('/').append(scope.region()).append('/')
                .append(scope.service()).append('/').append(scope.terminator()).append('\n')
                .append(canonicalRequestHash)
                .toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
