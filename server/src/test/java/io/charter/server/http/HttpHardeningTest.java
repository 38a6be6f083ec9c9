package io.charter.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import io.charter.server.config.HttpLimits;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer under hostile or odd input, spoken over raw sockets: every refusal is an AWS error
 * (or, where HTTP wants none, no body), the connection is closed where the framing can no longer be
 * trusted, stalled requests are timed out, and nothing of it leaves a stack trace in the log.
 */
class HttpHardeningTest {
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final HttpLimits LIMITS =
            new HttpLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1000);
    private static final StackTraces STACK_TRACES = new StackTraces();

    private static TestServer server;

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(STACK_TRACES);
        server = TestServer.start(LIMITS);
    }

    @AfterAll
    static void stop() {
        server.close();
        Logger.getLogger("").removeHandler(STACK_TRACES);
    }

    @AfterEach
    void noStackTraceWasLogged() {
        assertEquals(List.of(), STACK_TRACES.taken());
    }

    @Test
    void negativeContentLengthIsRefusedAndClosed() throws IOException {
        assertRefusedAndClosed(400, "MalformedQueryString", post("Content-Length: -1\r\n", ""));
    }

    @Test
    void signedContentLengthIsRefusedAndClosed() throws IOException {
        assertRefusedAndClosed(400, "MalformedQueryString", post("Content-Length: +61\r\n", "Action=GetCallerIdentity"));
    }

    @Test
    void twoDifferentContentLengthsAreRefusedAndClosed() throws IOException {
        assertRefusedAndClosed(400, "MalformedQueryString",
                post("Content-Length: 6\r\nContent-Length: 24\r\n", "Action=GetCallerIdentity"));
        assertRefusedAndClosed(400, "MalformedQueryString",
                post("Content-Length: 24, 24\r\n", "Action=GetCallerIdentity"));
    }

    @Test
    void contentLengthWithChunkedEncodingIsRefusedAndClosed() throws IOException {
        assertRefusedAndClosed(400, "MalformedQueryString",
                post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"));
        assertRefusedAndClosed(400, "MalformedQueryString",
                post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"));
    }

    @Test
    void malformedMethodIsRefusedAndClosed() throws IOException {
        assertRefusedAndClosed(400, "MalformedQueryString", exchange("POST/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        assertRefusedAndClosed(400, "MalformedQueryString", exchange("POST/ / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        assertRefusedAndClosed(400, "MalformedQueryString", exchange("PO\u0001ST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }

    @Test
    void http10IsAnsweredThenClosed() throws IOException {
        Answer health = exchange("GET /health HTTP/1.0\r\n\r\n");
        assertEquals(200, health.status(), health.text());
        // The audit trail's counts follow the store's standing: {"committed":N,"queued":N,"refused":0,"failedCommits":0}.
        assertTrue(health.body().matches("\\{\"status\":\"UP\",\"store\":\"" + server.store().kind() + "\",\"state\":\"in-step\","
                + "\"audit\":\\{\"committed\":\\d+,\"queued\":\\d+,\"refused\":0,\"failedCommits\":0(,\"spooled\":0)?}}"), health.body());
        assertTrue(health.closed(), "closed after the answer");

        assertRefusedAndClosed(505, "HttpVersionNotSupported",
                exchange("POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\n\r\n"
                        + "Action=GetCallerIdentity"));
    }

    @Test
    void expectContinueWithConnectionCloseIsClosedAfterTheAnswer() throws IOException {
        Answer answer = exchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 43\r\n\r\n"
                + "Action=GetCallerIdentity&Version=2011-06-15");
        assertAwsError(answer, 403, "MissingAuthenticationToken");
        assertTrue(answer.closed(), "closed after the answer: " + answer.text());
    }

    @Test
    void headersThatStopAreTimedOut() throws IOException {
        assertClosedUnanswered("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }

    @Test
    void bodyThatStopsHalfWayIsTimedOut() throws IOException {
        assertClosedUnanswered("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 43\r\n\r\nAction=GetCall");
    }

    @Test
    void idleConnectionsAreClosed() throws IOException {
        assertClosedUnanswered("");
        try (Socket socket = connect(server.endpoint().getPort())) {
            Answer health = send(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, health.status(), health.text());
            socket.setSoTimeout(15_000);
            assertEquals(-1, socket.getInputStream().read(), "a kept-alive connection closed once idle");
        }
    }

    @Test
    void connectionsOverTheBoundWaitForAFreeOne() throws IOException {
        try (TestServer bounded = TestServer.start(new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 2))) {
            int port = bounded.endpoint().getPort();
            String health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            try (Socket first = connect(port); Socket second = connect(port); Socket third = connect(port)) {
                assertEquals(200, send(first, health).status());
                assertEquals(200, send(second, health).status());
                write(third, health);
                third.setSoTimeout(1000);
                assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(),
                        "a third connection is not served while two are open");
                first.shutdownOutput(); // the server reads the end of the stream and closes its side
                third.setSoTimeout(10_000);
                assertEquals(200, read(third).status(), "served once a connection closed");
            }
        }
    }

    @Test
    void twoAuthorizationHeadersAreRefused() throws IOException {
        String authorization = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n";
        Answer answer = post(authorization + authorization + "X-Amz-Date: 20260101T000000Z\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n", "Action=ListUsers&Version=2010-05-08");
        assertAwsError(answer, 400, "IncompleteSignature");
        assertTrue(answer.body().contains(IAM_NAMESPACE), answer.body());
    }

    @Test
    void authorizationHeaderBesideAQuerySignatureIsRefused() throws IOException {
        Answer answer = exchange("POST /?X-Amz-Signature=" + "0".repeat(64) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\nX-Amz-Date: 20260101T000000Z\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 43\r\n\r\n"
                + "Action=GetCallerIdentity&Version=2011-06-15");
        assertAwsError(answer, 403, "SignatureDoesNotMatch");
        assertTrue(answer.body().contains(STS_NAMESPACE), answer.body());
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        for (int size : new int[] {20_000, 70_000}) {
            assertRefusedAndClosed(431, "RequestHeaderFieldsTooLarge",
                    post("X-Big: " + "x".repeat(size) + "\r\n", "Action=GetCallerIdentity"));
        }
    }

    @Test
    void theRequestLineCountsTowardTheHeaderLimit() throws IOException {
        String target = "/?Action=GetCallerIdentity&Version=2011-06-15&Pad=" + "x".repeat(15_000);
        assertRefusedAndClosed(431, "RequestHeaderFieldsTooLarge", exchange("GET " + target
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "y".repeat(2_000) + "\r\n\r\n"));
    }

    @Test
    void iamRequestFailingBeforeAuthenticationIsInIamNamespace() throws IOException {
        Answer answer = post("Content-Type: application/x-www-form-urlencoded\r\n", "Action=ListUsers&Version=2010-05-08");
        assertAwsError(answer, 403, "MissingAuthenticationToken");
        assertTrue(answer.body().contains(IAM_NAMESPACE), answer.body());

        Answer get = exchange("GET /?Action=GetUser&Version=2010-05-08 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(get.body().contains(IAM_NAMESPACE), get.body());
        Answer sts = post("", "Action=GetCallerIdentity&Version=2011-06-15");
        assertTrue(sts.body().contains(STS_NAMESPACE), sts.body());
    }

    @Test
    void queryBodyOfAnotherMediaTypeIsUnsupported() throws IOException {
        Answer json = signed("sts", "application/json", "Action=GetCallerIdentity&Version=2011-06-15", List.of());
        assertAwsError(json, 415, "UnsupportedMediaType");
        assertTrue(json.body().contains(STS_NAMESPACE), json.body());
        Answer iam = signed("iam", "text/plain", "Action=ListUsers&Version=2010-05-08", List.of());
        assertAwsError(iam, 415, "UnsupportedMediaType");
        assertTrue(iam.body().contains(IAM_NAMESPACE), iam.body());
    }

    @Test
    void queryBodyWithoutContentTypeOrWithParametersIsAForm() throws IOException {
        Answer none = signed("sts", null, "Action=GetCallerIdentity&Version=2011-06-15", List.of());
        assertEquals(200, none.status(), none.text());
        Answer upper = signed("sts", "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
                "Action=GetCallerIdentity&Version=2011-06-15", List.of());
        assertEquals(200, upper.status(), upper.text());
    }

    @Test
    void jsonBodyOfAnotherMediaTypeIsUnsupported() throws IOException {
        Answer answer = signed("organizations", "application/json", "{}",
                List.of(new Header("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization")));
        assertEquals(415, answer.status(), answer.text());
        assertTrue(answer.head().contains("UnsupportedMediaTypeException"), answer.text());
        assertTrue(answer.body().contains("Content-Type 'application/json' is not supported"), answer.text());
    }

    // ---- raw HTTP ----

    /** A POST signed with the root key for {@code service}, with the given Content-Type (none if null), sent raw. */
    private static Answer signed(String service, String contentType, String body, List<Header> extra) throws IOException {
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new Header("Host", "127.0.0.1:" + server.endpoint().getPort()));
        if (contentType != null) {
            headers.add(new Header("Content-Type", contentType));
        }
        SignableRequest request = new SigV4Signer().sign(new SignableRequest("POST", "/", "", headers, Payload.ofUtf8(body)),
                SigningParams.of(Credentials.of(server.rootKey().accessKeyId(), server.rootKey().secretAccessKey()),
                        "us-east-1", service, Instant.now())).request();
        StringBuilder raw = new StringBuilder("POST / HTTP/1.1\r\n");
        for (Header header : request.headers()) {
            raw.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        raw.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return exchange(raw.toString());
    }

    /** A response as read off the socket, and whether the server closed the connection after it. */
    record Answer(int status, String head, String body, boolean closed) {
        String text() {
            return head + body;
        }
    }

    private static void assertAwsError(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.text());
        Matcher m = CODE.matcher(answer.body());
        assertEquals(code, m.find() ? m.group(1) : "(no code) " + answer.text());
        assertTrue(answer.body().startsWith("<ErrorResponse xmlns=\""), answer.text());
        assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("x-amzn-requestid:"), answer.text());
    }

    private static void assertRefusedAndClosed(int status, String code, Answer answer) {
        assertAwsError(answer, status, code);
        assertTrue(answer.closed(), "connection closed after the answer: " + answer.text());
    }

    /** Sends a request that stops; the server closes the connection without answering, after about a second. */
    private static void assertClosedUnanswered(String partial) throws IOException {
        try (Socket socket = connect(server.endpoint().getPort())) {
            long start = System.nanoTime();
            write(socket, partial);
            socket.setSoTimeout(15_000);
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "closed after " + took);
        }
    }

    private static Answer post(String headers, String body) throws IOException {
        boolean declaresLength = headers.toLowerCase(Locale.ROOT).contains("content-length") || headers.contains("chunked");
        return exchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                + (declaresLength ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n" + body);
    }

    private static Answer exchange(String request) throws IOException {
        try (Socket socket = connect(server.endpoint().getPort())) {
            return send(socket, request);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static Answer send(Socket socket, String request) throws IOException {
        write(socket, request);
        return read(socket);
    }

    private static void write(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response (skipping a 100 Continue), and, if it says the connection closes, whether it did. */
    private static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (head.startsWith("HTTP/1.1 100")) {
            head = readHead(in);
        }
        assertTrue(head.startsWith("HTTP/1.1 "), "a status line: " + head);
        int status = Integer.parseInt(head.substring(9, 12));
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        String body = length.find()
                ? new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8)
                : "";
        boolean closes = head.toLowerCase(Locale.ROOT).contains("connection: close");
        return new Answer(status, head, body, closes && in.read() == -1);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        return head.toString();
    }

    /** Every log record with a stack trace, from any logger. */
    private static final class StackTraces extends Handler {
        private final List<String> taken = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getThrown() != null && !stoppingAServer(record)) {
                taken.add(record.getLoggerName() + ": " + record.getMessage() + ": " + record.getThrown());
            }
        }

        /**
         * The HTTP library's accept loop, when a server stops while its connection bound is taken
         * (the bounded server's test), may report the closed listening socket: shutdown, not input.
         */
        private static boolean stoppingAServer(LogRecord record) {
            return "io.helidon.webserver.ServerListener".equals(record.getLoggerName())
                    && record.getMessage() != null && record.getMessage().contains("server socket is terminating");
        }

        synchronized List<String> taken() {
            List<String> all = List.copyOf(taken);
            taken.clear();
            return all;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
