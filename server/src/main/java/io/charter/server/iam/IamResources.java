package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.PolicyHolder;
import io.charter.server.domain.PolicyHolderKind;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.Tag;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finding the entities an IAM call names, in the caller's account, with IAM's errors. */
final class IamResources {
    private IamResources() {
    }

    static String userArn(String accountId, String path, String name) {
        return Arns.user(accountId, path, name);
    }

    static String groupArn(String accountId, String path, String name) {
        return Arns.group(accountId, path, name);
    }

    static String policyArn(String accountId, String path, String name) {
        return Arns.policy(accountId, path, name);
    }

    /**
     * Authorizes {@code action} on the named user, then returns it. Authorization comes first, so a
     * caller without permission learns nothing about which users exist: a user that does not exist
     * is authorized as {@code user/NAME} and, if allowed, answered with {@code NoSuchEntity}.
     */
    static Identity authorizedUser(IdentitySnapshot snapshot, OperationContext context, String name,
            Authorizer authorizer, String action,
            Map<String, ContextValue> keys) {
        return authorizedPrincipal(snapshot, context, IdentityKind.USER, name, authorizer, action, keys);
    }

    /** {@link #authorizedUser} for a user or a role. */
    static Identity authorizedPrincipal(IdentitySnapshot snapshot, OperationContext context, IdentityKind kind,
            String name, Authorizer authorizer, String action,
            Map<String, ContextValue> keys) {
        String account = context.caller().accountId();
        Optional<Identity> principal = snapshot.principal(account, kind, name);
        Map<String, ContextValue> all = new HashMap<>(keys);
        principal.ifPresent(p -> targetKeys(snapshot, p.uniqueId()).forEach(all::putIfAbsent));
        authorizer.authorize(context, action, principal.map(Identity::arn).orElse(arn(account, kind, "/", name)), all);
        return principal.orElseThrow(() -> IamErrors.noSuchPrincipal(kind, name));
    }

    /**
     * The condition keys IAM supplies about an existing target: its tags as {@code aws:ResourceTag/K}
     * and {@code iam:ResourceTag/K}, and its current permissions boundary as
     * {@code iam:PermissionsBoundary}. Keys the operation supplies itself take precedence.
     */
    static Map<String, ContextValue> targetKeys(IdentitySnapshot snapshot, String entityId) {
        Map<String, ContextValue> keys = new HashMap<>();
        for (Tag tag : snapshot.tags(entityId)) {
            keys.put("aws:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
            keys.put("iam:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
        }
        snapshot.boundaryArn(entityId).ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        return keys;
    }

    static String arn(String accountId, IdentityKind kind, String path, String name) {
        return kind == IdentityKind.ROLE ? roleArn(accountId, path, name) : userArn(accountId, path, name);
    }

    static String roleArn(String accountId, String path, String name) {
        return Arns.role(accountId, path, name);
    }

    /**
     * Authorizes {@code action} on the named group, then returns it; as {@link #authorizedUser}, a
     * group that does not exist is authorized as {@code group/NAME} and, if allowed, answered with
     * {@code NoSuchEntity}, so a caller without permission learns nothing about which groups exist.
     */
    static Group authorizedGroup(IdentitySnapshot snapshot, OperationContext context,
            String name, Authorizer authorizer, String action,
            Map<String, ContextValue> keys) {
        String account = context.caller().accountId();
        Optional<Group> group = snapshot.groups().named(account, name);
        authorizer.authorize(context, action,
                group.map(Group::arn).orElse(groupArn(account, "/", name)), keys);
        return group.orElseThrow(() -> IamErrors.noSuchGroup(name));
    }

    /** Authorizes {@code action} on the named holder of policies before revealing whether it exists, then returns it. */
    static PolicyHolder authorizedHolder(PolicyHolderKind kind, IdentitySnapshot snapshot, OperationContext context,
            String name, Authorizer authorizer, String action, Map<String, ContextValue> keys) {
        return switch (kind) {
            case USER, ROLE -> {
                Identity p = authorizedPrincipal(snapshot, context,
                        kind == PolicyHolderKind.USER ? IdentityKind.USER : IdentityKind.ROLE, name, authorizer, action, keys);
                yield new PolicyHolder(kind, p.uniqueId(), p.name());
            }
            case GROUP -> {
                Group g = authorizedGroup(snapshot, context, name, authorizer, action, keys);
                yield new PolicyHolder(kind, g.groupId(), g.name());
            }
        };
    }

    /** The named user or role of the caller's account, or {@code NoSuchEntity} (no authorization). */
    static Identity principalOrMissing(IdentitySnapshot snapshot, OperationContext context, IdentityKind kind, String name) {
        return snapshot.principal(context.caller().accountId(), kind, name)
                .orElseThrow(() -> IamErrors.noSuchPrincipal(kind, name));
    }

    /** The named user of the caller's account, or {@code NoSuchEntity}. */
    static Identity user(IdentitySnapshot snapshot, OperationContext context, String name) {
        return snapshot.principal(context.caller().accountId(), IdentityKind.USER, name)
                .orElseThrow(() -> IamErrors.noSuchUser(name));
    }

    /**
     * Authorizes {@code action} on the user an optional {@code UserName} names (see
     * {@link #authorizedUser}), or when absent on the caller itself, then returns that user.
     */
    static Identity authorizedUserOrCaller(IdentitySnapshot snapshot, OperationContext context, Optional<String> name,
            Authorizer authorizer, String action) {
        if (name.isPresent()) {
            return authorizedUser(snapshot, context, name.get(), authorizer, action, Map.of());
        }
        Identity self = userOrCaller(snapshot, context, name);
        authorizer.authorize(context, action, self.arn(), Map.of());
        return self;
    }

    /**
     * The user an optional {@code UserName} names: that user, or when absent the caller itself
     * (an IAM user, or the root user of the account).
     */
    static Identity userOrCaller(IdentitySnapshot snapshot, OperationContext context, Optional<String> name) {
        if (name.isPresent()) {
            return user(snapshot, context, name.get());
        }
        String selfId = context.caller().session().map(s -> s.principalId()).orElse(context.caller().userId());
        Identity self = snapshot.principals().get(selfId);
        if (self == null || self.kind() == IdentityKind.ROLE) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "Must specify userName when calling with non-User credentials");
        }
        return self;
    }

    /** A managed policy the caller's account can see: its own, or an AWS managed one. */
    static Optional<ManagedPolicy> visiblePolicy(IdentitySnapshot snapshot, OperationContext context, String arn) {
        return snapshot.managedPolicy(arn)
                .filter(p -> p.awsManaged() || p.accountId().orElseThrow().equals(context.caller().accountId()));
    }
}
