package io.charter.server;

import static java.util.Objects.requireNonNull;

import io.charter.server.audit.AuditLog;
import io.charter.server.domain.Directory;
import io.charter.server.domain.SnapshotFreshness;
import io.charter.server.http.HealthCheck;

/**
 * The health check of a node: the kind of store, and whether the node is in step with it, serving
 * from its snapshot while the store cannot be reached (and how old the snapshot's last confirmation
 * is, in whole seconds), or refusing requests. For example
 * {@code {"status":"UP","store":"postgresql","state":"in-step"}}, or with 503
 * {@code {"status":"DOWN","store":"postgresql","state":"refusing","snapshotAgeSeconds":31}}; and the
 * audit trail's counts: {@code "audit":{"committed":…,"queued":…,"refused":…,"failedCommits":…}}
 * (refused: requests answered 503 because the record queue stayed full).
 *
 * <p>Thread-safe: reads the directory's current standing on each check.
 */
final class StoreHealth implements HealthCheck {
    private final Directory directory;
    private final String storeKind;
    private final AuditLog audit;

    StoreHealth(Directory directory, String storeKind, AuditLog audit) {
        this.audit = requireNonNull(audit, "audit is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.storeKind = requireNonNull(storeKind, "storeKind is null");
    }

    @Override
    public Answer check() {
        SnapshotFreshness freshness = directory.freshness();
        StringBuilder json = new StringBuilder("{\"status\":\"").append(freshness.serving() ? "UP" : "DOWN")
                .append("\",\"store\":\"").append(storeKind)
                .append("\",\"state\":\"").append(state(freshness.standing())).append('"');
        if (freshness.standing() != SnapshotFreshness.Standing.IN_STEP) {
            json.append(",\"snapshotAgeSeconds\":").append(freshness.age().toSeconds());
        }
        json.append(',').append(audit.healthMember());
        return new Answer(freshness.serving(), json.append('}').toString());
    }

    private static String state(SnapshotFreshness.Standing standing) {
        return switch (standing) {
            case IN_STEP -> "in-step";
            case FROM_SNAPSHOT -> "serving-from-snapshot";
            case REFUSING -> "refusing";
        };
    }
}
