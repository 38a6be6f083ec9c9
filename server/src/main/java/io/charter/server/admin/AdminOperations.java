package io.charter.server.admin;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.SessionRevocations;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.RevokedSession;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.token.Keyring;
import io.charter.server.token.TokenKey;
import io.charter.server.token.TokenKeys;
import java.util.List;
import java.util.Map;

/**
 * Charter's own operator calls, beyond AWS, over AWS JSON 1.1 (service {@code charter}, model
 * {@code charter.json}) so that they are signed, authenticated and authorized like every AWS call:
 * <ul>
 *   <li>{@code RevokeSession}: revokes one session by its temporary access key id, in the caller's
 *       own account, on every node; needs {@code charter:RevokeSession}.</li>
 *   <li>{@code RotateSessionTokenKey}: makes a new session-token key the sealing one; only the
 *       management account may, with {@code charter:RotateSessionTokenKey}.</li>
 * </ul>
 * An account's root may do both in its own account, as root may do anything there.
 */
public final class AdminOperations {
    private final SessionRevocations revocations;
    private final Authorizer authorizer;
    private final TokenKeys tokenKeys;
    private final String managementAccount;

    public AdminOperations(Domain domain, Authorizer authorizer, TokenKeys tokenKeys, String managementAccount) {
        this.revocations = domain.revocations();
        this.authorizer = authorizer;
        this.tokenKeys = tokenKeys;
        this.managementAccount = managementAccount;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("RevokeSession", this::revokeSession),
                Operation.of("RotateSessionTokenKey", this::rotateSessionTokenKey));
    }

    private StructValue revokeSession(OperationContext context, StructValue input) {
        AccessKeyId keyId = new AccessKeyId(input.string("AccessKeyId"));
        String account = keyId.kind() == AccessKeyId.Kind.TEMPORARY ? keyId.accountId().orElse("") : "";
        if (account.isEmpty()) {
            throw new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION,
                    "The access key ID " + keyId.value() + " is not a temporary access key ID issued by this server.");
        }
        authorizer.authorize(context, "charter:RevokeSession", "*", Map.<String, ContextValue>of());
        if (!account.equals(context.caller().accountId())) {
            // No principal touches another account's sessions, whatever its policies say.
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "User: " + context.caller().arn()
                    + " is not authorized to perform: charter:RevokeSession on a session of account " + account);
        }
        RevokedSession revoked = revocations.revoke(keyId.value(), account);
        return StructValue.builder()
                .put("AccessKeyId", revoked.accessKeyId())
                .put("RevokedAt", revoked.revokedAt())
                .put("RevokedUntil", revoked.keepUntil())
                .build();
    }

    private StructValue rotateSessionTokenKey(OperationContext context, StructValue input) {
        if (!context.caller().accountId().equals(managementAccount)) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "User: " + context.caller().arn()
                    + " is not authorized to perform: charter:RotateSessionTokenKey: only the management account may");
        }
        authorizer.authorize(context, "charter:RotateSessionTokenKey", "*", Map.<String, ContextValue>of());
        Keyring rotated = tokenKeys.rotate();
        TokenKey active = rotated.active();
        return StructValue.builder()
                .put("KeyId", active.id())
                .put("ActiveSince", active.createdAt())
                .put("KeysInRing", rotated.keys().size())
                .build();
    }
}
