package io.charter.server.s3;

import io.charter.server.auth.Caller;
import io.charter.server.domain.Buckets;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.BucketPolicy;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 operations Charter answers itself, because Charter owns what they read or change: which
 * buckets exist and who owns them (ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
 * GetBucketLocation), bucket policies, and the operations decided from their bodies (DeleteObjects
 * per object, PutObjectTagging with its tags). Thread-safe.
 */
final class BucketOperations {
    /** The largest body Charter itself reads whole: a CreateBucket configuration, a DeleteObjects list. */
    private static final int MAX_OWN_BODY = 2 * 1024 * 1024;
    /** S3's limit on a bucket policy's size. */
    private static final int MAX_POLICY_BYTES = 20 * 1024;

    private final Buckets buckets;
    private final S3Authorization authorization;
    private final StoreForwarding forwarding;

    BucketOperations(Buckets buckets, S3Authorization authorization, StoreForwarding forwarding) {
        this.buckets = buckets;
        this.authorization = authorization;
        this.forwarding = forwarding;
    }

    private static ServiceException bodyTooLarge() {
        return new ServiceException(AwsErrorCode.INVALID_REQUEST, "The request body is too large.");
    }

    private static ServiceException policyTooLarge() {
        return new ServiceException(AwsErrorCode.MALFORMED_POLICY, "Policies must be less than 20KB");
    }

