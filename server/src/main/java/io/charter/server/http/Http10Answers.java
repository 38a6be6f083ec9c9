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
 * Answers connections that speak HTTP/1.0, which the HTTP library would close unanswered: the
 * health check ({@code GET /health}) is served, so HTTP/1.0 health checkers work; any other request
 * gets the transport-error answer to an unsupported HTTP version ({@link TransportErrors}: 505,
 * {@code HttpVersionNotSupported} in AWS's error envelope), without its body being read. Each
 * answer is {@code Connection: close}, and the connection closes after it. A connection that first
 * speaks HTTP/1.1 and then HTTP/1.0 gets the same 505 from {@link TransportErrors}.
 *
 * <p>Thread-safe: immutable; each connection is handled on its own thread.
 */
public final class Http10Answers implements ServerConnectionSelector {
    private static final String HTTP_1_0 = "HTTP/1.0";

    private final DirectHandler transportErrors;
    private final byte[] health;
    private final int maxHeadBytes;

    /**
     * @param transportErrors answers what is not the health check
     * @param health the body of a healthy answer (JSON)
     * @param maxHeadBytes the most bytes of request line, and of headers, read
     */
    public Http10Answers(DirectHandler transportErrors, byte[] health, int maxHeadBytes) {
        this.transportErrors = transportErrors;
        this.health = health.clone();
        this.maxHeadBytes = maxHeadBytes;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        int lf = data.indexOf(Bytes.LF_BYTE);
        if (lf < 0) {
            return Support.UNKNOWN;
        }
        return data.readString(lf).strip().endsWith(HTTP_1_0) ? Support.SUPPORTED : Support.UNSUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Http10Connection(ctx);
    }

    /** One HTTP/1.0 connection: one request head read, one answer, then the connection closes. */
    private final class Http10Connection implements ServerConnection {
        private final ConnectionContext ctx;
        private final long opened = System.nanoTime();

        Http10Connection(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            DataReader reader = ctx.dataReader();
            String requestLine;
            try {
                int eol = reader.findNewLine(maxHeadBytes);
                if (eol >= maxHeadBytes) {
                    return;
                }
                requestLine = reader.readAsciiString(eol);
                reader.skip(2);
                Http1HeadersParser.readHeaders(reader, maxHeadBytes, false);
            } catch (RuntimeException e) {
                // a malformed or unfinished head from a client going away: closed without an answer
                return;
            }
            String[] parts = requestLine.split(" ", -1);
            byte[] answer = parts.length == 3 && parts[0].equals("GET") && parts[1].equals("/health")
                    ? response(Status.OK_200, List.of(), "application/json", health)
                    : refusal(parts);
            try {
                ctx.dataWriter().writeNow(BufferData.create(answer));
            } catch (RuntimeException e) {
                // the client went away before its answer: nothing is left to do
            }
        }

        @Override
        public Duration idleTime() {
            return Duration.ofNanos(System.nanoTime() - opened);
        }

        @Override
        public void close(boolean interrupt) {
            ctx.serverSocket().close();
        }
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
