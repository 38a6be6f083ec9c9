package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Users;
import io.charter.server.domain.Written;
import io.charter.server.error.IamErrors;
import io.charter.server.iam.IamMessages.CreateUserRequest;
import io.charter.server.iam.IamMessages.GetUserRequest;
import io.charter.server.iam.IamMessages.ListUsersRequest;
import io.charter.server.iam.IamMessages.ListUsersResult;
import io.charter.server.iam.IamMessages.PermissionsBoundary;
import io.charter.server.iam.IamMessages.UpdateUserRequest;
import io.charter.server.iam.IamMessages.User;
import io.charter.server.iam.IamMessages.UserRequest;
import io.charter.server.iam.IamMessages.UserResult;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Tag;
import io.charter.server.service.NoResult;
import io.charter.server.service.Operation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IAM users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser (tags and boundaries:
 * {@link PrincipalAttributeOperations}).
 */
public final class UserOperations {
    private final Users users;
    private final Authorizer authorizer;

    public UserOperations(Domain domain, Authorizer authorizer) {
        this.users = domain.users();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateUser", CreateUserRequest.class, UserResult.class, this::createUser),
                Operation.of("GetUser", GetUserRequest.class, UserResult.class, this::getUser),
                Operation.of("ListUsers", ListUsersRequest.class, ListUsersResult.class, this::listUsers),
                Operation.of("UpdateUser", UpdateUserRequest.class, NoResult.class, this::updateUser),
                Operation.of("DeleteUser", UserRequest.class, NoResult.class, this::deleteUser));
    }

    private UserResult createUser(OperationContext context, CreateUserRequest input) {
        String account = context.caller().accountId();
        String name = input.userName();
        String path = input.path().orElse("/");
        List<Tag> tags = Tags.distinct(input.tags());
        Optional<String> boundary = input.permissionsBoundary();
        String arn = Arns.user(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateUser", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagUser", arn, keys);
        }
        if (boundary.isPresent() && IamResources.visiblePolicy(context.snapshot(), context, boundary.get()).isEmpty()) {
            throw IamErrors.policyNotAttachable(boundary.get());
        }
        Written<Identity> user = users.create(new Users.NewUser(account, name, path, tags, boundary), context.time());
        return new UserResult(user(user.value(), user.snapshot(), true));
    }

    private UserResult getUser(OperationContext context, GetUserRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.userName(), authorizer,
                "iam:GetUser");
        return new UserResult(user(user, snapshot, true));
    }

    private ListUsersResult listUsers(OperationContext context, ListUsersRequest input) {
        authorizer.authorize(context, "iam:ListUsers", Arns.user(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String prefix = input.pathPrefix().orElse("/");
        List<Identity> found = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.USER && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(found, input.marker(), input.maxItems());
        return new ListUsersResult(page.items().stream().map(p -> user(p, snapshot, false)).toList(),
                page.isTruncated(), page.nextMarker());
    }

    private NoResult updateUser(OperationContext context, UpdateUserRequest input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.userName(), authorizer,
                "iam:UpdateUser", Map.of());
        String newName = input.newUserName().orElse(user.name());
        String newPath = input.newPath().orElse(user.path());
        if (!newName.equals(user.name()) || !newPath.equals(user.path())) {
            authorizer.authorize(context, "iam:UpdateUser", Arns.user(user.accountId(), newPath, newName), Map.of());
        }
        users.update(user, newName, newPath);
        return NoResult.INSTANCE;
    }

    private NoResult deleteUser(OperationContext context, UserRequest input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.userName(), authorizer,
                "iam:DeleteUser", Map.of());
        users.delete(user);
        return NoResult.INSTANCE;
    }

    /**
     * The {@code User} shape; lists leave out tags and the boundary, as IAM's List calls do. The
     * root user has no path or name.
     */
    static User user(Identity user, IdentitySnapshot snapshot, boolean full) {
        boolean root = user.kind() == IdentityKind.ROOT;
        return new User(root ? Optional.empty() : Optional.of(user.path()),
                root ? Optional.empty() : Optional.of(user.name()),
                root ? user.accountId() : user.uniqueId(), user.arn(), user.createdAt(),
                full ? snapshot.boundaryArn(user.uniqueId()).map(PermissionsBoundary::policy) : Optional.empty(),
                full ? Tags.shown(snapshot.tags(user.uniqueId())) : Optional.empty());
    }
}