    /**
     * ListBuckets: the caller's account's buckets, by name, narrowed by {@code prefix} and paged by
     * {@code max-buckets} (1 to 10,000) and {@code continuation-token} (the last name of the page
     * before, opaque to the client), as S3 pages them.
     */
    void listBuckets(S3Exchange exchange) {
        Caller caller = exchange.signedCaller();
        authorization.authorize(exchange, authorization.required(exchange, Optional.empty()));
        Optional<String> prefix = exchange.s3().queryValue("prefix");
        int max = maxBuckets(exchange.s3().queryValue("max-buckets"));
        Optional<String> after = exchange.s3().queryValue("continuation-token").map(BucketOperations::continuationAfter);
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
        exchange.sendXml(200, S3Xml.bucketList(canonicalUserId(caller.accountId()), caller.accountId(), page, prefix,
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

    void createBucket(S3Exchange exchange) {
        Caller caller = exchange.signedCaller();
        String name = exchange.bucketName();
        Optional<String> problem = BucketNames.problemWith(name);
        if (problem.isPresent()) {
            throw new ServiceException(AwsErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid.");
        }
        byte[] body = forwarding.readOwnBody(exchange, MAX_OWN_BODY, BucketOperations::bodyTooLarge);
        Optional<String> constraint = S3Xml.locationConstraint(body);
        authorization.authorize(exchange, S3Permissions.forCreateBucket(exchange.s3(), constraint));
        String region = constraint.orElse(S3Endpoint.DEFAULT_REGION);
        Optional<Bucket> existing = exchange.snapshot().bucket(name);
        boolean created = false;
        if (existing.isEmpty() || !existing.get().accountId().equals(caller.accountId())
                || !existing.get().region().equals(S3Endpoint.DEFAULT_REGION)) {
            // One winner across nodes; the other answers are S3's (BucketAlreadyExists, ...OwnedByYou).
            buckets.create(caller.accountId(), name, region);
            created = true;
        }
        // In us-east-1 S3 answers 200 to its owner creating an existing bucket again; the store is
        // asked again either way, which also heals a bucket recorded but not yet made in the store.
        try (BackendResponse answer = forwarding.backend().send(new BackendRequest("PUT", "/" + name, "",
                bucketSettings(exchange), Optional.empty(), -1))) {
            if (answer.status() >= 300 && !StoreForwarding.isCode(answer, "BucketAlreadyOwnedByYou")) {
                if (created) {
                    buckets.delete(name);
                }
                forwarding.relay(exchange, answer);
                return;
            }
        } catch (IOException e) {
            if (created) {
                buckets.delete(name);
            }
            throw forwarding.storeUnreachable(exchange, e);
        }
        exchange.response().header("Location", "/" + name);
        exchange.sendEmpty(200);
    }

    /**
     * The settings a CreateBucket request gives in its headers (ACL, object lock, object ownership),
     * for the store; its body (the location, Charter's) is not sent.
     */
    private static List<Map.Entry<String, String>> bucketSettings(S3Exchange exchange) {
        List<Map.Entry<String, String>> settings = new ArrayList<>();
        for (Map.Entry<String, String> header : StoreHeaders.toStore(exchange.request())) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-") && !name.startsWith("x-amz-checksum-")) {
                settings.add(header);
            }
        }
        return settings;
    }

    void deleteBucket(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        try (BackendResponse answer = forwarding.backend().send(new BackendRequest("DELETE", "/" + bucket.name(), "",
                List.of(), Optional.empty(), -1))) {
            if (answer.status() >= 300 && !StoreForwarding.isCode(answer, "NoSuchBucket")) {
                forwarding.relay(exchange, answer);
                return;
            }
        } catch (IOException e) {
            throw forwarding.storeUnreachable(exchange, e);
        }
        buckets.delete(bucket.name());
        exchange.sendEmpty(204);
    }

    void headBucket(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        exchange.response().header("x-amz-bucket-region", bucket.region());
        exchange.sendEmpty(200);
    }

    void getBucketLocation(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        exchange.sendXml(200, S3Xml.location(bucket.region()));
    }

    void putBucketPolicy(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        byte[] body = forwarding.readOwnBody(exchange, MAX_POLICY_BYTES, BucketOperations::policyTooLarge);
        String text = new String(body, StandardCharsets.UTF_8);
        IdentitySnapshot snapshot = exchange.snapshot();
        BucketPolicies.validate(text, bucket.name(), arn -> principalExists(snapshot, arn));
        buckets.putPolicy(bucket.name(), text);
        exchange.sendEmpty(204);
    }

    void getBucketPolicy(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        BucketPolicy policy = bucket.policy().orElseThrow(() -> new ServiceException(
                AwsErrorCode.NO_SUCH_BUCKET_POLICY, "The bucket policy does not exist"));
        exchange.audit().beforeAnswer();
        ServerResponse response = exchange.response();
        response.status(Status.create(200));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        exchange.stampIds();
        response.send(policy.text().getBytes(StandardCharsets.UTF_8));
    }

    void deleteBucketPolicy(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        authorization.authorize(exchange, authorization.required(exchange, Optional.of(bucket.accountId())));
        buckets.deletePolicy(bucket.name());
        exchange.sendEmpty(204);
    }

    /**
     * DeleteObjects, decided per object as S3 does: the objects the caller may delete go to the
     * store; the others come back as {@code AccessDenied} entries of the answer.
     */
    void deleteObjects(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        byte[] body = forwarding.readOwnBody(exchange, MAX_OWN_BODY, BucketOperations::bodyTooLarge);
        List<ObjectIdentifier> objects = S3Xml.deleteObjects(body);
        List<ObjectIdentifier> allowed = new ArrayList<>();
        List<ObjectIdentifier> refused = new ArrayList<>();
        for (ObjectIdentifier object : objects) {
            List<Permission> permissions = S3Permissions.forDeleteObjects(exchange.s3(), List.of(object),
                    Optional.of(bucket.accountId()));
            (authorization.allowed(exchange, permissions) ? allowed : refused).add(object);
        }
        if (allowed.isEmpty()) {
            exchange.sendXml(200, S3Xml.withRefused(S3Xml.EMPTY_DELETE_RESULT, refused));
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
        try (BackendResponse answer = forwarding.backend().send(new BackendRequest("POST", exchange.address().storePath(),
                StoreHeaders.storeQuery(exchange.request()), headers,
                Optional.of(new ByteArrayInputStream(forwarded)), forwarded.length))) {
            if (refused.isEmpty() || answer.status() != 200) {
                forwarding.relay(exchange, answer);
                return;
            }
            exchange.sendXml(200, S3Xml.withRefused(answer.body().readAllBytes(), refused));
        } catch (IOException e) {
            throw forwarding.storeUnreachable(exchange, e);
        }
    }

    /** PutObjectTagging: the tags of the body are condition keys ({@code s3:RequestObjectTag/…}), so the body is read first. */
    void putObjectTagging(S3Exchange exchange) {
        Bucket bucket = exchange.existingBucket();
        byte[] body = forwarding.readOwnBody(exchange, MAX_OWN_BODY, BucketOperations::bodyTooLarge);
        authorization.authorize(exchange, S3Permissions.forPutObjectTagging(exchange.s3(), S3Xml.tags(body),
                Optional.of(bucket.accountId())));
        List<Map.Entry<String, String>> headers = new ArrayList<>(StoreHeaders.toStore(exchange.request()));
        forwarding.forwardWhole(exchange, headers, body);
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
}
