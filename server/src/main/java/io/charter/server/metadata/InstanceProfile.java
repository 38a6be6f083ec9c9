package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The instance profile attached to the instance, and the role in it (none when the profile holds no role). */
public record InstanceProfile(String arn, String id, Optional<String> roleName, Optional<String> roleArn) {
    public InstanceProfile {
        requireNonNull(arn, "arn is null");
        requireNonNull(id, "id is null");
        requireNonNull(roleName, "roleName is null");
        requireNonNull(roleArn, "roleArn is null");
    }

    public InstanceProfile(String arn, String id, String roleName, String roleArn) {
        this(arn, id, Optional.of(roleName), Optional.of(roleArn));
    }
}
