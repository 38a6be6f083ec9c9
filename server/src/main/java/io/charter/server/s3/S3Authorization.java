package io.charter.server.s3;

import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Policy;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.RequestFacts;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.BucketPolicy;
import io.charter.server.identity.IdentityKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the permissions an S3 request needs with the policy engine: the caller's policies (or none,
 * anonymous), the policy of the bucket each resource lies in as the resource policy, the bucket's
 * owner as the resource account and {@code s3:ResourceAccount}, the signature's condition keys; the
 * bucket owner's root user may always manage the bucket policy, as on S3. Thread-safe.
 */
final class S3Authorization {
    private static final Set<String> LOCKOUT_SAFE = Set.of("s3:GetBucketPolicy", "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy");

    private final Authorizer authorizer;

    S3Authorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Throws {@code AccessDenied} unless every permission the request needs is allowed. */
    void authorize(S3Exchange exchange, List<Permission> permissions) {
        Optional<ServiceException> refusal = firstRefusal(exchange, permissions);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** Whether every permission is allowed (DeleteObjects decides each object alone). */
    boolean allowed(S3Exchange exchange, List<Permission> permissions) {
        return firstRefusal(exchange, permissions).isEmpty();
    }

    /** The permissions the operation needs without its body, for the bucket's {@code owner}. */
    List<Permission> required(S3Exchange exchange, Optional<String> owner) {
        return S3Permissions.required(exchange.operation(), exchange.s3(), owner);
    }

    private Optional<ServiceException> firstRefusal(S3Exchange exchange, List<Permission> permissions) {
        for (Permission permission : permissions) {
            Optional<Decision> decision = decide(exchange, permission);
            if (decision.isPresent() && !decision.get().isAllowed()) {
                return Optional.of(denied(exchange, decision.get(), permission));
            }
        }
        return Optional.empty();
    }

    /**
     * The decision for one permission, with the policy of the bucket its resource lies in (a copy's
     * source may lie in another bucket, of another account); empty when S3 allows it whatever the
     * policies say (the owner's root user and the bucket's policy).
     */
    private Optional<Decision> decide(S3Exchange exchange, Permission permission) {
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
    private static ServiceException denied(S3Exchange exchange, Decision decision, Permission permission) {
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
}
