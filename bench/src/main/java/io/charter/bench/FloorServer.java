package io.charter.bench;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.charter.server.crypto.GcmCiphers;
import io.charter.server.crypto.RandomSource;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.http.RequestIds;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.protocol.FormParameters;
import io.charter.server.protocol.QueryCodec;
import io.charter.sigv4.Header;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Exception;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SignatureParser;
import io.charter.sigv4.SignatureVerifier;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The floor: the least an STS server must do per request, served by the JDK's own HTTP server, so
 * that the HTTP benchmark can set Charter beside it in the same run on the same machine.
 *
 * <p>What it does, for an AWS Query POST: reads the body; verifies its SigV4 signature with
 * Charter's verifier ({@link SignatureParser}: form, time window, scope, signed headers; then
 * {@link SignatureVerifier} with a cached signing key) against the one access key it was given;
 * for {@code AssumeRole} draws a new access key id and a 40-character secret, seals a token of
 * ≈ 400 characters with AES-256-GCM under a key made at start (a random nonce each), and
 * answers AWS's {@code AssumeRoleResponse}; for {@code GetCallerIdentity} answers a fixed user.
 * A request that fails the signature checks gets AWS's error (403 for a bad signature), an
 * unknown key 403 {@code InvalidClientTokenId}, anything else 400. {@code GET /health} answers 200.
 *
 * <p>What it does not do, by design: no store, no key lookup beyond one comparison, no session
 * tokens accepted, no policy (trust, identity or session) evaluated, no parameter validation
 * beyond what the answer needs, no audit. Whatever Charter spends above this server is what
 * those cost, plus the difference between the two HTTP stacks.
 *
 * <pre>
 *   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… java -cp bench/target/benchmarks.jar \
 *       io.charter.bench.FloorServer PORT [ACCOUNT_ID=123456789012]
 * </pre>
 * The account names the fixed caller, {@code arn:aws:iam::ACCOUNT_ID:user/bench-caller}, and the
 * access key ids it mints. Listens on loopback only.
 *
 * <p>Thread-safe: the verifier, the seal and the random source are shared by all requests.
 */
public final class FloorServer {
    static final String DEFAULT_ACCOUNT = "123456789012";
    /**
     * The claims sealed: with nonce and tag 284 bytes, 380 base64 characters, the ≈ 400-byte token
     * the floor seals. (Charter's plain AssumeRole token is shorter, 280 characters, so
     * the floor seals 100 bytes more than Charter: some tens of nanoseconds of AES-GCM.)
     */
    static final int CLAIMS_BYTES = 256;

    private static final VerifierSettings SETTINGS = VerifierSettings.of(Set.of("sts"));
    private static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** A role's unique id as AWS prints it in {@code AssumedRoleId}; the floor has no roles. */
    private static final String ROLE_ID = "AROAFLOORSERVERROLE01";

    /** The one credential the floor accepts, and whose it is. */
    record Caller(String accessKeyId, String secretAccessKey, String account) {
        Caller {
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            requireNonNull(account, "account is null");
        }

        String userArn() {
            return "arn:aws:iam::" + account + ":user/bench-caller";
        }
    }

    /** An answer: HTTP status and the XML body. */
    record Reply(int status, String xml) {
        Reply {
            requireNonNull(xml, "xml is null");
        }
    }

    private final Caller caller;
    private final Clock clock;
    private final SignatureVerifier verifier = new SignatureVerifier(SETTINGS, new SigningKeyCache());
    // Charter's striped DRBGs: one SecureRandom would serialise the request threads on its lock.
    private final RandomSource random = new RandomSource();
    private final TokenSeal seal = new TokenSeal(random);

