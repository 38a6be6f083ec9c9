package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An instance profile: a container for one role that EC2 passes to an instance. Control-plane
 * state kept in the store, not in the snapshot: no request path reads it.
 *
 * @param profileId AWS-style unique id ({@code AIPA…})
 * @param accountId owning account
 * @param name profile name, unique in the account case-insensitively
 * @param path IAM path, {@code /} by default
 * @param createdAt creation time
 */
public record InstanceProfile(String profileId, String accountId, String name, String path, Instant createdAt) {
    public InstanceProfile {
        requireNonNull(profileId, "profileId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** The ARN AWS gives this instance profile. */
    public String arn() {
        return Arns.instanceProfile(accountId, path, name);
    }
}
