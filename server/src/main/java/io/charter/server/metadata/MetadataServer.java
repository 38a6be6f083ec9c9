package io.charter.server.metadata;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The agent's HTTP server (Helidon, a virtual thread per connection): each request becomes a
 * {@link MetadataRequest}, {@link MetadataEndpoint} answers it, and a session token's answer goes
 * out on a connection limited to the instance's hop limit ({@link SocketHopLimit}). When the limit
 * cannot be set, the token is not given (fail closed) and the reason logged.
 *
 * <p>Thread-safe.
 */
final class MetadataServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetadataServer.class.getName());
    private static final HeaderName TOKEN = HeaderNames.create("X-aws-ec2-metadata-token");
    private static final HeaderName TTL = HeaderNames.create("X-aws-ec2-metadata-token-ttl-seconds");
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    /** The most hops a packet is sent with anyway (Linux's default TTL): no need to set it. */
    private static final int DEFAULT_TTL = 64;
    private static final Pattern MULTIPLE_SLASHES = Pattern.compile("/{2,}");

    private final WebServer server;

    private MetadataServer(WebServer server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (0: any free port); fails when it cannot. */
    static MetadataServer start(String host, int port, MetadataEndpoint endpoint) {
        try {
            SocketHopLimit.load();
        } catch (IOException e) {
            LOG.warning(() -> "session tokens will be refused: their hop limit cannot be set (" + e.getMessage() + ")");
        }
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(4096)
                .routing(routing -> routing.any((req, res) -> handle(endpoint, req, res)))
                .build();
        server.start();
        if (!server.isRunning()) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port);
        }
        return new MetadataServer(server);
    }

    int port() {
        return server.port();
    }

    private static void handle(MetadataEndpoint endpoint, ServerRequest req, ServerResponse res) {
        MetadataRequest request = new MetadataRequest(req.prologue().method().text(), path(req.path().rawPath()),
                req.headers().first(TOKEN), req.headers().first(TTL), req.headers().contains(FORWARDED_FOR),
                req.headers().first(HeaderNames.AUTHORIZATION));
        MetadataResponse response = endpoint.answer(request);
        if (response.hopLimit().isPresent() && response.hopLimit().getAsInt() < DEFAULT_TTL) {
            try {
                SocketHopLimit.apply(inet(req.localPeer().address()), inet(req.remotePeer().address()),
                        response.hopLimit().getAsInt());
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "a session token was refused: its hop limit cannot be set (" + e.getMessage() + ")");
                response = MetadataResponse.status(500, "Internal Server Error");
            }
        }
        res.status(Status.create(response.status()));
        res.header(HeaderNames.CONTENT_TYPE, response.contentType());
        res.header(HeaderNames.SERVER, "EC2ws");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            res.header(header.getKey(), header.getValue());
        }
        res.send(response.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The path with repeated slashes made one: an SDK given the endpoint {@code http://HOST:PORT/}
     * (the Java SDK v2) asks for {@code //latest/meta-data/…}, which IMDS answers as the single-slash path.
     */
    static String path(String raw) {
        return raw.contains("//") ? MULTIPLE_SLASHES.matcher(raw).replaceAll("/") : raw;
    }

    private static InetSocketAddress inet(SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress inet) {
            return inet;
        }
        throw new IOException("not an IP connection: " + address);
    }

    @Override
    public void close() {
        server.stop();
    }
}
