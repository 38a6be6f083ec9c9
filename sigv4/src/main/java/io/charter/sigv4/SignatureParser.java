package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Phase one of verification: reads a request's SigV4 authentication and runs checks 1 to 10 of
 * AWS's error ordering (reference §2.4, reverse-engineered by scratchstack), first failure wins,
 * with AWS's codes and messages:
 *
 * <ol>
 *   <li>neither {@code Authorization} nor {@code X-Amz-Algorithm}: {@code MissingAuthenticationToken};
 *       both: {@code SignatureDoesNotMatch} with an empty message (AWS sends none), and so an
 *       {@code Authorization} header beside an {@code X-Amz-Signature} parameter (which of the two
 *       signs the request would be a guess); two {@code Authorization} headers:
 *       {@code IncompleteSignature};</li>
 *   <li>header algorithm other than {@code AWS4-HMAC-SHA256}: {@code IncompleteSignature}
 *       (query form: {@code MissingAuthenticationToken});</li>
 *   <li>an {@code Authorization} component without {@code =}: {@code IncompleteSignature}
 *       (duplicate components: the last wins);</li>
 *   <li>missing components or date, all named in one message: {@code IncompleteSignature}
 *       (duplicate query parameters: the first wins);</li>
 *   <li>a bad {@code %} escape in the query: {@code MalformedQueryString};</li>
 *   <li>a credential without exactly 5 {@code /}-separated elements: {@code IncompleteSignature};</li>
 *   <li>a timestamp not in ISO 8601 basic format ({@code X-Amz-Date}, else an RFC 1123 {@code Date}
 *       header for header auth): {@code IncompleteSignature}; then, for presigned URLs, a bad
 *       {@code X-Amz-Expires};</li>
 *   <li>a timestamp more than the clock-skew window in the past or future: {@code SignatureDoesNotMatch};
 *       a presigned URL is not checked against the past window but expires at
 *       {@code X-Amz-Date + X-Amz-Expires}: {@code RequestExpired}, {@code Request has expired.}
 *       (AWS's exact text for this case is unverified; code and message follow AWS's common errors
 *       and S3). Without {@code X-Amz-Expires} a presigned URL gets the window both ways;</li>
 *   <li>scope: region not a host label, service not served, terminator not {@code aws4_request},
 *       scope date not the timestamp's date: {@code SignatureDoesNotMatch};</li>
 *   <li>{@code host} (or {@code :authority}) not signed: {@code SignatureDoesNotMatch}; then any
 *       {@code x-amz-*} header present but not signed: {@code SignatureDoesNotMatch}.</li>
 * </ol>
 *
 * <p>Unsigned headers: {@code x-amz-security-token} is exempt from the last rule, because old
 * clients append it after signing (the legacy suite's {@code post-sts-header-after}); the token is
 * still checked by the server against the access key. {@code x-amzn-*} and {@code amz-sdk-*}
 * headers need not be signed (SDKs add them after signing). {@code X-Amz-Expires} values outside
 * 1..604800 are {@code IncompleteSignature} with wording modelled on S3's (unverified for STS/IAM).
 *
 * <p>Thread-safe: stateless.
 */
public final class SignatureParser {

    static final String MISSING_AUTHENTICATION_TOKEN = "Request is missing Authentication Token";

    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final long MAX_EXPIRES_SECONDS = SigV4Signer.MAX_EXPIRES.toSeconds();

    private SignatureParser() {
    }

    /** The authentication fields a request carries, before any check on their values. */
    private record Fields(
            AuthForm form, String credential, String signedHeaders, String signature,
            String timestamp, boolean timestampFromDateHeader, String sessionToken, String expires) {
    }

    /**
     * Parses and checks the authentication of {@code request} at server time {@code now}.
     *
     * @throws SigV4Exception on the first failing check, with AWS's code and message
     */
    public static ParsedSignature parse(SignableRequest request, Instant now, VerifierSettings settings) {
        requireNonNull(request, "request is null");
        requireNonNull(now, "now is null");
        requireNonNull(settings, "settings is null");

        // 1. Header or query authentication, exactly one.
        String authorization = request.firstHeader(SigV4Signer.AUTHORIZATION);
        QueryParameters query = QueryParameters.parse(request.rawQuery());
        String algorithm = query.first(X_AMZ_ALGORITHM);
        if (authorization == null && algorithm == null) {
            throw new SigV4Exception(SigV4ErrorCode.MissingAuthenticationToken, MISSING_AUTHENTICATION_TOKEN);
        }
        if (authorization != null && (algorithm != null || query.contains(X_AMZ_SIGNATURE))) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch, "");
        }
        if (authorization != null && request.headerCount(SigV4Signer.AUTHORIZATION) > 1) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "Only one Authorization header is allowed in a request.");
        }

        // 2.-4.
        Fields fields = authorization != null ? headerFields(authorization, request) : queryFields(algorithm, query);

        // 5. Percent-escapes of the query string.
        String malformed = PercentEncoding.malformedEscape(request.rawQuery());
        if (malformed != null) {
            throw new SigV4Exception(SigV4ErrorCode.MalformedQueryString, malformed);
        }

        // 6. Credential: keyid/date/region/service/terminator.
        String[] credential = splitCredential(fields.credential());
        if (credential == null) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                            + fields.credential() + "'");
        }

        // 7. Timestamp, and a presigned URL's lifetime.
        Instant requestTime = fields.timestampFromDateHeader()
                ? AmzDate.parseHttpDate(fields.timestamp())
                : AmzDate.parse(fields.timestamp());
        if (requestTime == null) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "Date must be in ISO-8601 'basic format'. Got '" + fields.timestamp()
                            + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        String timestamp = fields.timestampFromDateHeader() ? AmzDate.format(requestTime) : fields.timestamp();
        Optional<Duration> expiresIn = fields.expires() == null
                ? Optional.empty()
                : Optional.of(Duration.ofSeconds(parseExpires(fields.expires())));

        // 8. Time window.
        checkTime(requestTime, timestamp, expiresIn, now, settings.clockSkew());

        // 9. Scope.
        CredentialScope scope = new CredentialScope(credential[1], credential[2], credential[3], credential[4]);
        checkScope(scope, timestamp, settings);

        // 10. Signed headers.
        SignedHeaders signedHeaders = SignedHeaders.parse(fields.signedHeaders());
        if (!signedHeaders.contains("host") && !signedHeaders.contains(":authority")) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        checkAmzHeadersSigned(request, signedHeaders);

        return new ParsedSignature(fields.form(), credential[0], scope, signedHeaders, fields.signature(),
                timestamp, requestTime, Optional.ofNullable(fields.sessionToken()), expiresIn);
    }

    private static Fields headerFields(String authorization, SignableRequest request) {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String algorithm = space < 0 ? header : header.substring(0, space);
        // 2. Algorithm.
        if (!algorithm.equals(StringToSign.ALGORITHM)) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "Unsupported AWS 'algorithm': '" + algorithm + "'.");
        }
        // 3. Components, key=value separated by commas; the last of a duplicate wins.
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int start = space < 0 ? header.length() : space + 1;
        while (start < header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            // Trim by index: no substring until the value is known (hot path).
            int from = start;
            int to = end;
            while (from < to && header.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && header.charAt(to - 1) <= ' ') {
                to--;
            }
            start = end + 1;
            if (from == to) {
                continue;
            }
            int eq = header.indexOf('=', from);
            if (eq < 0 || eq >= to) {
                throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                        "'" + header.substring(from, to)
                                + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                                + header + "'");
            }
            if (isKey(header, from, eq, "Credential")) {
                credential = header.substring(eq + 1, to);
            } else if (isKey(header, from, eq, "SignedHeaders")) {
                signedHeaders = header.substring(eq + 1, to);
            } else if (isKey(header, from, eq, "Signature")) {
                signature = header.substring(eq + 1, to);
            }
            // Unknown components are ignored.
        }
        // 4. Everything present, all omissions named at once.
        String timestamp = request.firstHeader(SigV4Signer.X_AMZ_DATE);
        boolean fromDateHeader = false;
        if (timestamp == null) {
            timestamp = request.firstHeader("date");
            fromDateHeader = timestamp != null;
        }
        if (credential == null || signature == null || signedHeaders == null || timestamp == null) {
            StringBuilder message = new StringBuilder(256);
            if (credential == null) {
                message.append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null) {
                message.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) {
                message.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (timestamp == null) {
                message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            message.append("Authorization=").append(algorithm);
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature, message.toString());
        }
        return new Fields(AuthForm.HEADER, credential, signedHeaders, signature, timestamp.strip(), fromDateHeader,
                request.firstHeader(SigV4Signer.X_AMZ_SECURITY_TOKEN), null);
    }

    private static boolean isKey(String header, int from, int eq, String key) {
        return eq - from == key.length() && header.startsWith(key, from);
    }

    private static Fields queryFields(String algorithm, QueryParameters query) {
        // 2. Algorithm.
        if (!algorithm.equals(StringToSign.ALGORITHM)) {
            throw new SigV4Exception(SigV4ErrorCode.MissingAuthenticationToken, MISSING_AUTHENTICATION_TOKEN);
        }
        // 4. Everything present; the first of a duplicate wins.
        String credential = query.first(X_AMZ_CREDENTIAL);
        String signature = query.first(X_AMZ_SIGNATURE);
        String signedHeaders = query.first(X_AMZ_SIGNED_HEADERS);
        String timestamp = query.first(X_AMZ_DATE);
        if (credential == null || signature == null || signedHeaders == null || timestamp == null) {
            StringBuilder message = new StringBuilder(256);
            if (credential == null) {
                message.append("AWS query-string parameters must include 'X-Amz-Credential'. ");
            }
            if (signature == null) {
                message.append("AWS query-string parameters must include 'X-Amz-Signature'. ");
            }
            if (signedHeaders == null) {
                message.append("AWS query-string parameters must include 'X-Amz-SignedHeaders'. ");
            }
            if (timestamp == null) {
                message.append("AWS query-string parameters must include 'X-Amz-Date'. ");
            }
            message.append("Re-examine the query-string parameters.");
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature, message.toString());
        }
        return new Fields(AuthForm.QUERY, credential, signedHeaders, signature, timestamp, false,
                query.first(X_AMZ_SECURITY_TOKEN), query.first(X_AMZ_EXPIRES));
    }

    /** The five elements of {@code credential}, or {@code null} if it does not have exactly five. */
    private static String[] splitCredential(String credential) {
        String[] parts = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int slash = credential.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            parts[i] = credential.substring(start, slash);
            start = slash + 1;
        }
        if (credential.indexOf('/', start) >= 0) {
            return null;
        }
        parts[4] = credential.substring(start);
        return parts;
    }

    private static long parseExpires(String expires) {
        long seconds = 0;
        boolean digits = !expires.isEmpty() && expires.length() <= 10;
        for (int i = 0; digits && i < expires.length(); i++) {
            char c = expires.charAt(i);
            digits = c >= '0' && c <= '9';
            seconds = seconds * 10 + (c - '0');
        }
        if (!digits) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "X-Amz-Expires should be a number, not '" + expires + "'.");
        }
        if (seconds < 1) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature, "X-Amz-Expires must be positive.");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw new SigV4Exception(SigV4ErrorCode.IncompleteSignature,
                    "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds.");
        }
        return seconds;
    }

    private static void checkTime(
            Instant requestTime, String timestamp, Optional<Duration> expiresIn, Instant now, Duration skew) {
        if (requestTime.isAfter(now.plus(skew))) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Signature not yet current: " + timestamp + " is still later than " + AmzDate.format(now.plus(skew))
                            + " (" + AmzDate.format(now) + " + " + skew.toMinutes() + " min.)");
        }
        if (expiresIn.isPresent()) {
            if (now.isAfter(requestTime.plus(expiresIn.get()))) {
                throw new SigV4Exception(SigV4ErrorCode.RequestExpired, "Request has expired.");
            }
        } else if (requestTime.isBefore(now.minus(skew))) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Signature expired: " + timestamp + " is now earlier than " + AmzDate.format(now.minus(skew))
                            + " (" + AmzDate.format(now) + " - " + skew.toMinutes() + " min.)");
        }
    }

    private static void checkScope(CredentialScope scope, String timestamp, VerifierSettings settings) {
        if (!isRegion(scope.region())) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Credential should be scoped to a valid region, not '" + scope.region() + "'. ");
        }
        if (!settings.allowsService(scope.service())) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Credential should be scoped to correct service: '" + scope.service() + "'. ");
        }
        if (!scope.terminator().equals(CredentialScope.TERMINATOR)) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '"
                            + scope.terminator() + "'");
        }
        if (!timestamp.startsWith(scope.date()) || scope.date().length() != 8) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scope.date() + "' != '" + timestamp.substring(0, 8) + "', from '" + timestamp + "'.");
        }
    }

    /** A syntactically valid region: a DNS label of letters, digits and inner hyphens. */
    static boolean isRegion(String region) {
        int length = region.length();
        if (length == 0 || length > 63 || region.charAt(0) == '-' || region.charAt(length - 1) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = region.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void checkAmzHeadersSigned(SignableRequest request, SignedHeaders signedHeaders) {
        List<String> unsigned = null;
        for (Header header : request.headers()) {
            String name = header.name();
            if (name.length() > 6 && name.regionMatches(true, 0, "x-amz-", 0, 6)
                    && !name.equalsIgnoreCase(SigV4Signer.X_AMZ_SECURITY_TOKEN)) {
                if (!signedHeaders.containsIgnoreCase(name)) {
                    if (unsigned == null) {
                        unsigned = new ArrayList<>(2);
                    }
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!unsigned.contains(lower)) {
                        unsigned.add(lower);
                    }
                }
            }
        }
        if (unsigned != null) {
            throw new SigV4Exception(SigV4ErrorCode.SignatureDoesNotMatch,
                    "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
        }
    }
}
