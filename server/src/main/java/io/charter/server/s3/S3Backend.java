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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Forwards S3 requests to a backend S3 store, path style, signed again with the backend's own credential (SigV4,
 * service {@code s3}, {@code UNSIGNED-PAYLOAD}: Charter has already verified the client's payload, and the backend
 * is on a link Charter trusts).
 *
 * <p>Bodies stream both ways: a request body is read while it is sent (through {@link ExactLengthBody}, so a body
 * that fails Charter's verification never completes at the backend), and a response body is handed back unread. A
 * 100 MiB object never sits whole in memory.
 *
 * <p>The transport is Apache HttpClient 5's classic (blocking) client over a pool of kept-alive HTTP/1.1
 * connections: the exchange runs on the calling thread (a virtual thread of the server). Measured with
 * {@code bench/run-s3.sh}: the JDK's {@code HttpClient} handed every exchange between the caller, its selector
 * thread and its executor, which cost a large share of the CPU on the 1 KiB requests this hop mostly carries.
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
    /** Methods whose request carries a {@code Content-Length: 0} when it has no body (as the JDK client sent). */
    private static final Set<String> EMPTY_BODY_DECLARED = Set.of("PUT", "POST");
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);
    /** Connections kept to the backend: far above the server's concurrent S3 requests in any measured load. */
    private static final int MAX_CONNECTIONS = 1024;

    private final BackendEndpoint endpoint;
    private final Clock clock;
    private final Credentials credentials;
    private final HttpHost target;
    private final String host;
    private final SigV4Signer signer = new SigV4Signer();
    private final CloseableHttpClient client;

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
        this.target = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        this.host = uri.getRawAuthority();
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
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
        String rawQuery = request.rawQuery();
        String encodedPath = S3Paths.encode(path);
        BasicClassicHttpRequest outgoing = new BasicClassicHttpRequest(request.method(), target,
                rawQuery.isEmpty() ? encodedPath : encodedPath + "?" + rawQuery);
        for (Header header : signed.request().headers()) {
            if (!header.name().equalsIgnoreCase("host")) {
                outgoing.addHeader(header.name(), header.value());
            }
        }
        outgoing.setEntity(entity(body, request.contentLength(), request.method()));
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(target, outgoing, null);
        } catch (IOException e) {
            // the body's own failure (Charter's verdict on the client's body) is what the caller answers; the HTTP
            // client's exception only says that the exchange was cut short because of it (and the connection is
            // discarded, so the backend never sees the body's last byte)
            IOException failure = body == null ? null : body.failure();
            throw failure != null ? failure : e;
        }
        return new BackendResponse(response.getCode(), lowerCaseNames(response), new ResponseBody(response));
    }

    private static HttpEntity entity(ExactLengthBody body, long contentLength, String method) throws IOException {
        if (body == null) {
            return EMPTY_BODY_DECLARED.contains(method) ? new ByteArrayEntity(new byte[0], null) : null;
        }
        if (contentLength == 0) {
            body.confirmEmpty();
            return new ByteArrayEntity(new byte[0], null);
        }
        return new InputStreamEntity(body, contentLength, null);
    }

    private static Map<String, List<String>> lowerCaseNames(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (var header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), key -> new ArrayList<>(1))
                    .add(header.getValue());
        }
        return headers;
    }

    /**
     * The backend's body, buffered so that an error document can be peeked at before it is relayed (large reads
     * bypass the buffer). Closing it closes the response: a body read to its end gives the connection back to the
     * pool.
     */
    private static final class ResponseBody extends FilterInputStream {

        private final ClassicHttpResponse response;
        private boolean ended;

        ResponseBody(ClassicHttpResponse response) throws IOException {
            super(new BufferedInputStream(content(response)));
            this.response = response;
        }

        private static InputStream content(ClassicHttpResponse response) throws IOException {
            HttpEntity entity = response.getEntity();
            return entity == null ? InputStream.nullInputStream() : entity.getContent();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        /**
         * A body read to its end gives its connection back to the pool; one left part-way (the client went
         * away during a large GET) has its connection closed at once, rather than the rest read and thrown away.
         */
        @Override
        public void close() throws IOException {
            if (ended) {
                try {
                    super.close();
                } finally {
                    response.close();
                }
                return;
            }
            try {
                response.close();
            } finally {
                try {
                    super.close();
                } catch (IOException e) {
                    // the connection is already closed: nothing is left to read or give back
                }
            }
        }
    }

    /** Stops the HTTP client: idle connections close now, those of exchanges under way when they are given back. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    @Override
    public String toString() {
        return "S3Backend[" + endpoint + "]";
    }
}
