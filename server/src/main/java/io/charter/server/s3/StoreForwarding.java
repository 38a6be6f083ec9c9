package io.charter.server.s3;

import io.charter.server.auth.Authenticator;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the object store answers: a request forwarded path style, with the client's headers less its
 * signature's and framing, its body decoded and verified as it streams ({@link S3Bodies}), re-signed
 * with the store's key; the store's answer relayed as it came with this request's ids. Also the
 * bodies Charter reads whole for the operations it answers itself. Thread-safe.
 */
final class StoreForwarding {
    private static final Logger LOG = Logger.getLogger(StoreForwarding.class.getName());
    /** How much of the store's error document is read to learn its code. */
    private static final int ERROR_PEEK_BYTES = 4096;
    /** The operations whose answer carries the checksum of the body's trailer (see {@link #answerChecksum}). */
    private static final Set<String> CHECKSUM_ANSWERED = Set.of("PutObject", "UploadPart");

    private final ObjectStore store;
    private final S3Authorization authorization;
    private final Supplier<BodyDeadline> bodyDeadline;

    StoreForwarding(ObjectStore store, S3Authorization authorization, Supplier<BodyDeadline> bodyDeadline) {
        this.store = store;
        this.authorization = authorization;
        this.bodyDeadline = bodyDeadline;
    }

    /** The store's client, started on first use. */
    S3Backend backend() {
        return store.backend();
    }

    /** Sends a body Charter read whole (and verified) to the store, and relays the answer. */
    void forwardWhole(S3Exchange exchange, List<Map.Entry<String, String>> headers, byte[] body) {
        try (BackendResponse answer = store.backend().send(new BackendRequest(exchange.s3().method(),
                exchange.address().storePath(), StoreHeaders.storeQuery(exchange.request()), headers,
                Optional.of(new ByteArrayInputStream(body)), body.length))) {
            relay(exchange, answer);
        } catch (IOException e) {
            throw storeUnreachable(exchange, e);
        }
    }

    // ---- what the store answers ----

