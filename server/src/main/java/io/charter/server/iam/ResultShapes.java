package io.charter.server.iam;

import io.charter.server.iam.IamMessages.Role;
import io.charter.server.iam.IamMessages.User;
import io.charter.server.protocol.RecordBinding;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.StructureShape;
import java.util.Optional;

/**
 * The IAM model's {@code Role} and {@code User} result shapes, bound to their records, for the
 * operations that still build the value tree themselves and embed roles or users in it (instance
 * profiles, groups, MFA devices, authorization details): one rendering of each, typed or not.
 * Immutable and thread-safe.
 */
final class ResultShapes {
    private final RecordBinding<Role> role;
    private final RecordBinding<User> user;

    ResultShapes(ServiceModel iam) {
        this.role = RecordBinding.output(Role.class, structure(iam, "Role"));
        this.user = RecordBinding.output(User.class, structure(iam, "User"));
    }

    StructValue role(Role value) {
        return role.write(value);
    }

    StructValue user(User value) {
        return user.write(value);
    }

    private static Optional<StructureShape> structure(ServiceModel model, String name) {
        return Optional.of(model.shape(name).filter(StructureShape.class::isInstance).map(StructureShape.class::cast)
                .orElseThrow(() -> new IllegalStateException("the model " + model.name() + " has no structure " + name)));
    }
}
