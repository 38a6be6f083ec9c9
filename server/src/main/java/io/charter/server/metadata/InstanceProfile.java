package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

/** The instance profile attached to the instance, and the role in it. */
public record InstanceProfile(String arn, String id, String roleName, String roleArn) {
    public InstanceProfile {
        requireNonNull(arn, "arn is null");
        requireNonNull(id, "id is null");
        requireNonNull(roleName, "roleName is null");
        requireNonNull(roleArn, "roleArn is null");
    }
}