    /**
     * Any other operation: authorized here, then sent to the store path style with the client's
     * headers (less its signature's) and its body, verified as it streams; the store's answer goes
     * back as it came, with this request's ids.
     */
    void forward(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        ServerRequest request = exchange.request();
        Optional<InputStream> body = Optional.empty();
        long length = -1;
        BodyDeadline deadline = bodyDeadline.get();
        Optional<S3Bodies.TrailingChecksum> trailing = Optional.empty();
        if (request.content().hasEntity()) {
            S3Bodies.Body verified = S3Bodies.verified(request.content().inputStream(), exchange.s3().headers(),
                    exchange.authentication().declaredPayload(), exchange.authentication().signature(),
                    exchange.authentication().verified().flatMap(Authenticator.Verified::signingKey),
                    deadline.progressed());
            body = Optional.of(deadline.endingAt(verified.stream()));
            length = verified.length();
            trailing = verified.trailing();
        } else {
            deadline.ended().run();
        }
        BackendResponse answer;
        try {
            answer = store.backend().send(new BackendRequest(exchange.s3().method(), exchange.address().storePath(),
                    StoreHeaders.storeQuery(request), StoreHeaders.toStore(request), body, length));
        } catch (IOException e) {
            ServiceException refused = S3Bodies.refusal(e);
            if (refused != null) {
                // The rest of the body is not read: the connection closes after the answer.
                exchange.response().header("Connection", "close");
                throw refused;
            }
            throw storeUnreachable(exchange, e);
        }
        try (answer) {
            if (answer.status() == 200 && CHECKSUM_ANSWERED.contains(exchange.operation().name())) {
                trailing.ifPresent(checksum -> answerChecksum(exchange, answer, checksum));
            }
            relay(exchange, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The checksum of a body's trailer on the answer to PutObject or UploadPart, as S3 answers it
     * ({@code x-amz-checksum-crc32: ...}), unless the store answered one. S3Proxy 4.0.0 checks an
     * {@code aws-chunked} trailer but neither keeps nor answers it, and the store is sent the decoded
     * body; without this header, clients that copy each part's checksum into
     * CompleteMultipartUpload (the AWS SDKs, s3transfer) send none.
     */
    private static void answerChecksum(S3Exchange exchange, BackendResponse answer, S3Bodies.TrailingChecksum checksum) {
        if (!answer.headers().containsKey(checksum.headerName())) {
            checksum.value().ifPresent(value -> exchange.response().header(checksum.headerName(), value));
        }
    }

    /** Sends the store's answer as it came: status, headers (less the hop-by-hop ones), body streamed. */
    void relay(S3Exchange exchange, BackendResponse answer) throws IOException {
        exchange.audit().beforeRelay(answer.status());
        ServerResponse response = exchange.response();
        response.status(Status.create(answer.status()));
        long length = -1;
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (StoreHeaders.FROM_STORE_DROPPED.contains(name)) {
                continue;
            }
            if (name.equals("content-length")) {
                length = Long.parseLong(header.getValue().getFirst().strip());
            }
            for (String value : header.getValue()) {
                response.header(header.getKey(), value);
            }
        }
        exchange.stampIds();
        if (exchange.s3().method().equals("HEAD") || answer.status() == 204 || answer.status() == 304) {
            response.send();
            return;
        }
        if (length == 0) {
            response.send();
            return;
        }
        OutputStream out = response.outputStream();
        try {
            answer.body().transferTo(out);
        } catch (IOException e) {
            // The status and length are sent: the client can only be told by a connection cut short, as S3 does.
            LOG.log(Level.FINE, "the store's answer broke off", e);
            throw new CloseConnectionException("the store's answer broke off", e);
        }
        out.close();
    }

    /**
     * The body of an operation Charter answers itself, verified against what the client declared,
     * at most {@code limit} bytes ({@code EntityTooLarge} past it; {@code MalformedPolicy} for a
     * policy, whose limit S3 words its own way).
     */
    byte[] readOwnBody(S3Exchange exchange, int limit, Supplier<ServiceException> tooLarge) {
        ServerRequest request = exchange.request();
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        S3Bodies.Body verified = S3Bodies.verified(request.content().inputStream(), exchange.s3().headers(),
                exchange.authentication().declaredPayload(), exchange.authentication().signature(),
                exchange.authentication().verified().flatMap(Authenticator.Verified::signingKey),
                bodyDeadline.get().progressed());
        try (InputStream in = verified.stream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                exchange.response().header("Connection", "close");
                throw tooLarge.get();
            }
            return body;
        } catch (IOException e) {
            ServiceException refused = S3Bodies.refusal(e);
            exchange.response().header("Connection", "close");
            throw refused != null ? refused : new ServiceException(AwsErrorCode.INCOMPLETE_BODY,
                    "You did not provide the number of bytes specified by the Content-Length HTTP header.");
        }
    }

    /** Whether the store refused with {@code code}; the error document stays in {@code answer} to relay. */
    static boolean isCode(BackendResponse answer, String code) throws IOException {
        if (!answer.body().markSupported()) {
            throw new IllegalStateException("an error answer is read through a buffered stream");
        }
        answer.body().mark(ERROR_PEEK_BYTES);
        byte[] head = answer.body().readNBytes(ERROR_PEEK_BYTES);
        answer.body().reset();
        return new String(head, StandardCharsets.UTF_8).contains("<Code>" + code + "</Code>");
    }

    /**
     * The store did not answer (or broke off while the client's body was still being sent): 503,
     * which clients retry, and the connection closes, since the rest of a body may be unread.
     */
    ServiceException storeUnreachable(S3Exchange exchange, IOException e) {
        LOG.log(Level.WARNING, "the object store did not answer: " + e.getClass().getName());
        exchange.response().header("Connection", "close");
        return new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "The object store is not available; try again.");
    }
}
