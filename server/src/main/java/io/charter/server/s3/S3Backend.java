package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SignedRequest;
import io.charter.sigv4.SigningParams;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwards S3 requests to a backend S3 store, path style, signed again with the backend's own credential (SigV4,
 * service {@code s3}, {@code UNSIGNED-PAYLOAD}: Charter has already verified the client's payload, and the backend
 * is on a link Charter trusts).
 *
 * <p>Bodies stream both ways: a request body is read while it is sent (through {@link ExactLengthBody}, so a body
 * that fails Charter's verification never completes at the backend), and a response body is handed back unread. A
 * 100 MiB object never sits whole in memory.
 *
 * <p>Thread-safe: one HTTP/1.1 client (its connection pool) and one signer (its key cache) for all requests.
 */
public final class S3Backend implements AutoCloseable {

    /** The signing name of S3. */
    private static final String SERVICE = "s3";
    /** Headers never forwarded: the connection's own, which the HTTP client sets, and the client's authentication. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host", "content-length",
            "transfer-encoding", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
            "trailer", "upgrade", "expect");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final BackendEndpoint endpoint;
    private final Clock clock;
    private final Credentials credentials;
    private final String base;
    private final String host;
    private final SigV4Signer signer = new SigV4Signer();
    private final HttpClient client;

    /** A backend whose requests are signed at the system clock's time. */
    public S3Backend(BackendEndpoint endpoint) {
        this(endpoint, Clock.systemUTC());
    }

    /** A backend whose requests are signed at {@code clock}'s time. */
    public S3Backend(BackendEndpoint endpoint, Clock clock) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.credentials = Credentials.of(endpoint.accessKeyId(), endpoint.secretAccessKey());
        URI uri = endpoint.uri();
        this.base = uri.getScheme() + "://" + uri.getRawAuthority();
        this.host = uri.getRawAuthority();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Where requests go. */
    public BackendEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code request} and returns the backend's answer once its headers have arrived; the body is still to be
     * read (close the response).
     *
     * @throws IOException the request body's own exception, as it was thrown, if reading the body failed (the
     *                     request was then aborted, and the backend stores nothing); otherwise the HTTP client's
     */
    public BackendResponse send(BackendRequest request) throws IOException {
        requireNonNull(request, "request is null");
        List<Header> headers = new ArrayList<>(request.headers().size() + 4);
        headers.add(new Header("host", host));
        for (Map.Entry<String, String> header : request.headers()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(new Header(header.getKey(), header.getValue()));
            }
        }
        // SigV4's canonical URI encodes what it is given once more: it is given the decoded path (S3 signs the key
        // encoded once), and the wire gets that same single encoding (see S3Paths)
        String path = S3Paths.decode(request.rawPath());
        SignableRequest unsigned = new SignableRequest(request.method(), path, request.rawQuery(), headers,
                Payload.ofSha256Hex(Payload.UNSIGNED_PAYLOAD));
        SigningParams params = SigningParams.of(credentials, endpoint.region(), SERVICE, clock.instant())
                .withNormalizePath(false)
                .withContentSha256Header(true);
        SignedRequest signed = signer.sign(unsigned, params);

        ExactLengthBody body = request.body().map(in -> new ExactLengthBody(in, request.contentLength())).orElse(null);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(S3Paths.encode(path), request.rawQuery()))
                .method(request.method(), publisher(body, request.contentLength()));
        for (Header header : signed.request().headers()) {
            if (!header.name().equalsIgnoreCase("host")) {
                builder.header(header.name(), header.value());
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // the body's own failure (Charter's verdict on the client's body) is what the caller answers; the HTTP
            // client's exception only says that the exchange was cut short because of it
            IOException failure = body == null ? null : body.failure();
            throw failure != null ? failure : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while forwarding to the S3 backend");
            interrupted.initCause(e);
            throw interrupted;
        }
        // Buffered so that an error document can be peeked at before it is relayed; large reads bypass the buffer.
        return new BackendResponse(response.statusCode(), lowerCaseNames(response.headers().map()),
                new BufferedInputStream(response.body()));
    }

    private URI target(String encodedPath, String rawQuery) throws IOException {
        String query = rawQuery.isEmpty() ? "" : "?" + rawQuery;
        try {
            return new URI(base + encodedPath + query);
        } catch (URISyntaxException e) {
            throw new IOException("not a valid request target: " + e.getMessage(), e);
        }
    }

    private static BodyPublisher publisher(ExactLengthBody body, long contentLength) throws IOException {
        if (body == null) {
            return BodyPublishers.noBody();
        }
        if (contentLength == 0) {
            body.confirmEmpty();
            return BodyPublishers.noBody();
        }
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), contentLength);
    }

    private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> received) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        received.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values);
            }
        });
        return headers;
    }

    /** Stops the HTTP client: waits a few seconds for exchanges under way, then ends them. */
    @Override
    public void close() {
        client.shutdown();
        try {
            if (!client.awaitTermination(CLOSE_GRACE)) {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            client.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "S3Backend[" + endpoint + "]";
    }
}
