package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether an S3 object call is recorded: object calls are data events, which CloudTrail records only
 * for a logging trail whose event selectors name the object (its {@code AWS::S3::Object} data
 * resources: a bucket's ARN with a slash, a key prefix, or {@code arn:aws:s3} for every object).
 * The trails are read again when this node changed one, and at least every
 * {@value #REFRESH_SECONDS} seconds (another node's change). Thread-safe.
 */
public final class DataEventSelection {
    static final long REFRESH_SECONDS = 10;

    private final Trails trails;
    private volatile Loaded loaded;

    public DataEventSelection(Trails trails) {
        this.trails = requireNonNull(trails, "trails is null");
    }

    private record Loaded(long version, long at, Map<String, List<Trail>> byAccount) {
    }

    /** Whether a logging trail of {@code accountId} selects this object call, made in {@code region}. */
    public boolean selects(String accountId, String region, String bucket, String key, boolean readOnly) {
        List<Trail> candidates = current().byAccount().getOrDefault(accountId, List.of());
        if (candidates.isEmpty()) {
            return false;
        }
        List<String> arns = List.of("arn:aws:s3:::" + bucket + "/" + key);
        for (Trail trail : candidates) {
            if (trail.selects(region, readOnly, "Data", arns)) {
                return true;
            }
        }
        return false;
    }

    private Loaded current() {
        Loaded now = loaded;
        long time = System.nanoTime();
        long version = trails.version();
        if (now != null && now.version() == version && time - now.at() < TimeUnit.SECONDS.toNanos(REFRESH_SECONDS)) {
            return now;
        }
        Map<String, List<Trail>> byAccount = new HashMap<>();
        for (Trail trail : trails.all()) {
            if (trail.logging() && trail.selectors().stream().anyMatch(s -> !s.dataResources().isEmpty())) {
                byAccount.computeIfAbsent(trail.accountId(), k -> new java.util.ArrayList<>()).add(trail);
            }
        }
        Loaded fresh = new Loaded(version, time, Map.copyOf(byAccount));
        loaded = fresh;
        return fresh;
    }
}
