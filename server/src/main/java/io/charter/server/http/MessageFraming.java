package io.charter.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;

/**
 * Refuses, before routing, a request whose request line and headers together run past
 * {@code maxHeaderBytes} (the one place that limit is kept): 431, found by looking ahead in what the connection has received before the HTTP library parses the headers
 * (the library's own limit answers 400, indistinguishable from a syntax error). And a request
 * whose body's length is not stated exactly once and unambiguously (RFC 9112, section 6): a {@code Content-Length} that is not a plain decimal number
 * ({@code -1}, {@code +61}, {@code 5, 5}), given twice, or given together with
 * {@code Transfer-Encoding}; a {@code Transfer-Encoding} other than exactly {@code chunked}. A
 * proxy in front of the server may read such a request differently from the server (request
 * smuggling), so it is answered 400 and its connection closed. Immutable.
 */
public final class MessageFraming implements Http1ConnectionListener {
    /** Longer than any body the server accepts, short enough never to overflow a {@code long}. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private final int maxHeaderBytes;

    public MessageFraming(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Reads ahead, without consuming, until the empty line that ends the headers: refused with 431
     * when the request line and the headers are not within {@code maxHeaderBytes}. The bytes read
     * stay buffered for the parser.
     */
    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        DataReader reader = ctx.dataReader();
        int limit = maxHeaderBytes - requestLineLength(prologue);
        int scanned = 0;
        int lineLength = 0;
        try {
            while (true) {
                int end = Math.min(reader.available(), Math.max(limit, 0) + 2);
                if (end > scanned) {
                    BufferData received = reader.getBuffer(end);
                    for (int i = scanned; i < end; i++) {
                        int b = received.get(i);
                        if (b == '\n') {
                            if (lineLength == 0) {
                                return;
                            }
                            lineLength = 0;
                        } else if (b != '\r') {
                            lineLength++;
                        }
                    }
                    scanned = end;
                }
                if (scanned >= Math.max(limit, 0) + 2) {
                    throw RequestException.builder()
                            .type(DirectHandler.EventType.BAD_REQUEST)
                            .status(HttpStatuses.of(431))
                            .message("Request line and headers exceed the limit of " + maxHeaderBytes + " bytes.")
                            .setKeepAlive(false)
                            .build();
                }
                reader.pullData();
            }
        } catch (DataReader.InsufficientDataAvailableException e) {
            throw new CloseConnectionException("the connection closed within the request's headers", e);
        }
    }

    /** The request line's length: method, target (path and query), {@code HTTP/1.1}, spaces and CRLF. */
    private static int requestLineLength(HttpPrologue prologue) {
        String query = prologue.query().rawValue();
        return prologue.method().text().length() + prologue.uriPath().rawPath().length()
                + (query == null || query.isEmpty() ? 0 : query.length() + 1) + 12;
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        List<String> lengths = headers.all(HeaderNames.CONTENT_LENGTH, List::of);
        List<String> encodings = headers.all(HeaderNames.TRANSFER_ENCODING, List::of);
        if (lengths.size() > 1) {
            throw refused("Content-Length is given more than once.");
        }
        if (!lengths.isEmpty() && !encodings.isEmpty()) {
            throw refused("Content-Length and Transfer-Encoding are given together.");
        }
        if (!lengths.isEmpty() && !isDecimal(lengths.getFirst())) {
            throw refused("Content-Length is not a non-negative decimal number.");
        }
        if (!encodings.isEmpty() && !(encodings.size() == 1 && encodings.getFirst().strip().equalsIgnoreCase("chunked"))) {
            throw refused("Transfer-Encoding other than chunked is not supported.");
        }
    }

    private static boolean isDecimal(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static RequestException refused(String message) {
        return RequestException.builder()
                .type(DirectHandler.EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .message(message)
                .setKeepAlive(false)
                .build();
    }
}
