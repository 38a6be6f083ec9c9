package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.BucketErrors;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.store.BucketRepository.BucketRow;
import java.time.Instant;
import java.util.Optional;

/**
 * S3 buckets as Charter owns them: which account owns each name (names are global across the
 * accounts of the server, as in S3) and each bucket's policy. Each call is one transaction that
 * reads its preconditions in the store, writes and journals, so the snapshot follows at once (the
 * writer reads its own write) and other nodes follow the journal; requests read buckets from the
 * snapshot ({@link io.charter.server.identity.IdentitySnapshot#bucket}), never from here.
 *
 * <p>Closing or removing an account does not remove its buckets (nothing removes accounts yet);
 * the objects live in the S3-compatible store underneath, which Charter does not touch here.
 *
 * <p>Thread-safe.
 */
public final class Buckets {
    private final Directory directory;

    public Buckets(Directory directory) {
        this.directory = directory;
    }

    /**
     * Records a new bucket, with no policy; of several creates of one name, on any nodes, one wins.
     *
     * @throws ServiceException {@code BucketAlreadyExists} when another account owns the name,
     *     {@code BucketAlreadyOwnedByYou} when this account does, {@code TooManyBuckets} when the
     *     account owns {@link Quotas#BUCKETS_PER_ACCOUNT} buckets
     */
    public Bucket create(String accountId, String name, String region) {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(region, "region is null");
        Instant at = directory.clock().instant();
        return directory.write((c, store) -> {
            Optional<BucketRow> existing = store.buckets().find(c, name);
            if (existing.isPresent()) {
                throw taken(existing.get(), accountId);
            }
            if (store.buckets().count(c, accountId) >= Quotas.BUCKETS_PER_ACCOUNT) {
                throw BucketErrors.tooManyBuckets();
            }
            if (!store.buckets().insert(c, name, accountId, region, at)) {
                // Another transaction inserted the name after this one looked (the store's
                // unique key refused this one): the same answer as if it had been there before.
                throw store.buckets().find(c, name).map(winner -> taken(winner, accountId))
                        .orElseGet(IamErrors::concurrentModification);
            }
            return new Bucket(name, accountId, region, at, Optional.empty());
        });
    }

    /**
     * Forgets a bucket and its policy. Whether it still holds objects is for the caller to ask the
     * store underneath first.
     *
     * @throws ServiceException {@code NoSuchBucket} when there is no bucket of the name
     */
    public void delete(String name) {
        directory.write((c, store) -> {
            requireFound(store.buckets().delete(c, name));
            return null;
        });
    }

    /**
     * Gives a bucket {@code policyText} as its policy, in place of any it had. The caller validated
     * it (as a resource policy for this bucket); it is kept verbatim and compiled for the snapshot.
     *
     * @throws ServiceException {@code NoSuchBucket} when there is no bucket of the name
     */
    public void putPolicy(String name, String policyText) {
        requireNonNull(policyText, "policyText is null");
        directory.write((c, store) -> {
            requireFound(store.buckets().setPolicy(c, name, policyText));
            return null;
        });
    }

    /**
     * Removes a bucket's policy; a bucket without one is left as it is (S3 answers 204 either way).
     *
     * @throws ServiceException {@code NoSuchBucket} when there is no bucket of the name
     */
    public void deletePolicy(String name) {
        directory.write((c, store) -> {
            requireFound(store.buckets().removePolicy(c, name));
            return null;
        });
    }

    /** The error for creating a bucket whose name {@code owner} holds, as {@code accountId} sees it. */
    private static ServiceException taken(BucketRow owner, String accountId) {
        return owner.accountId().equals(accountId) ? BucketErrors.bucketAlreadyOwnedByYou()
                : BucketErrors.bucketAlreadyExists();
    }

    private static void requireFound(boolean found) {
        if (!found) {
            throw BucketErrors.noSuchBucket();
        }
    }
}
