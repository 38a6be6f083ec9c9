package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An instance profile attached to an instance ({@code iip-assoc-…}, as EC2 names them). The
 * profile is named by id and ARN: IAM lets it be deleted while the association lasts, as on AWS.
 */
public record InstanceProfileAssociation(
        String associationId, String instanceId, String profileId, String profileArn, Instant associatedAt) {
    public InstanceProfileAssociation {
        requireNonNull(associationId, "associationId is null");
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(profileId, "profileId is null");
        requireNonNull(profileArn, "profileArn is null");
        requireNonNull(associatedAt, "associatedAt is null");
    }
}
