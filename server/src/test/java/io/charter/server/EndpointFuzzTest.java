package io.charter.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Coverage-guided fuzzing of the whole endpoint over HTTP (Jazzer; see docs/FUZZING.md): a real
 * server, requests on real sockets.
 *
 * <ul>
 *   <li>{@code rawRequest}: an input is the bytes of a connection, sent as they are (then the
 *       client half-closes).
 *   <li>{@code signedRequest}: an input is a request as text ({@code METHOD target HTTP/1.1},
 *       header lines, an empty line, the body), read leniently, then signed for the service it
 *       names with the root key, or with temporary credentials of the root (GetSessionToken) when
 *       it has a {@code Charter-Fuzz-Session} header line, presigned (in the query) when it has a
 *       {@code Charter-Fuzz-Presign} one, so that the fuzzer reaches both forms of SigV4, session
 *       tokens, decoding, authorization and the operations.
 * </ul>
 *
 * <p>The invariant: the server answers (or, for bytes that are not HTTP, closes) within a generous
 * bound, and never with a 5xx status.
 */
class EndpointFuzzTest {
    /** Far above any answer of this server; only a hang reaches it. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> FRAMING_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "authorization", "x-amz-date", "x-amz-security-token");
    private static final TestClock CLOCK = new TestClock();

    /** A header line of the input that asks for the session's credentials instead of the root key; not sent. */
    private static final String SESSION_MARKER = "charter-fuzz-session";
    /** A header line of the input that asks for a presigned request (authentication in the query); not sent. */
    private static final String PRESIGN_MARKER = "charter-fuzz-presign";

    private static final SigV4Signer SIGNER = new SigV4Signer();

    private static TestServer server;
    private static Credentials root;
    private static Credentials session;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        NewAccessKey key = server.rootKey();
        root = Credentials.of(key.accessKeyId(), key.secretAccessKey());
        try (StsClient sts = server.sts(server.rootCredentials())) {
            var temporary = sts.getSessionToken().credentials();
            session = Credentials.of(temporary.accessKeyId(), temporary.secretAccessKey(), temporary.sessionToken());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "2m")
    void rawRequest(byte[] input) throws IOException {
        String answer = exchange(input);
        if (!answer.isEmpty()) {
            assertNoServerError(answer);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void signedRequest(byte[] input) throws IOException {
        SignableRequest request = request(new String(input, UTF_8));
        Credentials credentials = request.header(SESSION_MARKER).isPresent() ? session : root;
        SigningParams params = SigningParams.of(credentials, "us-east-1", service(request), CLOCK.instant());
        SignableRequest unsigned = request.withoutHeader(SESSION_MARKER).withoutHeader(PRESIGN_MARKER);
        SignableRequest signed = request.header(PRESIGN_MARKER).isPresent()
                ? SIGNER.presign(unsigned, params, Duration.ofMinutes(15)).request()
                : SIGNER.sign(unsigned, params).request();
        String answer = exchange(wire(signed));
        if (!answer.isEmpty()) {
            assertNoServerError(answer);
        }
    }

    /**
     * No server error: every answer is below 500, except the deliberate 505 HttpVersionNotSupported
     * that refuses an HTTP/1.0 request other than the health check (a protocol answer, in AWS's
     * envelope, not a failure).
     */
    private static void assertNoServerError(String answer) {
        Matcher status = STATUS_LINE.matcher(answer);
        assertTrue(status.find(), () -> "not an HTTP answer: " + answer);
        int code = Integer.parseInt(status.group(1));
        assertTrue(code < 500 || (code == 505 && answer.contains("<Code>HttpVersionNotSupported</Code>")), answer);
    }

    /** Sends {@code bytes} on a new connection, half-closes, and reads the answer until the server closes. */
    private static String exchange(byte[] bytes) throws IOException {
        // Jazzer's SSRF detector refuses connections unless told which are expected: this server's.
        int port = server.endpoint().getPort();
        SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, to) -> to == port);
        try {
            return exchange(bytes, port);
        } finally {
            allowed.close();
        }
    }

    private static String exchange(byte[] bytes, int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setSoLinger(true, 0); // no TIME_WAIT: a long run opens many connections
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server refused and closed early; what it answered is still to be read
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (SocketTimeoutException e) {
                fail("no answer within " + READ_TIMEOUT_MILLIS + " ms; got so far: " + answer.toString(ISO_8859_1));
            } catch (IOException e) {
                // reset by the server after its answer
            }
            return answer.toString(ISO_8859_1);
        }
    }

    /** Any text as a request before signing: request line, header lines (names that are not tokens dropped), body. */
    private static SignableRequest request(String text) {
        String[] head = text.split("\n\n", 2);
        String[] lines = head[0].split("\n", -1);
        String[] requestLine = lines[0].split(" ", 3);
        String method = TOKEN.matcher(requestLine[0]).matches() ? requestLine[0] : "POST";
        String target = requestLine.length > 1 && requestLine[1].startsWith("/") ? requestLine[1] : "/";
        int question = target.indexOf('?');
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Host", "127.0.0.1:" + server.endpoint().getPort()));
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && TOKEN.matcher(lines[i].substring(0, colon)).matches()
                    && !FRAMING_HEADERS.contains(lines[i].substring(0, colon).toLowerCase(Locale.ROOT))) {
                headers.add(new Header(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
            }
        }
        return new SignableRequest(method, question < 0 ? target : target.substring(0, question),
                question < 0 ? "" : target.substring(question + 1), headers,
                Payload.ofUtf8(head.length > 1 ? head[1] : ""));
    }

    /** The signing name the request is for: the JSON services by their target prefix, STS by its version. */
    private static String service(SignableRequest request) {
        String target = request.header("X-Amz-Target").orElse("");
        if (target.startsWith("AWSOrganizations")) {
            return "organizations";
        }
        if (target.startsWith("Charter")) {
            return "charter";
        }
        String form = request.rawQuery() + "&" + new String(request.payload().bytes(), UTF_8);
        return form.contains("Version=2011-06-15") ? "sts" : "iam";
    }

    /** The signed request as bytes on the wire, with its length and {@code Connection: close}. */
    private static byte[] wire(SignableRequest request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.rawPath());
        if (!request.rawQuery().isEmpty()) {
            head.append('?').append(request.rawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        for (Header header : request.headers()) {
            head.append(header.name()).append(':').append(header.value()).append("\r\n");
        }
        byte[] body = request.payload().bytes();
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
