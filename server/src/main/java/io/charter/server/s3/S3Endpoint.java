package io.charter.server.s3;

import io.charter.server.audit.AuditEvent;
import io.charter.server.audit.AuditLog;
import io.charter.server.audit.DataEventSelection;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.RequestFacts;
import io.charter.server.domain.Buckets;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.SnapshotSource;
import io.charter.sigv4.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * S3 on Charter's endpoint. A request is authenticated as S3 authenticates (SigV4 in the header
 * or a presigned query of signature version 4 or 2, or anonymous), identified as an S3 API operation, authorized by the policy
 * engine with the caller's policies and the bucket's policy as the resource policy, and then either
 * answered by Charter (what Charter owns: which buckets exist and who owns them, bucket policies)
 * or forwarded to the object store, re-signed with the store's own key, its body verified as it
 * streams through ({@link S3Bodies}). Errors are S3's XML errors with a request id and host id.
 *
 * <p>Thread-safe: holds only thread-safe collaborators; runs on the connection's thread.
 */
public final class S3Endpoint implements Handler {
    private static final Logger LOG = Logger.getLogger(S3Endpoint.class.getName());
    /** The region of a bucket created without a location constraint, and of S3's global endpoint. */
    static final String DEFAULT_REGION = "us-east-1";

    private final SnapshotSource snapshots;
    private final S3Authenticator authenticator;
    private final BucketOperations bucketOperations;
    private final StoreForwarding forwarding;
    private final Clock clock;
    private final Optional<String> domain;
    private final AuditLog audit;
    private final DataEventSelection dataEvents;
    private final String managementAccount;

    /**
     * @param authenticator an authenticator for the signing name {@code s3}, paths as sent
     * @param bodyDeadline called on the request's thread: the deadline of its body, pushed on as the
     *     body streams and stopped once it was read (a stall is measured, not an upload or the store)
     * @param audit where management events' records are made durable before their answers ({@link S3Audit})
     * @param dataEvents which object calls a trail selects (recorded as data events; the others are not)
     * @param managementAccount the account that records requests whose caller is not known
     */
    public S3Endpoint(SnapshotSource snapshots, Authenticator authenticator, Authorizer authorizer, Buckets buckets,
            ObjectStore store, Clock clock, Optional<String> domain, Supplier<BodyDeadline> bodyDeadline,
            AuditLog audit, DataEventSelection dataEvents, String managementAccount) {
        this.audit = audit;
        this.dataEvents = dataEvents;
        this.managementAccount = managementAccount;
        S3Authorization authorization = new S3Authorization(authorizer);
        this.snapshots = snapshots;
        this.authenticator = new S3Authenticator(authenticator);
        this.forwarding = new StoreForwarding(store, authorization, bodyDeadline);
        this.bucketOperations = new BucketOperations(buckets, authorization, this.forwarding);
        this.clock = clock;
        this.domain = domain;
    }

