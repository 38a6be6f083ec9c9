package io.charter.server.iam;

import io.charter.server.error.IamErrors;
import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.LoginProfileRepository;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser (tags and boundaries:
 * {@link PrincipalAttributeOperations}).
 */
public final class UserOperations {
    private final Directory directory;
    private final Authorizer authorizer;
    private final LoginProfileRepository loginProfiles = new LoginProfileRepository();

    public UserOperations(Directory directory, Authorizer authorizer) {
        this.directory = directory;
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
        String arn = IamResources.userArn(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateUser", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagUser", arn, keys);
        }
        IdentitySnapshot snapshot = directory.snapshot();
        boundary.ifPresent(b -> IamResources.visiblePolicy(snapshot, context, b)
                .orElseThrow(() -> IamErrors.policyNotAttachable(b)));
        Identity user = directory.write((c, w) -> {
            if (w.identities().findPrincipal(c, account, IdentityKind.USER, name).isPresent()) {
                throw IamErrors.userExists(name);
            }
            Identity p = new Identity(UniqueId.USER.mint(directory.random()), account, IdentityKind.USER, name, path,
                    context.time());
            w.identities().insertPrincipal(c, p);
            w.permissions().replaceTags(c, p.uniqueId(), Tags.rows(p.uniqueId(), tags));
            if (boundary.isPresent()) {
                w.permissions().setBoundary(c, p.uniqueId(), boundary.get());
            }
            return p;
        });
        return StructValue.builder().put("User", user(user, directory.snapshot(), true)).build();
    }

    private StructValue getUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:GetUser");
        return StructValue.builder().put("User", user(user, snapshot, true)).build();
    }

    private StructValue listUsers(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListUsers", IamResources.userArn(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = directory.snapshot();
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Identity> users = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.USER && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(users, input);
        return page.addTo(StructValue.builder()
                .putList("Users", page.items().stream().map(p -> user(p, snapshot, false)).toList())).build();
    }

    private StructValue updateUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:UpdateUser", Map.of());
        String newName = input.optionalString("NewUserName").orElse(user.name());
        String newPath = input.optionalString("NewPath").orElse(user.path());
        if (!newName.equals(user.name()) || !newPath.equals(user.path())) {
            authorizer.authorize(context, "iam:UpdateUser",
                    IamResources.userArn(user.accountId(), newPath, newName), Map.of());
        }
        directory.write((c, w) -> {
            w.identities().findPrincipal(c, user.accountId(), IdentityKind.USER, newName)
                    .filter(other -> !other.uniqueId().equals(user.uniqueId()))
                    .ifPresent(other -> {
                        throw IamErrors.userExists(newName);
                    });
            w.identities().updatePrincipal(c, user.uniqueId(), newName, newPath);
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue deleteUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:DeleteUser", Map.of());
        if (directory.read((c, r) -> loginProfiles.find(c, user.uniqueId())).isPresent()) {
            throw loginProfileFirst();
        }
        if (!snapshot.credentialsOf(user.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must delete access keys first.");
        }
        if (!snapshot.mfaDevices().enabledFor(user.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must delete MFA device first.");
        }
        if (!snapshot.inlinePolicies(user.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
        }
        if (!snapshot.attachedPolicies(user.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
        }
        if (!snapshot.groups().groupsOf(user.uniqueId()).isEmpty()) {
            // AWS's wording (observed), the same as DeleteGroup's.
            throw IamErrors.conflict("Cannot delete entity, must remove users from group first.");
        }
        directory.write((c, w) -> {
            if (loginProfiles.find(c, user.uniqueId()).isPresent()) {
                throw loginProfileFirst();
            }
            loginProfiles.deleteUser(c, user.uniqueId());
            w.permissions().deleteEntity(c, user.uniqueId());
            w.identities().deletePrincipal(c, user.uniqueId());
            return null;
        });
        return StructValue.EMPTY;
    }

    /** AWS's documented order for DeleteUser's conflicts lists the login profile first. */
    private static io.charter.server.error.ServiceException loginProfileFirst() {
        return IamErrors.conflict("Cannot delete entity, must delete login profile first.");
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
