package io.charter.server.auth;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.token.SessionClaims;
import java.util.Optional;
import java.util.Set;

/**
 * What each kind of temporary credentials may call at all, before any policy is consulted
 * (§3.1 and §2.4 of the reference): GetSessionToken credentials without MFA cannot call IAM (AWS
 * answers {@code InvalidClientTokenId}) and no STS operation but AssumeRole and GetCallerIdentity;
 * federated-user credentials no STS operation but GetCallerIdentity (IAM is denied by the
 * authorizer). Stateless.
 */
public final class CredentialRules {
    private static final Set<String> USER_SESSION_STS = Set.of("AssumeRole", "GetCallerIdentity");
    /** These refuse every session themselves, with AWS's own words ("Cannot call … with session credentials"). */
    private static final Set<String> SELF_REFUSING = Set.of("GetSessionToken", "GetFederationToken");

    private CredentialRules() {
    }

    public static void check(Caller caller, String service, String operation) {
        Optional<SessionClaims> session = caller.session();
        if (session.isEmpty()) {
            return;
        }
        switch (session.get().kind()) {
            case USER_SESSION -> {
                if (service.equals("iam") && session.get().mfaAuthenticatedAt().isEmpty()) {
                    throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID,
                            "The security token included in the request is invalid");
                }
                if (service.equals("sts") && !USER_SESSION_STS.contains(operation) && !SELF_REFUSING.contains(operation)) {
                    throw denied(caller, operation);
                }
            }
            case FEDERATED_USER -> {
                if (service.equals("sts") && !operation.equals("GetCallerIdentity") && !SELF_REFUSING.contains(operation)) {
                    throw denied(caller, operation);
                }
            }
            case ASSUMED_ROLE -> {
                // Role sessions are limited by their policies, and by the STS operations themselves.
            }
        }
    }

    private static ServiceException denied(Caller caller, String operation) {
        return new ServiceException(AwsErrorCode.ACCESS_DENIED,
                "User: " + caller.arn() + " is not authorized to perform: sts:" + operation);
    }
}
