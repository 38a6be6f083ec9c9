package io.charter.server.admin;

import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import java.util.Optional;

/** Roles named by ARN in the instance calls, found in the request's snapshot. */
final class InstanceRoles {
    private InstanceRoles() {
    }

    /**
     * The role of this ARN ({@code arn:aws:iam::ACCOUNT:role/PATH/NAME}), path and all; empty for an
     * ARN of another shape or a role that does not exist.
     */
    static Optional<Identity> byArn(IdentitySnapshot snapshot, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam") || !parts[5].startsWith("role/")) {
            return Optional.empty();
        }
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return snapshot.principal(parts[4], IdentityKind.ROLE, name).filter(role -> role.arn().equals(arn));
    }
}
