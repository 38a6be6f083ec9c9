package io.charter.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;

/**
 * Several HTTP/1 connection listeners as one, called in order. The HTTP library's own composite
 * (4.3.2) passes on only the raw data, not the request line, headers or status, so the server
 * registers this one instead. Immutable.
 */
public record ConnectionListeners(List<Http1ConnectionListener> listeners) implements Http1ConnectionListener {
    public ConnectionListeners {
        listeners = List.copyOf(listeners);
    }

    public static ConnectionListeners of(Http1ConnectionListener... listeners) {
        return new ConnectionListeners(List.of(listeners));
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        for (Http1ConnectionListener listener : listeners) {
            listener.prologue(ctx, prologue);
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        for (Http1ConnectionListener listener : listeners) {
            listener.headers(ctx, headers);
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        for (Http1ConnectionListener listener : listeners) {
            listener.status(ctx, status);
        }
    }

    @Override
    public void data(ConnectionContext ctx, BufferData data) {
        for (Http1ConnectionListener listener : listeners) {
            listener.data(ctx, data);
        }
    }
}
