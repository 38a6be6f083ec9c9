package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.crypto.PasswordHash;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.LoginProfile;
import io.charter.server.identity.PasswordPolicy;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.store.LoginProfileRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile
 * and ChangePassword. Passwords are kept only as slow hashes ({@link PasswordHash}) and never
 * appear in a response, an error or a log.
 *
 * <p>A new password is checked against the account's password policy (IAM's default policy when
 * there is none) and its PasswordReusePrevention outside the store's transaction, because hashing
 * is deliberately slow; the transaction then re-checks that neither the policy nor the user's
 * password history changed meanwhile, and answers {@code EntityTemporarilyUnmodifiable} if they did.
 */
public final class LoginProfileOperations {
    private final Directory directory;
    private final Authorizer authorizer;
    private final LoginProfileRepository profiles = new LoginProfileRepository();

    public LoginProfileOperations(Domain domain, Authorizer authorizer) {
        this.directory = domain.directory();
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

    static ServiceException noSuchProfile(String userName) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Login Profile for User " + userName + " cannot be found.");
    }

    static ServiceException violation() {
        return new ServiceException(AwsErrorCode.PASSWORD_POLICY_VIOLATION,
                "Password does not conform to the account password policy.");
    }

    private StructValue create(OperationContext context, StructValue input) {
        // The model leaves Password optional for AssumeRoot sessions (which Charter does not mint); every
        // other caller must give one, so its absence is refused as a missing required member would be.
        String password = input.optionalString("Password").orElseThrow(() -> new ServiceException(
                AwsErrorCode.VALIDATION_ERROR, "1 validation error detected: Value null at 'password' failed to satisfy"
                        + " constraint: Member must not be null"));
        Identity user = target(context, input, "iam:CreateLoginProfile");
        boolean reset = input.optionalBoolean("PasswordResetRequired").orElse(false);
        if (directory.read((c, r) -> profiles.find(c, user.uniqueId())).isPresent()) {
            throw exists(user);
        }
        Vetted vetted = vet(user, password);
        LoginProfile profile = new LoginProfile(user.uniqueId(), vetted.hash(), reset, context.time());
        directory.write((c, w) -> {
            if (profiles.find(c, user.uniqueId()).isPresent()) {
                throw exists(user);
            }
            recheck(c, user, vetted);
            profiles.insert(c, profile);
            profiles.remember(c, user.uniqueId(), vetted.hash());
            return null;
        });
        return StructValue.builder().put("LoginProfile", shape(user, profile)).build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:GetLoginProfile");
        LoginProfile profile = directory.read((c, r) -> profiles.find(c, user.uniqueId()))
                .orElseThrow(() -> noSuchProfile(user.name()));
        return StructValue.builder().put("LoginProfile", shape(user, profile)).build();
    }

    private StructValue update(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:UpdateLoginProfile");
        Optional<String> password = input.optionalString("Password");
        Optional<Boolean> reset = input.optionalBoolean("PasswordResetRequired");
        if (directory.read((c, r) -> profiles.find(c, user.uniqueId())).isEmpty()) {
            throw noSuchProfile(user.name());
        }
        Optional<Vetted> vetted = password.map(p -> vet(user, p));
        directory.write((c, w) -> {
            LoginProfile current = profiles.find(c, user.uniqueId()).orElseThrow(() -> noSuchProfile(user.name()));
            if (vetted.isPresent()) {
                recheck(c, user, vetted.get());
                profiles.remember(c, user.uniqueId(), vetted.get().hash());
            }
            profiles.update(c, user.uniqueId(), vetted.map(Vetted::hash).orElse(current.passwordHash()),
                    reset.orElse(current.passwordResetRequired()));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue delete(OperationContext context, StructValue input) {
        Identity user = target(context, input, "iam:DeleteLoginProfile");
        directory.write((c, w) -> {
            if (!profiles.delete(c, user.uniqueId())) {
                throw noSuchProfile(user.name());
            }
            return null;
        });
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
        Identity user = directory.snapshot().principals().get(caller.userId());
        if (user == null) {
            throw IamErrors.noSuchUser(caller.arn());
        }
        authorizer.authorize(context, "iam:ChangePassword", user.arn(), Map.of());
        String oldPassword = input.string("OldPassword");
        String newPassword = input.string("NewPassword");
        LoginProfile profile = directory.read((c, r) -> profiles.find(c, user.uniqueId()))
                .orElseThrow(() -> noSuchProfile(user.name()));
        if (!PasswordHash.matches(oldPassword, profile.passwordHash())) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, "The old password was incorrect.");
        }
        Vetted vetted = vet(user, newPassword);
        directory.write((c, w) -> {
            LoginProfile current = profiles.find(c, user.uniqueId()).orElseThrow(() -> noSuchProfile(user.name()));
            if (!current.passwordHash().equals(profile.passwordHash())) {
                throw unmodifiable(user);
            }
            recheck(c, user, vetted);
            profiles.update(c, user.uniqueId(), vetted.hash(), false);
            profiles.remember(c, user.uniqueId(), vetted.hash());
            return null;
        });
        return StructValue.EMPTY;
    }

    /** The IAM user the request names (or the calling user), authorized for {@code action}. */
    private Identity target(OperationContext context, StructValue input, String action) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, action);
        if (user.kind() != IdentityKind.USER) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, "Must specify userName when calling with non-User credentials");
        }
        return user;
    }

    /** A new password's hash, with the policy and history it was checked against. */
    private record Vetted(String hash, Optional<PasswordPolicy> policy, List<String> history) {
    }

    private Vetted vet(Identity user, String password) {
        record State(Optional<PasswordPolicy> policy, List<String> history) {
        }
        State state = directory.read((c, r) -> new State(profiles.policy(c, user.accountId()), profiles.history(c, user.uniqueId())));
        if (!PasswordPolicy.admitted(state.policy(), password)) {
            throw violation();
        }
        int remembered = Math.min(state.history().size(), state.policy().map(PasswordPolicy::passwordReusePrevention).orElse(0));
        for (String previous : state.history().subList(0, remembered)) {
            if (PasswordHash.matches(password, previous)) {
                throw violation();
            }
        }
        return new Vetted(PasswordHash.of(password, directory.random()), state.policy(), state.history());
    }

    private void recheck(Connection c, Identity user, Vetted vetted) throws SQLException {
        if (!profiles.policy(c, user.accountId()).equals(vetted.policy())
                || !profiles.history(c, user.uniqueId()).equals(vetted.history())) {
            throw unmodifiable(user);
        }
    }

    private static ServiceException exists(Identity user) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Login Profile for user " + user.name() + " already exists.");
    }

    private static ServiceException unmodifiable(Identity user) {
        return new ServiceException(AwsErrorCode.ENTITY_TEMPORARILY_UNMODIFIABLE,
                "Login Profile for User " + user.name() + " is being changed by another request; try again.");
    }

    private static StructValue shape(Identity user, LoginProfile profile) {
        return StructValue.builder()
                .put("UserName", user.name())
                .put("CreateDate", profile.createdAt())
                .put("PasswordResetRequired", profile.passwordResetRequired())
                .build();
    }
}
