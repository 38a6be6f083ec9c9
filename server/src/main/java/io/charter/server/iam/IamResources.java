package io.charter.server.iam;

import io.charter.server.http.OperationContext;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.Principal;
import io.charter.server.identity.PrincipalKind;
import java.util.Optional;

/** Finding the entities an IAM call names, in the caller's account, with IAM's errors. */
final class IamResources {
    private IamResources() {
    }

    static String userArn(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":user" + path + name;
    }

    static String policyArn(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":policy" + path + name;
    }

    /** The named user of the caller's account, or {@code NoSuchEntity}. */
    static Principal user(IdentitySnapshot snapshot, OperationContext context, String name) {
        return snapshot.principal(context.caller().accountId(), PrincipalKind.USER, name)
                .orElseThrow(() -> IamErrors.noSuchUser(name));
    }

    /**
     * The user an optional {@code UserName} names: that user, or when absent the caller itself
     * (an IAM user, or the root user of the account).
     */
    static Principal userOrCaller(IdentitySnapshot snapshot, OperationContext context, Optional<String> name) {
        if (name.isPresent()) {
            return user(snapshot, context, name.get());
        }
        String selfId = context.caller().session().map(s -> s.principalId()).orElse(context.caller().userId());
        Principal self = snapshot.principals().get(selfId);
        if (self == null || self.kind() == PrincipalKind.ROLE) {
            throw new io.charter.server.protocol.ServiceException(io.charter.server.protocol.AwsErrorCode.VALIDATION_ERROR,
                    "Must specify userName when calling with non-User credentials");
        }
        return self;
    }

    /** The resource ARN of a user for authorization ({@code :root} for the root user). */
    static String arnOf(Principal principal) {
        return principal.arn();
    }

    /** A managed policy the caller's account can see: its own, or an AWS managed one. */
    static Optional<ManagedPolicy> visiblePolicy(IdentitySnapshot snapshot, OperationContext context, String arn) {
        return snapshot.managedPolicy(arn)
                .filter(p -> p.awsManaged() || p.accountId().orElseThrow().equals(context.caller().accountId()));
    }
}