    FloorServer(Caller caller, Clock clock) {
        this.caller = requireNonNull(caller, "caller is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FloorServer PORT [ACCOUNT_ID]"
                    + " (the credential: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
            System.exit(1);
        }
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (key == null || key.isEmpty() || secret == null || secret.isEmpty()) {
            System.err.println("FloorServer: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the key it accepts");
            System.exit(1);
        }
        FloorServer floor = new FloorServer(new Caller(key, secret, args.length > 1 ? args[1] : DEFAULT_ACCOUNT),
                Clock.systemUTC());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0])), 0);
        server.createContext("/", floor::handle);
        // Virtual threads, one an exchange: faster than a small fixed pool in smoke runs on the
        // 2-core machine (AssumeRole at 64 connections, wrk on the same cores, 4 s a point): about
        // 46,000/s against 44,000/s with 4 platform threads and 39,000/s with 2, and further ahead
        // when the machine was busy; even at 1 connection. Without an executor the JDK's single
        // dispatcher thread would run the handlers too: 29,000/s.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.err.println("FloorServer: listening on " + server.getAddress() + ", accepting " + key);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String requestId = RequestIds.next();
            Reply reply;
            if (method.equals("GET") && exchange.getRequestURI().getRawPath().equals("/health")) {
                reply = new Reply(200, "ok");
            } else if (method.equals("POST")) {
                reply = serve(signable(exchange, body), body, requestId);
            } else {
                reply = error(new ServiceException(AwsErrorCode.INVALID_ACTION, "Only POST is served."), requestId);
            }
            byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", QueryCodec.CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /**
     * The request as the signature sees it. The JDK groups a header's values under one name, in
     * their order, and changes the names' case: SigV4 needs neither the order of different
     * headers nor the case of their names.
     */
    private static SignableRequest signable(HttpExchange exchange, byte[] body) {
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                headers.add(new Header(header.getKey(), value));
            }
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new SignableRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), rawQuery == null ? "" : rawQuery,
                headers, Payload.of(body));
    }

    /** Authenticates, then answers the action; AWS's order: nothing is decoded before the signature passed. */
    Reply serve(SignableRequest request, byte[] body, String requestId) {
        try {
            ParsedSignature signature = SignatureParser.parse(request, clock.instant(), SETTINGS);
            if (!signature.accessKeyId().equals(caller.accessKeyId()) || signature.sessionToken().isPresent()) {
                throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID,
                        "The security token included in the request is invalid.");
            }
            verifier.verify(signature, request, caller.secretAccessKey());
            FormParameters params = FormParameters.parseForm(body);
            String action = params.first("Action").orElse("");
            return switch (action) {
                case "AssumeRole" -> new Reply(200, assumeRole(params, requestId));
                case "GetCallerIdentity" -> new Reply(200, callerIdentity(requestId));
                default -> throw new ServiceException(AwsErrorCode.INVALID_ACTION,
                        "Could not find operation " + action + " for version 2011-06-15");
            };
        } catch (SigV4Exception e) {
            return new Reply(e.httpStatus(), errorXml(e.code().name(), e.getMessage(), requestId));
        } catch (ServiceException e) {
            return error(e, requestId);
        }
    }

    private String assumeRole(FormParameters params, String requestId) {
        String roleArn = required(params, "RoleArn");
        String sessionName = required(params, "RoleSessionName");
        // arn:PARTITION:iam::ACCOUNT:role/PATH/NAME: the session's ARN names the role without its path.
        String[] arn = roleArn.split(":", 6);
        if (arn.length != 6 || !arn[5].startsWith("role/")) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, roleArn + " is not a role ARN");
        }
        String roleName = arn[5].substring(arn[5].lastIndexOf('/') + 1);
        String accessKeyId = AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, caller.account(), random).value();
        String secret = SecretAccessKey.mint(random);
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600);
        String claims = accessKeyId + '\n' + secret + '\n' + roleArn + '\n' + sessionName + '\n' + expiration;
        String token = seal.seal(claims, accessKeyId);
        return new StringBuilder(1024)
                .append("<AssumeRoleResponse xmlns=\"").append(STS_NAMESPACE).append("\"><AssumeRoleResult><Credentials>")
                .append("<AccessKeyId>").append(accessKeyId).append("</AccessKeyId>")
                .append("<SecretAccessKey>").append(secret).append("</SecretAccessKey>")
                .append("<SessionToken>").append(token).append("</SessionToken>")
                .append("<Expiration>").append(expiration).append("</Expiration></Credentials>")
                .append("<AssumedRoleUser><AssumedRoleId>").append(ROLE_ID).append(':').append(xml(sessionName))
                .append("</AssumedRoleId><Arn>").append(xml("arn:" + arn[1] + ":sts::" + arn[4] + ":assumed-role/"
                        + roleName + "/" + sessionName))
                .append("</Arn></AssumedRoleUser></AssumeRoleResult>")
                .append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>")
                .append("</AssumeRoleResponse>").toString();
    }

    private String callerIdentity(String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"" + STS_NAMESPACE + "\"><GetCallerIdentityResult>"
                + "<Arn>" + caller.userArn() + "</Arn><UserId>AIDAFLOORSERVERUSER01</UserId>"
                + "<Account>" + caller.account() + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>";
    }

    private static String required(FormParameters params, String name) {
        return params.first(name).filter(value -> !value.isEmpty()).orElseThrow(() -> new ServiceException(
                AwsErrorCode.MISSING_PARAMETER, "The request must contain the parameter " + name));
    }

    private static Reply error(ServiceException e, String requestId) {
        return new Reply(e.httpStatus(), errorXml(e.errorCode().code(), e.getMessage(), requestId));
    }

    private static String errorXml(String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + STS_NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>";
    }

    /** Text from the request, escaped for an XML element. */
    private static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * AES-256-GCM under one key made at start: a random 96-bit nonce, then the ciphertext and
     * its tag, base64 (Charter's token layout less its 5-byte format and key id header). The
     * claims are padded to {@link #CLAIMS_BYTES}.
     *
     * <p>Thread-safe. Ciphers are pooled, with Charter's own pool.
     */
    static final class TokenSeal {
        private static final int NONCE_BYTES = 12;
        private static final int TAG_BITS = 128;

        private final SecretKey key;
        private final RandomSource random;
        private final GcmCiphers ciphers = new GcmCiphers();

        TokenSeal(RandomSource random) {
            this.random = random;
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                this.key = generator.generateKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256 is unavailable", e);
            }
        }

        /** The sealed claims, bound (as associated data) to the access key id they were issued with. */
        String seal(String claims, String accessKeyId) {
            byte[] utf8 = claims.getBytes(StandardCharsets.UTF_8);
            byte[] plaintext = utf8.length >= CLAIMS_BYTES ? utf8 : Arrays.copyOf(utf8, CLAIMS_BYTES);
            byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BITS / 8];
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            Cipher cipher = ciphers.borrow();
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.US_ASCII));
                cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM sealing failed", e);
            } finally {
                ciphers.giveBack(cipher);
            }
            return Base64.getEncoder().encodeToString(out);
        }
    }
}
