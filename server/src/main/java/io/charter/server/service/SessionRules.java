package io.charter.server.service;

import static java.util.Objects.requireNonNull;

import io.charter.server.auth.Caller;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.token.SessionClaims;
import java.util.Optional;
import java.util.Set;

/**
 * What each kind of temporary credentials may call in one service at all, before any policy is
 * read (§3.1 and §2.4 of the reference). Role sessions are limited by their policies only.
 *
 * @param userSession GetSessionToken credentials
 * @param federatedUser GetFederationToken credentials
 */
public record SessionRules(Access userSession, Access federatedUser) {
    /** No limit beyond the policies, for either kind. */
    public static final SessionRules NONE = new SessionRules(Access.ALL, Access.ALL);

    public SessionRules {
        requireNonNull(userSession, "userSession is null");
        requireNonNull(federatedUser, "federatedUser is null");
    }

    /** What one kind of temporary credentials may call in the service. */
    public sealed interface Access {
        /** Every operation (its policies decide). */
        Access ALL = new All();

        /** Only these operations; any other is {@code AccessDenied}. */
        static Access only(String... operations) {
            return new Only(Set.of(operations));
        }

        /** Nothing without MFA: credentials minted without it are {@code InvalidClientTokenId}, as AWS answers. */
        Access WITH_MFA = new WithMfa();

        /** See {@link #ALL}. */
        record All() implements Access {
        }

        /** See {@link #only}. */
        record Only(Set<String> operations) implements Access {
            public Only {
                operations = Set.copyOf(operations);
            }
        }

        /** See {@link #WITH_MFA}. */
        record WithMfa() implements Access {
        }
    }

    /**
     * Refuses the call when the caller's kind of temporary credentials may not make it.
     *
     * @param signingName the service's signing name, which prefixes the action in the denial
     */
    public void check(Caller caller, String signingName, String operation) {
        Optional<SessionClaims> session = caller.session();
        if (session.isEmpty()) {
            return;
        }
        Access access = switch (session.get().kind()) {
            case USER_SESSION -> userSession;
            case FEDERATED_USER -> federatedUser;
            case ASSUMED_ROLE -> Access.ALL;
        };
        switch (access) {
            case Access.All all -> {
            }
            case Access.WithMfa withMfa -> {
                if (session.get().mfaAuthenticatedAt().isEmpty()) {
                    throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID,
                            "The security token included in the request is invalid");
                }
            }
            case Access.Only only -> {
                if (!only.operations().contains(operation)) {
                    throw new ServiceException(AwsErrorCode.ACCESS_DENIED,
                            "User: " + caller.arn() + " is not authorized to perform: " + signingName + ":" + operation);
                }
            }
        }
    }
}
