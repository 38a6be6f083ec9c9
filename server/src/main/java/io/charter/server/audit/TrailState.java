package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How far a trail has delivered: the last record delivered (its time and id), the latest delivery
 * and its error, the log files delivered since the last digest file, where the current digest
 * period started, and the previous digest (its key, hash and signature: the next one chains to it).
 */
record TrailState(long cursorTime, String cursorEventId, Optional<Instant> latestDeliveryTime,
        Optional<Instant> latestDeliveryAttemptTime, Optional<String> latestDeliveryError,
        Optional<Instant> latestDigestDeliveryTime, Instant digestStart, Optional<PreviousDigest> previousDigest,
        List<LogFile> pendingLogFiles) {

    TrailState {
        requireNonNull(cursorEventId, "cursorEventId is null");
        requireNonNull(latestDeliveryTime, "latestDeliveryTime is null");
        requireNonNull(latestDeliveryAttemptTime, "latestDeliveryAttemptTime is null");
        requireNonNull(latestDeliveryError, "latestDeliveryError is null");
        requireNonNull(latestDigestDeliveryTime, "latestDigestDeliveryTime is null");
        requireNonNull(digestStart, "digestStart is null");
        requireNonNull(previousDigest, "previousDigest is null");
        pendingLogFiles = List.copyOf(pendingLogFiles);
    }

    /** A new trail's: nothing delivered, records from {@code from} on. */
    static TrailState startingAt(Instant from) {
        return new TrailState(from.toEpochMilli(), "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), from, Optional.empty(), List.of());
    }

    /** A log file a digest lists: its key, the SHA-256 of its uncompressed content, its records' times. */
    record LogFile(String bucket, String key, String sha256, Instant oldest, Instant newest) {
        LogFile {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(oldest, "oldest is null");
            requireNonNull(newest, "newest is null");
        }
    }

    /** The digest the next chains to. */
    record PreviousDigest(String bucket, String key, String sha256, String signature) {
        PreviousDigest {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(signature, "signature is null");
        }
    }
}
