package io.charter.server.auth;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.PrincipalKind;

/**
 * The authenticated principal behind a request.
 *
 * @param accountId the caller's account
 * @param arn the caller's ARN, as {@code GetCallerIdentity} reports it
 * @param userId the caller's user id as AWS reports it ({@code aws:userid}): the account id for
 *     root, the unique id ({@code AIDA…}) for an IAM user
 * @param kind the kind of principal
 * @param accessKeyId the access key that signed the request
 */
public record Caller(String accountId, String arn, String userId, PrincipalKind kind, String accessKeyId) {
    public Caller {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
    }
}
