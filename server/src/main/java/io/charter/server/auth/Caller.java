package io.charter.server.auth;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.Arns;
import io.charter.server.identity.IdentityKind;
import io.charter.server.token.SessionClaims;
import java.util.Optional;

/**
 * The authenticated principal behind a request.
 *
 * @param accountId the caller's account
 * @param arn the caller's ARN, as {@code GetCallerIdentity} reports it
 * @param userId the caller's user id as AWS reports it ({@code aws:userid}): the account id for
 *     root, the unique id ({@code AIDA…}) for an IAM user
 * @param kind the kind of principal
 * @param accessKeyId the access key that signed the request
 * @param session the session behind temporary credentials; empty for long-term keys
 */
public record Caller(
        String accountId, String arn, String userId, IdentityKind kind, String accessKeyId,
        Optional<SessionClaims> session) {
    public Caller {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(session, "session is null");
    }

    /**
     * The caller behind temporary credentials, as AWS names it: an assumed role is
     * {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION} with user id
     * {@code ROLE-ID:SESSION}; a federated user {@code arn:aws:sts::ACCOUNT:federated-user/NAME}
     * with user id {@code ACCOUNT:NAME}; a user's session keeps the user's (or root's) identity.
     */
    public static Caller ofSession(SessionClaims claims) {
        return switch (claims.kind()) {
            case ASSUMED_ROLE -> {
                String roleArn = claims.principalArn();
                String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
                yield new Caller(claims.accountId(),
                        Arns.assumedRole(claims.accountId(), roleName, claims.sessionName()),
                        claims.principalId() + ":" + claims.sessionName(), IdentityKind.ROLE, claims.accessKeyId(),
                        Optional.of(claims));
            }
            case FEDERATED_USER -> new Caller(claims.accountId(),
                    Arns.federatedUser(claims.accountId(), claims.sessionName()),
                    claims.accountId() + ":" + claims.sessionName(), IdentityKind.USER, claims.accessKeyId(),
                    Optional.of(claims));
            case USER_SESSION -> new Caller(claims.accountId(), claims.principalArn(), claims.principalId(),
                    claims.principalArn().endsWith(":root") ? IdentityKind.ROOT : IdentityKind.USER,
                    claims.accessKeyId(), Optional.of(claims));
        };
    }
}
