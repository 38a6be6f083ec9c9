package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input over raw HTTP: every refusal is an AWS error envelope with AWS's code and status,
 * never a 500 or a stack trace.
 */
class BadInputTest {
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static TestServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String code(String body) {
        Matcher m = CODE.matcher(body);
        return m.find() ? m.group(1) : "(no code in: " + body + ")";
    }

    static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertAwsError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, code(response.body()));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent(), "x-amzn-RequestId header");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertTrue(response.body().startsWith("<ErrorResponse xmlns=\""), response.body());
        assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "), response.body());
    }

    @Test
    void unsignedRequestIsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = post("/", "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        assertAwsError(response, 403, "MissingAuthenticationToken");
        assertTrue(response.body().contains("<Message>Request is missing Authentication Token</Message>"), response.body());
        assertTrue(response.body().contains("<Type>Sender</Type>"), response.body());
    }

    @Test
    void unsignedGetIsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(server.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertAwsError(response, 403, "MissingAuthenticationToken");
    }

    @Test
    void bodyOverTheLimitIsRefused() throws Exception {
        // Declared too large: refused from the headers, before any of the body is read.
        String answer = rawExchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + (1024 * 1024 + 10) + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("<Code>RequestEntityTooLarge</Code>"), answer);
    }

    @Test
    void absurdHeadersAreRefused() throws Exception {
        String big = "x".repeat(20_000);
        String raw = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: " + big + "\r\nContent-Length: 0\r\n\r\n";
        String answer = rawExchange(raw);
        assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
        assertTrue(answer.contains("<Code>RequestHeaderFieldsTooLarge</Code>"), answer);
    }

    @Test
    void malformedHttpIsRefused() throws Exception {
        String answer = rawExchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon in this header\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("<Code>MalformedQueryString</Code>"), answer);
        // Bytes that are not HTTP at all are a malformed request line: 400, and the connection closed.
        String garbage = rawExchange("\u0001\u0002 NOT HTTP\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
        assertTrue(garbage.contains("<Code>MalformedQueryString</Code>"), garbage);
    }

    @Test
    void controlCharactersInTheMethodAreMalformedNotInternal() throws Exception {
        // Found by EndpointFuzzTest: Helidon fails on this request line as an internal error.
        String answer = rawExchange("F\u0000\u0000th / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("<Code>MalformedQueryString</Code>"), answer);
        assertTrue(answer.contains("<Type>Sender</Type>"), answer);
    }

    @Test
    void aHeaderWithoutANameIsMalformedNotInternal() throws Exception {
        // Found by EndpointFuzzTest: Helidon passes ": value" on as a header with an empty name.
        String answer = rawExchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n: AWS4-HMAC-SHA256\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("<Code>MalformedQueryString</Code>"), answer);
    }

    @Test
    void unsignedMalformedFormsAreRefusedByAuthenticationFirst() throws Exception {
        // AWS's order: nothing of an unsigned request is decoded.
        assertAwsError(post("/", "Action=GetCallerIdentity&Version=2011-06-15&X=%zz".getBytes(StandardCharsets.UTF_8)),
                403, "MissingAuthenticationToken");
        assertAwsError(post("/", "Action=GetCallerIdentity&Action=GetCallerIdentity".getBytes(StandardCharsets.UTF_8)),
                403, "MissingAuthenticationToken");
    }

    @Test
    void methodsOtherThanGetAndPostAreS3sAndRefusedOnTheServiceRoot() throws Exception {
        // PUT, DELETE and HEAD are S3's methods; on "/" (no bucket) S3 allows none of them.
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode(), put.body());
        assertTrue(put.body().contains("<Error><Code>MethodNotAllowed</Code>"), put.body());
        assertTrue(put.headers().firstValue("x-amz-request-id").isPresent(), "x-amz-request-id header");
        String head = rawExchange("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 405"), head);
        assertTrue(head.endsWith("\r\n\r\n") && !head.contains("<Error"), "HEAD has no body: " + head);
    }

    @Test
    void brokenChunkedBodyIsAnsweredAndClosed() throws Exception {
        String answer = rawExchange("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nAction=X\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("<Code>MalformedQueryString</Code>"), answer);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefused() throws Exception {
        StringBuilder raw = new StringBuilder("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
        String chunk = "a".repeat(4096);
        for (int i = 0; i < 300; i++) {
            raw.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        raw.append("0\r\n\r\n");
        String answer = rawExchange(raw.toString());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("<Code>RequestEntityTooLarge</Code>"), answer);
    }

    @Test
    void healthEndpoint() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        // The audit trail's counts follow the store's standing: {"committed":N,"queued":N,"refused":0,"failedCommits":0}.
        assertTrue(response.body().matches("\\{\"status\":\"UP\",\"store\":\"" + server.store().kind() + "\",\"state\":\"in-step\","
                + "\"audit\":\\{\"committed\":\\d+,\"queued\":\\d+,\"refused\":0,\"failedCommits\":0(,\"spooled\":0)?}}"), response.body());
    }

    /** Sends raw bytes; returns the status line, headers and body (by Content-Length), or "" if closed unanswered. */
    private static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (!length.find()) {
                return head.toString();
            }
            byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
            return head + new String(body, StandardCharsets.UTF_8);
        }
    }
}
