package io.charter.server.identity;

/** Where requests take the IAM state they read: the latest snapshot, pinned once per request. */
@FunctionalInterface
public interface SnapshotSource {
    /**
     * The latest snapshot.
     *
     * @throws io.charter.server.error.ServiceException {@code ServiceUnavailable} when the state
     *     cannot be known to be current (fail closed rather than authorize with stale permissions)
     */
    IdentitySnapshot current();
}
