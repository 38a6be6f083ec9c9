package io.charter.server.s3;

import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Policy;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.RequestFacts;
import io.charter.server.domain.Buckets;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.BucketErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.BucketPolicy;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.SnapshotSource;
import io.charter.sigv4.AuthForm;
import io.charter.sigv4.Header;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SignableRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** The largest body Charter itself reads whole: a CreateBucket configuration, a DeleteObjects list. */
    private static final int MAX_OWN_BODY = 2 * 1024 * 1024;
    /** S3's limit on a bucket policy's size. */
    private static final int MAX_POLICY_BYTES = 20 * 1024;
    /** How much of the store's error document is read to learn its code. */
    private static final int ERROR_PEEK_BYTES = 4096;
    /** The operations whose answer carries the checksum of the body's trailer (see {@link #answerChecksum}). */
    private static final Set<String> CHECKSUM_ANSWERED = Set.of("PutObject", "UploadPart");
    private static final Set<String> LOCKOUT_SAFE = Set.of("s3:GetBucketPolicy", "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy");

    private final SnapshotSource snapshots;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Buckets buckets;
    private final ObjectStore store;
    private final Clock clock;
    private final Optional<String> domain;
    private final Supplier<BodyDeadline> bodyDeadline;

    /**
     * @param authenticator an authenticator for the signing name {@code s3}, paths as sent
     * @param bodyDeadline called on the request's thread: the deadline of its body, pushed on as the
     *     body streams and stopped once it was read (a stall is measured, not an upload or the store)
     */
    public S3Endpoint(SnapshotSource snapshots, Authenticator authenticator, Authorizer authorizer, Buckets buckets,
            ObjectStore store, Clock clock, Optional<String> domain, Supplier<BodyDeadline> bodyDeadline) {
        this.snapshots = snapshots;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.buckets = buckets;
        this.store = store;
        this.clock = clock;
        this.domain = domain;
        this.bodyDeadline = bodyDeadline;
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
        try {
            S3Address address = S3Address.of(request.headers().first(HeaderNames.HOST).orElse(""),
                    request.path().rawPath(), domain);
            bucketName = address.bucket();
            answer(request, response, address, requestId, hostId);
        } catch (ServiceException e) {
            sendError(response, e, bucketName, requestId, hostId, head);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (socketClosed(e) || response.isSent()) {
                throw new CloseConnectionException("the connection closed while the request was answered", e);
            }
            RuntimeException where = new RuntimeException(e.getClass().getName(), null);
            where.setStackTrace(e.getStackTrace());
            LOG.log(Level.SEVERE, "S3 request " + requestId + " failed", where);
            sendError(response, new ServiceException(AwsErrorCode.INTERNAL_ERROR,
                    "We encountered an internal error. Please try again."), bucketName, requestId, hostId, head);
        }
    }

    private void answer(ServerRequest request, ServerResponse response, S3Address address, String requestId,
            String hostId) {
        Instant now = clock.instant();
        IdentitySnapshot snapshot = snapshots.current();
        String method = request.prologue().method().text();
        String rawQuery = Optional.ofNullable(request.query().rawValue()).orElse("");
        List<Header> headerLines = headerLines(request);
        Map<String, String> headers = firstValues(headerLines);
        Authentication authentication = authenticate(request, method, rawQuery, headerLines, headers, snapshot, now,
                address.storePath());
        S3Request s3 = new S3Request(method, address.bucket(), address.key(), S3Query.parse(rawQuery), headers);
        S3Operation operation = S3Operation.identify(s3).orElseThrow(() -> new ServiceException(
                AwsErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this resource."));
        RequestFacts facts = new RequestFacts(now, Optional.of(sourceIp(request)), Optional.of(request.isSecure()),
                authentication.region(), Optional.empty());
        Exchange exchange = new Exchange(request, response, address, s3, operation, authentication, snapshot, facts,
                requestId, hostId);
        switch (operation.name()) {
            case "ListBuckets" -> listBuckets(exchange);
            case "CreateBucket" -> createBucket(exchange);
            case "DeleteBucket" -> deleteBucket(exchange);
            case "HeadBucket" -> headBucket(exchange);
            case "GetBucketLocation" -> getBucketLocation(exchange);
            case "PutBucketPolicy" -> putBucketPolicy(exchange);
            case "GetBucketPolicy" -> getBucketPolicy(exchange);
            case "DeleteBucketPolicy" -> deleteBucketPolicy(exchange);
            case "DeleteObjects" -> deleteObjects(exchange);
            case "PutObjectTagging" -> putObjectTagging(exchange);
            default -> forward(exchange);
        }
    }

    /** Everything one request's handling reads. */
    private record Exchange(ServerRequest request, ServerResponse response, S3Address address, S3Request s3,
            S3Operation operation, Authentication authentication, IdentitySnapshot snapshot, RequestFacts facts,
            String requestId, String hostId) {
        String bucketName() {
            return address.bucket().orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_REQUEST,
                    "This operation needs a bucket."));
        }
    }

    // ---- authentication ----

    /** Who sent a request (empty for an anonymous one), how, and the key its body's chunks are signed with. */
    private record Authentication(Optional<Authenticator.Verified> verified, Optional<ParsedSignature> signature,
            String declaredPayload, String region, Map<String, ContextValue> keys) {
        Optional<Caller> caller() {
            return verified.map(Authenticator.Verified::caller);
        }
    }

    private Authentication authenticate(ServerRequest request, String method, String rawQuery, List<Header> lines,
            Map<String, String> headers, IdentitySnapshot snapshot, Instant now, String resourcePath) {
        String authorization = headers.get("authorization");
        boolean presigned = authorization == null && rawQuery.contains("X-Amz-Credential=");
        if (authorization == null && !presigned) {
            if (rawQuery.contains(S3SignatureV2.SIGNATURE) || rawQuery.contains(S3SignatureV2.ACCESS_KEY_ID)) {
                List<S3SignatureV2.Parameter> query = S3SignatureV2.parameters(rawQuery);
                if (S3SignatureV2.isPresigned(query)) {
                    return authenticateV2(S3SignatureV2.of(method, resourcePath, query, lines, now), snapshot);
                }
            }
            if (rawQuery.contains("X-Amz-Signature=") || rawQuery.contains("Signature=")) {
                throw new ServiceException(AwsErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                                + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
            }
            String declared = headers.getOrDefault("x-amz-content-sha256", Payload.UNSIGNED_PAYLOAD);
            return new Authentication(Optional.empty(), Optional.empty(), declared, DEFAULT_REGION, Map.of());
        }
        if (authorization != null && authorization.startsWith("AWS ")) {
            throw new ServiceException(AwsErrorCode.INVALID_REQUEST,
                    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        String declared;
        if (presigned) {
            declared = Payload.UNSIGNED_PAYLOAD;
        } else {
            declared = headers.get("x-amz-content-sha256");
            if (declared == null) {
                throw new ServiceException(AwsErrorCode.INVALID_REQUEST,
                        "Missing required header for this request: x-amz-content-sha256");
            }
        }
        Payload payload;
        try {
            payload = Payload.ofSha256Hex(declared.strip());
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                            + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a "
                            + "valid sha256 value.");
        }
        SignableRequest signable = new SignableRequest(method, request.path().rawPath(), rawQuery, lines, payload);
        ParsedSignature signature;
        try {
            signature = authenticator.parse(signable, now);
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, presigned, false);
        }
        try {
            Authenticator.Verified verified = authenticator.verify(signature, signable, snapshot);
            return new Authentication(Optional.of(verified), Optional.of(signature), declared.strip(),
                    signature.scope().region(), signatureKeys(signature, declared.strip(), now));
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, signature.form() == AuthForm.QUERY, signature.sessionToken().isPresent());
        }
    }

    /** A presigned URL of signature version 2: its key resolved as SigV4's, its signature checked with the key's secret. */
    private Authentication authenticateV2(S3SignatureV2 signature, IdentitySnapshot snapshot) {
        try {
            Authenticator.Verified verified = authenticator.verifyWithSecret(signature.accessKeyId(),
                    signature.sessionToken(), snapshot, "s3", DEFAULT_REGION, signature::isSignedWith);
            return new Authentication(Optional.of(verified), Optional.empty(), Payload.UNSIGNED_PAYLOAD, DEFAULT_REGION,
                    S3SignatureV2.conditionKeys());
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, true, signature.sessionToken().isPresent());
        }
    }

    /**
     * S3's condition keys about the signature: {@code s3:authType}, {@code s3:signatureversion},
     * {@code s3:signatureAge} (milliseconds since it was made) and {@code s3:x-amz-content-sha256}.
     */
    private static Map<String, ContextValue> signatureKeys(ParsedSignature signature, String declared, Instant now) {
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        keys.put("s3:authType", ContextValue.string(signature.form() == AuthForm.QUERY ? "REST-QUERY-STRING"
                : "REST-HEADER"));
        keys.put("s3:signatureversion", ContextValue.string("AWS4-HMAC-SHA256"));
        keys.put("s3:signatureAge", ContextValue.number(Math.max(0,
                now.toEpochMilli() - signature.requestTime().toEpochMilli())));
        keys.put("s3:x-amz-content-sha256", ContextValue.string(declared));
        return Map.copyOf(keys);
    }

    // ---- authorization ----

    /** Throws {@code AccessDenied} unless every permission the request needs is allowed. */
    private void authorize(Exchange exchange, List<Permission> permissions) {
        for (Permission permission : permissions) {
            Optional<Decision> decision = decide(exchange, permission);
            if (decision.isPresent() && !decision.get().isAllowed()) {
                throw denied(exchange, decision.get(), permission);
            }
        }
    }

    /** Whether every permission is allowed (DeleteObjects decides each object alone). */
    private boolean allowed(Exchange exchange, List<Permission> permissions) {
        for (Permission permission : permissions) {
            Optional<Decision> decision = decide(exchange, permission);
            if (decision.isPresent() && !decision.get().isAllowed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decision for one permission, with the policy of the bucket its resource lies in (a copy's
     * source may lie in another bucket, of another account); empty when S3 allows it whatever the
     * policies say (the owner's root user and the bucket's policy).
     */
    private Optional<Decision> decide(Exchange exchange, Permission permission) {
        // A bucket being created is the caller's own: another account's bucket of that name is refused as
        // BucketAlreadyExists, not decided across accounts.
        Optional<Bucket> bucket = exchange.operation().name().equals("CreateBucket") ? Optional.empty()
                : bucketOf(permission.resource()).flatMap(exchange.snapshot()::bucket);
        Optional<String> owner = bucket.map(Bucket::accountId);
        Optional<Caller> caller = exchange.authentication().caller();
        if (caller.isPresent() && caller.get().kind() == IdentityKind.ROOT && owner.isPresent()
                && caller.get().accountId().equals(owner.get()) && LOCKOUT_SAFE.contains(permission.action())) {
            // The bucket owner's root user can always read, replace or delete the bucket's policy, as on S3.
            return Optional.empty();
        }
        RequestFacts facts = new RequestFacts(exchange.facts().time(), exchange.facts().sourceIp(),
                exchange.facts().secureTransport(), exchange.facts().region(), owner);
        Map<String, ContextValue> keys = new LinkedHashMap<>(permission.keys());
        keys.putAll(exchange.authentication().keys());
        owner.ifPresent(account -> keys.put("s3:ResourceAccount", ContextValue.string(account)));
        Optional<Policy> bucketPolicy = bucket.flatMap(Bucket::policy).map(BucketPolicy::compiled);
        return Optional.of(caller.isPresent()
                ? authorizer.decide(caller.get(), exchange.snapshot(), facts, permission.action(),
                        permission.resource(), keys, bucketPolicy)
                : authorizer.decideAnonymous(facts, permission.action(), permission.resource(), keys, bucketPolicy));
    }

    /**
     * S3's AccessDenied: AWS's explanation for a signed caller ({@code User: ARN is not authorized to
     * perform: s3:PutObject on resource: "arn:aws:s3:::b/k" because no identity-based policy allows
     * the s3:PutObject action}); S3's bare {@code Access Denied} for an anonymous one.
     */
    private static ServiceException denied(Exchange exchange, Decision decision, Permission permission) {
        Optional<Caller> caller = exchange.authentication().caller();
        if (caller.isEmpty()) {
            return new ServiceException(AwsErrorCode.ACCESS_DENIED, S3Errors.ACCESS_DENIED);
        }
        String reason = decision.awsReason();
        return new ServiceException(AwsErrorCode.ACCESS_DENIED, "User: " + caller.get().arn()
                + " is not authorized to perform: " + permission.action() + " on resource: \"" + permission.resource()
                + "\"" + (reason.isEmpty() ? "" : " " + reason));
    }

    /** The bucket an S3 ARN names ({@code arn:aws:s3:::bucket} or {@code arn:aws:s3:::bucket/key}). */
    private static Optional<String> bucketOf(String arn) {
        String prefix = "arn:aws:s3:::";
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = arn.substring(prefix.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash)).filter(b -> !b.isEmpty());
    }

    /** The request's bucket, known to Charter; {@code NoSuchBucket} otherwise (S3 tells anyone). */
    private static Bucket existing(Exchange exchange) {
        String name = exchange.bucketName();
        return exchange.snapshot().bucket(name).orElseThrow(BucketErrors::noSuchBucket);
    }

    private List<Permission> required(Exchange exchange, Optional<String> owner) {
        return S3Permissions.required(exchange.operation(), exchange.s3(), owner);
    }

    /** The caller, who must have signed: S3's bucket listing and creation are never anonymous. */
    private static Caller signedCaller(Exchange exchange) {
        return exchange.authentication().caller().orElseThrow(() ->
                new ServiceException(AwsErrorCode.ACCESS_DENIED, S3Errors.ACCESS_DENIED));
    }

    // ---- what Charter answers itself ----

    /**
     * ListBuckets: the caller's account's buckets, by name, narrowed by {@code prefix} and paged by
     * {@code max-buckets} (1 to 10,000) and {@code continuation-token} (the last name of the page
     * before, opaque to the client), as S3 pages them.
     */
    private void listBuckets(Exchange exchange) {
        Caller caller = signedCaller(exchange);
        authorize(exchange, required(exchange, Optional.empty()));
        Optional<String> prefix = exchange.s3().queryValue("prefix");
        int max = maxBuckets(exchange.s3().queryValue("max-buckets"));
        Optional<String> after = exchange.s3().queryValue("continuation-token").map(S3Endpoint::continuationAfter);
        List<Bucket> page = new ArrayList<>();
        boolean more = false;
        for (Bucket bucket : exchange.snapshot().buckets(caller.accountId())) {
            if ((prefix.isPresent() && !bucket.name().startsWith(prefix.get()))
                    || (after.isPresent() && bucket.name().compareTo(after.get()) <= 0)) {
                continue;
            }
            if (page.size() == max) {
                more = true;
                break;
            }
            page.add(bucket);
        }
        Optional<String> next = more ? Optional.of(continuationToken(page.getLast().name())) : Optional.empty();
        sendXml(exchange, 200, S3Xml.bucketList(canonicalUserId(caller.accountId()), caller.accountId(), page, prefix,
                next));
    }

    private static int maxBuckets(Optional<String> value) {
        if (value.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        try {
            int max = Integer.parseInt(value.get());
            if (max >= 1 && max <= 10_000) {
                return max;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, "Argument max-buckets must be an integer between 1 and 10000.");
    }

    private static String continuationToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    private static String continuationAfter(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect");
        }
    }

    private void createBucket(Exchange exchange) {
        Caller caller = signedCaller(exchange);
        String name = exchange.bucketName();
        Optional<String> problem = BucketNames.problemWith(name);
        if (problem.isPresent()) {
            throw new ServiceException(AwsErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid.");
        }
        byte[] body = readOwnBody(exchange, MAX_OWN_BODY);
        Optional<String> constraint = S3Xml.locationConstraint(body);
        authorize(exchange, S3Permissions.forCreateBucket(exchange.s3(), constraint));
        String region = constraint.orElse(DEFAULT_REGION);
        Optional<Bucket> existing = exchange.snapshot().bucket(name);
        boolean created = false;
        if (existing.isEmpty() || !existing.get().accountId().equals(caller.accountId())
                || !existing.get().region().equals(DEFAULT_REGION)) {
            // One winner across nodes; the other answers are S3's (BucketAlreadyExists, ...OwnedByYou).
            buckets.create(caller.accountId(), name, region);
            created = true;
        }
        // In us-east-1 S3 answers 200 to its owner creating an existing bucket again; the store is
        // asked again either way, which also heals a bucket recorded but not yet made in the store.
        try (BackendResponse answer = store.backend().send(new BackendRequest("PUT", "/" + name, "",
                bucketSettings(exchange), Optional.empty(), -1))) {
            if (answer.status() >= 300 && !isCode(answer, "BucketAlreadyOwnedByYou")) {
                if (created) {
                    buckets.delete(name);
                }
                relay(exchange, answer);
                return;
            }
        } catch (IOException e) {
            if (created) {
                buckets.delete(name);
            }
            throw storeUnreachable(exchange, e);
        }
        exchange.response().header("Location", "/" + name);
        sendEmpty(exchange, 200);
    }

    /**
     * The settings a CreateBucket request gives in its headers (ACL, object lock, object ownership),
     * for the store; its body (the location, Charter's) is not sent.
     */
    private static List<Map.Entry<String, String>> bucketSettings(Exchange exchange) {
        List<Map.Entry<String, String>> settings = new ArrayList<>();
        for (Map.Entry<String, String> header : StoreHeaders.toStore(exchange.request())) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-") && !name.startsWith("x-amz-checksum-")) {
                settings.add(header);
            }
        }
        return settings;
    }

    private void deleteBucket(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        try (BackendResponse answer = store.backend().send(new BackendRequest("DELETE", "/" + bucket.name(), "",
                List.of(), Optional.empty(), -1))) {
            if (answer.status() >= 300 && !isCode(answer, "NoSuchBucket")) {
                relay(exchange, answer);
                return;
            }
        } catch (IOException e) {
            throw storeUnreachable(exchange, e);
        }
        buckets.delete(bucket.name());
        sendEmpty(exchange, 204);
    }

    private void headBucket(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        exchange.response().header("x-amz-bucket-region", bucket.region());
        sendEmpty(exchange, 200);
    }

    private void getBucketLocation(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        sendXml(exchange, 200, S3Xml.location(bucket.region()));
    }

    private void putBucketPolicy(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        byte[] body = readOwnBody(exchange, MAX_POLICY_BYTES);
        String text = new String(body, StandardCharsets.UTF_8);
        IdentitySnapshot snapshot = exchange.snapshot();
        BucketPolicies.validate(text, bucket.name(), arn -> principalExists(snapshot, arn));
        buckets.putPolicy(bucket.name(), text);
        sendEmpty(exchange, 204);
    }

    private void getBucketPolicy(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        BucketPolicy policy = bucket.policy().orElseThrow(() -> new ServiceException(
                AwsErrorCode.NO_SUCH_BUCKET_POLICY, "The bucket policy does not exist"));
        ServerResponse response = exchange.response();
        response.status(Status.create(200));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        ids(exchange);
        response.send(policy.text().getBytes(StandardCharsets.UTF_8));
    }

    private void deleteBucketPolicy(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
        buckets.deletePolicy(bucket.name());
        sendEmpty(exchange, 204);
    }

    /**
     * DeleteObjects, decided per object as S3 does: the objects the caller may delete go to the
     * store; the others come back as {@code AccessDenied} entries of the answer.
     */
    private void deleteObjects(Exchange exchange) {
        Bucket bucket = existing(exchange);
        byte[] body = readOwnBody(exchange, MAX_OWN_BODY);
        List<ObjectIdentifier> objects = S3Xml.deleteObjects(body);
        List<ObjectIdentifier> allowed = new ArrayList<>();
        List<ObjectIdentifier> refused = new ArrayList<>();
        for (ObjectIdentifier object : objects) {
            List<Permission> permissions = S3Permissions.forDeleteObjects(exchange.s3(), List.of(object),
                    Optional.of(bucket.accountId()));
            (allowed(exchange, permissions) ? allowed : refused).add(object);
        }
        if (allowed.isEmpty()) {
            sendXml(exchange, 200, S3Xml.withRefused(S3Xml.EMPTY_DELETE_RESULT, refused));
            return;
        }
        byte[] forwarded = refused.isEmpty() ? body : S3Xml.deleteObjects(allowed, S3Xml.quiet(body));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : StoreHeaders.toStore(exchange.request())) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-md5") && !name.startsWith("x-amz-checksum-")
                    && !name.equals("x-amz-sdk-checksum-algorithm")) {
                headers.add(header);
            }
        }
        headers.add(Map.entry("Content-MD5", StoreHeaders.md5Base64(forwarded)));
        try (BackendResponse answer = store.backend().send(new BackendRequest("POST", exchange.address().storePath(),
                StoreHeaders.storeQuery(exchange.request()), headers,
                Optional.of(new ByteArrayInputStream(forwarded)), forwarded.length))) {
            if (refused.isEmpty() || answer.status() != 200) {
                relay(exchange, answer);
                return;
            }
            sendXml(exchange, 200, S3Xml.withRefused(answer.body().readAllBytes(), refused));
        } catch (IOException e) {
            throw storeUnreachable(exchange, e);
        }
    }

    /** PutObjectTagging: the tags of the body are condition keys ({@code s3:RequestObjectTag/…}), so the body is read first. */
    private void putObjectTagging(Exchange exchange) {
        Bucket bucket = existing(exchange);
        byte[] body = readOwnBody(exchange, MAX_OWN_BODY);
        authorize(exchange, S3Permissions.forPutObjectTagging(exchange.s3(), S3Xml.tags(body),
                Optional.of(bucket.accountId())));
        List<Map.Entry<String, String>> headers = new ArrayList<>(StoreHeaders.toStore(exchange.request()));
        forwardWhole(exchange, headers, body);
    }

    /** Sends a body Charter read whole (and verified) to the store, and relays the answer. */
    private void forwardWhole(Exchange exchange, List<Map.Entry<String, String>> headers, byte[] body) {
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
    private void forward(Exchange exchange) {
        Bucket bucket = existing(exchange);
        authorize(exchange, required(exchange, Optional.of(bucket.accountId())));
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
    private static void answerChecksum(Exchange exchange, BackendResponse answer, S3Bodies.TrailingChecksum checksum) {
        if (!answer.headers().containsKey(checksum.headerName())) {
            checksum.value().ifPresent(value -> exchange.response().header(checksum.headerName(), value));
        }
    }

    /** Sends the store's answer as it came: status, headers (less the hop-by-hop ones), body streamed. */
    private void relay(Exchange exchange, BackendResponse answer) throws IOException {
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
        ids(exchange);
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
    private byte[] readOwnBody(Exchange exchange, int limit) {
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
                throw limit == MAX_POLICY_BYTES
                        ? new ServiceException(AwsErrorCode.MALFORMED_POLICY, "Policies must be less than 20KB")
                        : new ServiceException(AwsErrorCode.INVALID_REQUEST, "The request body is too large.");
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
    private static boolean isCode(BackendResponse answer, String code) throws IOException {
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
    private ServiceException storeUnreachable(Exchange exchange, IOException e) {
        LOG.log(Level.WARNING, "the object store did not answer: " + e.getClass().getName());
        exchange.response().header("Connection", "close");
        return new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "The object store is not available; try again.");
    }

    private static void sendXml(Exchange exchange, int status, byte[] xml) {
        ServerResponse response = exchange.response();
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, S3Xml.CONTENT_TYPE);
        ids(exchange);
        response.send(xml);
    }

    private static void sendEmpty(Exchange exchange, int status) {
        ServerResponse response = exchange.response();
        response.status(Status.create(status));
        ids(exchange);
        response.send();
    }

    private static void ids(Exchange exchange) {
        exchange.response().header("x-amz-request-id", exchange.requestId());
        exchange.response().header("x-amz-id-2", exchange.hostId());
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

    /** S3's canonical user id of an account's owner: 64 hex digits, stable for the account. */
    static String canonicalUserId(String accountId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("charter-canonical-user:" + accountId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Whether an IAM user or role ARN a bucket policy names exists (S3 refuses policies naming one that does not). */
    private static boolean principalExists(IdentitySnapshot snapshot, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam")) {
            return true;
        }
        String resource = parts[5];
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (resource.startsWith("user/")) {
            return snapshot.principal(parts[4], IdentityKind.USER, name).isPresent();
        }
        if (resource.startsWith("role/")) {
            return snapshot.principal(parts[4], IdentityKind.ROLE, name).isPresent();
        }
        return true;
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
