package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the audit trail is kept.
 *
 * @param retention how long records are kept (CloudTrail's event history keeps 90 days)
 * @param queueCapacity the records waiting for their commit at most; a request that finds the queue
 *     full waits up to {@code queueWait}, then is answered 503
 * @param queueWait how long a request waits for room in a full queue
 * @param recording whether requests are recorded at all: always, but for the benchmark that
 *     measures what recording costs (no setting, flag or variable turns it off)
 */
public record AuditSettings(Duration retention, int queueCapacity, Duration queueWait, boolean recording) {
    /** CloudTrail's event history: 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    public static final AuditSettings DEFAULTS = new AuditSettings(DEFAULT_RETENTION, 16_384, Duration.ofSeconds(2),
            true);

    public AuditSettings {
        requireNonNull(retention, "retention is null");
        requireNonNull(queueWait, "queueWait is null");
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("retention below a day: " + retention);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity below 1: " + queueCapacity);
        }
        if (queueWait.isNegative()) {
            throw new IllegalArgumentException("queueWait is negative: " + queueWait);
        }
    }

    public AuditSettings withRetention(Duration days) {
        return new AuditSettings(days, queueCapacity, queueWait, recording);
    }

    public AuditSettings withQueue(int capacity, Duration wait) {
        return new AuditSettings(retention, capacity, wait, recording);
    }

    /** Nothing recorded: the benchmark's baseline, never a server's configuration. */
    public AuditSettings withoutRecording() {
        return new AuditSettings(retention, queueCapacity, queueWait, false);
    }
}
