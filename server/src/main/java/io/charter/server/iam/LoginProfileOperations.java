package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.LoginProfiles;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.LoginProfile;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile
 * and ChangePassword, over {@link LoginProfiles} (which vets and hashes passwords; they never appear
 * in a response, an error or a log).
 */
public final class LoginProfileOperations {
    private final LoginProfiles profiles;
    private final Authorizer authorizer;

    public LoginProfileOperations(Domain domain, Authorizer authorizer) {
        this.profiles = domain.loginProfiles();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateLoginProfile", this::create),
                Operation.of("GetLoginProfile", this::get),
                Operation.of("UpdateLoginProfile", this::update),
                Operation.of("DeleteLoginProfile", this::delete),
                Operation.of("ChangePassword", this::changePassword));
    }

    private StructValue create(OperationContext context, StructValue input) {
        // The model leaves Password optional for AssumeRoot sessions (which Charter does not mint); every
        // other caller must give one, so its absence is refused as a missing required member would be.
        String password = input.optionalString("Password").orElseThrow(() -> new ServiceException(
                AwsErrorCode.VALIDATION_ERROR, "1 validation error detected: Value null at 'password' failed to satisfy"
                        + " constraint: Member must not be null"));
        Identity user = target(context, input, "iam:CreateLoginProfile");
        boolean reset = input.optionalBoolean("PasswordResetRequired").orElse(false);
        LoginProfile profile = profiles.create(user, password, reset, context.time());
        return StructValue.builder().put("LoginProfile", shape(user, profile)).build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:GetLoginProfile");
        return StructValue.builder().put("LoginProfile", shape(user, profiles.profileOf(user))).build();
    }

    private StructValue update(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:UpdateLoginProfile");
        Optional<String> password = input.optionalString("Password");
        Optional<Boolean> reset = input.optionalBoolean("PasswordResetRequired");
        profiles.update(user, password, reset);
        return StructValue.EMPTY;
    }

    private StructValue delete(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:DeleteLoginProfile");
        profiles.delete(user);
        return StructValue.EMPTY;
    }

    /**
     * The calling IAM user changes its own password. Only an IAM user's long-term keys qualify: the
     * root user and temporary credentials get {@code InvalidUserType}. AWS documents no error for a
     * wrong old password; Charter answers {@code InvalidInput}.
     */
    private StructValue changePassword(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        if (caller.kind() != IdentityKind.USER || caller.session().isPresent()) {
            throw new ServiceException(AwsErrorCode.INVALID_USER_TYPE, "Only IAM users can change their own password.");
        }
        Identity user = context.snapshot().principals().get(caller.userId());
        if (user == null) {
            throw IamErrors.noSuchUser(caller.arn());
        }
        authorizer.authorize(context, "iam:ChangePassword", user.arn(), Map.of());
        String oldPassword = input.string("OldPassword");
        String newPassword = input.string("NewPassword");
        profiles.changePassword(user, oldPassword, newPassword);
        return StructValue.EMPTY;
    }

    /** The IAM user the request names (or the calling user), authorized for {@code action}. */
    private Identity target(OperationContext context, StructValue input, String action) {
        Identity user = IamResources.authorizedUserOrCaller(context.snapshot(), context, input.optionalString("UserName"),
                authorizer, action);
        if (user.kind() != IdentityKind.USER) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, "Must specify userName when calling with non-User credentials");
        }
        return user;
    }

    private static StructValue shape(Identity user, LoginProfile profile) {
        return StructValue.builder()
                .put("UserName", user.name())
                .put("CreateDate", profile.createdAt())
                .put("PasswordResetRequired", profile.passwordResetRequired())
                .build();
    }
}
