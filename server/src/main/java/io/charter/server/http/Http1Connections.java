package io.charter.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.Bytes;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.Http1HeadersParser;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one connection selector of the listener: a connection whose first request line ends in
 * {@code HTTP/1.0} is answered here, because the HTTP library would close it unanswered; every
 * other connection is handed to the library's HTTP/1 connection. HTTP/1.0: the health check
 * ({@code GET /health}) is answered as over HTTP/1.1 ({@link HealthCheck}: 200, or 503 while the
 * node refuses requests), so HTTP/1.0 health checkers work; any other request gets the
 * transport-error answer to an unsupported HTTP version ({@link TransportErrors}: 505,
 * {@code HttpVersionNotSupported} in AWS's error envelope), its body unread; the answer is
 * {@code Connection: close}, and the connection closes after it. A connection that first speaks
 * HTTP/1.1 and then HTTP/1.0 gets the same 505 from {@link TransportErrors}.
 *
 * <p>Being the only selector matters: with more than one, the library reads a connection's first
 * bytes before any connection exists, and a client that sends nothing is never timed out. Here the
 * connection exists from the start, so the listener's idle timeout closes a silent one.
 *
 * <p>Thread-safe: immutable; each connection is handled on its own thread.
 */
public final class Http1Connections implements ServerConnectionSelector {
    private static final String HTTP_1_0 = "HTTP/1.0";

    private final ServerConnectionSelector http11;
    private final DirectHandler transportErrors;
    private final HealthCheck health;
    private final int maxHeadBytes;

    /**
     * @param http11 the library's HTTP/1 selector
     * @param transportErrors answers what is not the health check
     * @param health answers the health check
     * @param maxHeadBytes the most bytes of request line, and of headers, read
     */
    public Http1Connections(ServerConnectionSelector http11, DirectHandler transportErrors, HealthCheck health,
            int maxHeadBytes) {
        this.http11 = http11;
        this.transportErrors = transportErrors;
        this.health = health;
        this.maxHeadBytes = maxHeadBytes;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http11.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new VersionedConnection(ctx);
    }

    /** A connection that waits for its first request line, then answers HTTP/1.0 or hands over. */
    private final class VersionedConnection implements ServerConnection {
        private final ConnectionContext ctx;
        private final long opened = System.nanoTime();
        private volatile ServerConnection http11Connection;

        VersionedConnection(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            boolean http10;
            try {
                http10 = firstLineIsHttp10(ctx.dataReader());
            } catch (RuntimeException e) {
                // closed before a request line (by the client, or by the idle timeout): nothing to answer
                return;
            }
            if (http10) {
                answerHttp10();
                return;
            }
            ServerConnection connection = http11.connection(ctx);
            http11Connection = connection;
            connection.handle(limit);
        }

        @Override
        public Duration idleTime() {
            ServerConnection connection = http11Connection;
            return connection != null ? connection.idleTime() : Duration.ofNanos(System.nanoTime() - opened);
        }

        @Override
        public void close(boolean interrupt) {
            ServerConnection connection = http11Connection;
            if (connection != null) {
                connection.close(interrupt);
            } else {
                ctx.serverSocket().close();
            }
        }

        /** Waits, without consuming anything, for the first line (or {@code maxHeadBytes} bytes without one). */
        private boolean firstLineIsHttp10(DataReader reader) {
            while (true) {
                reader.ensureAvailable();
                int available = Math.min(reader.available(), maxHeadBytes);
                BufferData received = reader.getBuffer(available);
                int lf = received.indexOf(Bytes.LF_BYTE);
                if (lf >= 0) {
                    return received.readString(lf).strip().endsWith(HTTP_1_0);
                }
                if (available >= maxHeadBytes) {
                    return false;
                }
                reader.pullData();
            }
        }

        private void answerHttp10() {
            DataReader reader = ctx.dataReader();
            String requestLine;
            try {
                int eol = reader.findNewLine(maxHeadBytes);
                requestLine = reader.readAsciiString(eol);
                reader.skip(2);
                Http1HeadersParser.readHeaders(reader, maxHeadBytes, false);
            } catch (RuntimeException e) {
                // a malformed or unfinished head from a client going away: closed without an answer
                return;
            }
            String[] parts = requestLine.split(" ", -1);
            byte[] answer = parts.length == 3 && parts[0].equals("GET") && parts[1].equals("/health")
                    ? healthAnswer()
                    : refusal(parts);
            try {
                ctx.dataWriter().writeNow(BufferData.create(answer));
            } catch (RuntimeException e) {
                // the client went away before its answer: nothing is left to do
            }
        }
    }

    private byte[] healthAnswer() {
        HealthCheck.Answer answer = health.check();
        return response(Status.create(answer.status()), List.of(), "application/json",
                answer.json().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] refusal(String[] requestLine) {
        DirectHandler.TransportResponse refusal = transportErrors.handle(
                DirectTransportRequest.create(HTTP_1_0, requestLine[0], requestLine.length > 1 ? requestLine[1] : ""),
                DirectHandler.EventType.HTTP_VERSION_NOT_SUPPORTED, Status.HTTP_VERSION_NOT_SUPPORTED_505,
                ServerResponseHeaders.create(), "");
        List<Header> headers = new ArrayList<>();
        String contentType = "text/plain";
        for (Header header : refusal.headers()) {
            if (header.name().equalsIgnoreCase("Content-Type")) {
                contentType = header.get();
            } else if (!header.name().equalsIgnoreCase("Content-Length") && !header.name().equalsIgnoreCase("Connection")) {
                headers.add(header);
            }
        }
        return response(refusal.status(), headers, contentType, refusal.entity().orElse(new byte[0]));
    }

    private static byte[] response(Status status, List<Header> headers, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status.code()).append(' ')
                .append(status.reasonPhrase()).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        for (Header header : headers) {
            head.append(header.name()).append(": ").append(header.get()).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
