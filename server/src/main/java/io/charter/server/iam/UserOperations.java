package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Users;
import io.charter.server.domain.Written;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
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
                Operation.of("CreateUser", this::createUser),
                Operation.of("GetUser", this::getUser),
                Operation.of("ListUsers", this::listUsers),
                Operation.of("UpdateUser", this::updateUser),
                Operation.of("DeleteUser", this::deleteUser));
    }

    private StructValue createUser(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("UserName");
        String path = input.optionalString("Path").orElse("/");
        List<Tag> tags = Tags.from(input, "Tags");
        Optional<String> boundary = input.optionalString("PermissionsBoundary");
        String arn = Arns.user(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateUser", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagUser", arn, keys);
        }
        boundary.ifPresent(b -> IamResources.visiblePolicy(context.snapshot(), context, b)
                .orElseThrow(() -> IamErrors.policyNotAttachable(b)));
        Written<Identity> user = users.create(new Users.NewUser(account, name, path, tags, boundary), context.time());
        return StructValue.builder().put("User", user(user.value(), user.snapshot(), true)).build();
    }

    private StructValue getUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:GetUser");
        return StructValue.builder().put("User", user(user, snapshot, true)).build();
    }

    private StructValue listUsers(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListUsers", Arns.user(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Identity> found = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.USER && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(found, input);
        return page.addTo(StructValue.builder()
                .putList("Users", page.items().stream().map(p -> user(p, snapshot, false)).toList())).build();
    }

    private StructValue updateUser(OperationContext context, StructValue input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.string("UserName"), authorizer,
                "iam:UpdateUser", Map.of());
        String newName = input.optionalString("NewUserName").orElse(user.name());
        String newPath = input.optionalString("NewPath").orElse(user.path());
        if (!newName.equals(user.name()) || !newPath.equals(user.path())) {
            authorizer.authorize(context, "iam:UpdateUser", Arns.user(user.accountId(), newPath, newName), Map.of());
        }
        users.update(user, newName, newPath);
        return StructValue.EMPTY;
    }

    private StructValue deleteUser(OperationContext context, StructValue input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.string("UserName"), authorizer,
                "iam:DeleteUser", Map.of());
        users.delete(user);
        return StructValue.EMPTY;
    }

    /** The {@code User} shape; lists leave out tags and the boundary, as IAM's List calls do. */
    static StructValue user(Identity user, IdentitySnapshot snapshot, boolean full) {
        StructValue.Builder out = StructValue.builder();
        if (user.kind() != IdentityKind.ROOT) {
            out.put("Path", user.path()).put("UserName", user.name());
        }
        out.put("UserId", user.kind() == IdentityKind.ROOT ? user.accountId() : user.uniqueId())
                .put("Arn", user.arn())
                .put("CreateDate", user.createdAt());
        if (full) {
            snapshot.boundaryArn(user.uniqueId()).ifPresent(b -> out.put("PermissionsBoundary", StructValue.builder()
                    .put("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .put("PermissionsBoundaryArn", b).build()));
            List<Tag> tags = snapshot.tags(user.uniqueId());
            if (!tags.isEmpty()) {
                out.putList("Tags", Tags.output(tags));
            }
        }
        return out.build();
    }
}