    /**
     * Whether a request is S3's rather than one of the query or JSON services': its host lies under
     * the S3 domain, or its signature's scope names {@code s3}, or it is unsigned and S3-shaped (a
     * method or a path the other services never use).
     */
    public boolean accepts(ServerRequest request) {
        Optional<String> host = request.headers().first(HeaderNames.HOST);
        if (domain.isPresent() && host.isPresent() && S3Address.underDomain(host.get(), domain.get())) {
            return true;
        }
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            return authorization.get().contains("/s3/aws4_request") || authorization.get().startsWith("AWS ");
        }
        String query = Optional.ofNullable(request.query().rawValue()).orElse("");
        if (query.contains("X-Amz-Credential=")) {
            return query.contains("%2Fs3%2Faws4_request") || query.contains("/s3/aws4_request");
        }
        String method = request.prologue().method().text();
        String path = request.path().rawPath();
        return (!method.equals("GET") && !method.equals("POST")) || (!path.equals("/") && !path.isEmpty());
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String requestId = S3RequestIds.next();
        String hostId = S3RequestIds.hostId();
        Optional<String> bucketName = Optional.empty();
        boolean head = request.prologue().method().text().equals("HEAD");
        S3Audit recording = new S3Audit(audit, dataEvents, new AuditEvent(clock.instant(), requestId, sourceIp(request),
                request.headers().first(HeaderNames.USER_AGENT), managementAccount));
        try {
            S3Address address = S3Address.of(request.headers().first(HeaderNames.HOST).orElse(""),
                    request.path().rawPath(), domain);
            bucketName = address.bucket();
            answer(request, response, address, requestId, hostId, recording);
        } catch (ServiceException e) {
            sendError(response, response.isSent() ? e : recording.beforeError(e), bucketName, requestId, hostId, head);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (socketClosed(e) || response.isSent()) {
                throw new CloseConnectionException("the connection closed while the request was answered", e);
            }
            RuntimeException where = new RuntimeException(e.getClass().getName(), null);
            where.setStackTrace(e.getStackTrace());
            LOG.log(Level.SEVERE, "S3 request " + requestId + " failed", where);
            sendError(response, recording.beforeError(new ServiceException(AwsErrorCode.INTERNAL_ERROR,
                    "We encountered an internal error. Please try again.")), bucketName, requestId, hostId, head);
        }
    }

    private void answer(ServerRequest request, ServerResponse response, S3Address address, String requestId,
            String hostId, S3Audit recording) {
        Instant now = clock.instant();
        IdentitySnapshot snapshot = snapshots.current();
        String method = request.prologue().method().text();
        String rawQuery = Optional.ofNullable(request.query().rawValue()).orElse("");
        List<Header> headerLines = headerLines(request);
        Map<String, String> headers = firstValues(headerLines);
        Authentication authentication = authenticator.authenticate(request, method, rawQuery, headerLines, headers, snapshot, now,
                address.storePath());
        S3Request s3 = new S3Request(method, address.bucket(), address.key(), S3Query.parse(rawQuery), headers);
        S3Operation operation = S3Operation.identify(s3).orElseThrow(() -> new ServiceException(
                AwsErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this resource."));
        recording.identified(operation, authentication, address, headers.getOrDefault("host", ""));
        RequestFacts facts = new RequestFacts(now, Optional.of(sourceIp(request)), Optional.of(request.isSecure()),
                authentication.region(), Optional.empty());
        S3Exchange exchange = new S3Exchange(request, response, address, s3, operation, authentication, snapshot, facts,
                requestId, hostId, recording);
        switch (operation.name()) {
            case "ListBuckets" -> bucketOperations.listBuckets(exchange);
            case "CreateBucket" -> bucketOperations.createBucket(exchange);
            case "DeleteBucket" -> bucketOperations.deleteBucket(exchange);
            case "HeadBucket" -> bucketOperations.headBucket(exchange);
            case "GetBucketLocation" -> bucketOperations.getBucketLocation(exchange);
            case "PutBucketPolicy" -> bucketOperations.putBucketPolicy(exchange);
            case "GetBucketPolicy" -> bucketOperations.getBucketPolicy(exchange);
            case "DeleteBucketPolicy" -> bucketOperations.deleteBucketPolicy(exchange);
            case "DeleteObjects" -> bucketOperations.deleteObjects(exchange);
            case "PutObjectTagging" -> bucketOperations.putObjectTagging(exchange);
            default -> forwarding.forward(exchange);
        }
    }

    private static void sendError(ServerResponse response, ServiceException error, Optional<String> bucket,
            String requestId, String hostId, boolean head) {
        if (response.isSent()) {
            return;
        }
        response.status(Status.create(error.httpStatus()));
        response.header("x-amz-request-id", requestId);
        response.header("x-amz-id-2", hostId);
        if (head) {
            response.send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, S3Xml.CONTENT_TYPE);
        Optional<String> named = error.errorCode() == AwsErrorCode.NO_SUCH_BUCKET ? bucket : Optional.empty();
        response.send(S3Xml.error(error, named, requestId, hostId));
    }

    private static List<Header> headerLines(ServerRequest request) {
        List<Header> headers = new ArrayList<>();
        for (var header : request.headers()) {
            if (header.name().isEmpty()) {
                throw new ServiceException(AwsErrorCode.INVALID_REQUEST, "The request could not be parsed as HTTP.");
            }
            for (String value : header.allValues()) {
                headers.add(new Header(header.name(), value));
            }
        }
        return headers;
    }

    private static Map<String, String> firstValues(List<Header> lines) {
        Map<String, String> first = new LinkedHashMap<>();
        for (Header line : lines) {
            first.putIfAbsent(line.name().toLowerCase(Locale.ROOT), line.value());
        }
        return first;
    }

    private static String sourceIp(ServerRequest request) {
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "0.0.0.0";
    }

    private static boolean socketClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }
}
