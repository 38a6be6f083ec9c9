package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Roles;
import io.charter.server.domain.UsageTracker;
import io.charter.server.domain.Written;
import io.charter.server.error.IamErrors;
import io.charter.server.iam.IamMessages.CreateRoleRequest;
import io.charter.server.iam.IamMessages.ListRolesRequest;
import io.charter.server.iam.IamMessages.ListRolesResult;
import io.charter.server.iam.IamMessages.PermissionsBoundary;
import io.charter.server.iam.IamMessages.Role;
import io.charter.server.iam.IamMessages.RoleLastUsed;
import io.charter.server.iam.IamMessages.RoleRequest;
import io.charter.server.iam.IamMessages.RoleResult;
import io.charter.server.iam.IamMessages.UpdateAssumeRolePolicyRequest;
import io.charter.server.iam.IamMessages.UpdateRoleDescriptionRequest;
import io.charter.server.iam.IamMessages.UpdateRoleRequest;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.LastUsed;
import io.charter.server.identity.RoleDetails;
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
 * IAM roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
 * UpdateAssumeRolePolicy, DeleteRole (tags, boundaries and policies of roles:
 * {@link PrincipalAttributeOperations}, {@link EntityPolicyOperations}).
 */
public final class RoleOperations {
    private final Roles roles;
    private final Authorizer authorizer;
    private final UsageTracker usage;

    public RoleOperations(Domain domain, Authorizer authorizer, UsageTracker usage) {
        this.roles = domain.roles();
        this.authorizer = authorizer;
        this.usage = usage;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateRole", CreateRoleRequest.class, RoleResult.class, this::createRole),
                Operation.of("GetRole", RoleRequest.class, RoleResult.class, this::getRole),
                Operation.of("ListRoles", ListRolesRequest.class, ListRolesResult.class, this::listRoles),
                Operation.of("UpdateRole", UpdateRoleRequest.class, NoResult.class, this::updateRole),
                Operation.of("UpdateRoleDescription", UpdateRoleDescriptionRequest.class, RoleResult.class,
                        this::updateDescription),
                Operation.of("UpdateAssumeRolePolicy", UpdateAssumeRolePolicyRequest.class, NoResult.class,
                        this::updateTrust),
                Operation.of("DeleteRole", RoleRequest.class, NoResult.class, this::deleteRole));
    }

    private RoleResult createRole(OperationContext context, CreateRoleRequest input) {
        String account = context.caller().accountId();
        String name = input.roleName();
        String path = input.path().orElse("/");
        String trust = input.assumeRolePolicyDocument();
        int maxSession = input.maxSessionDuration().orElse(Roles.DEFAULT_MAX_SESSION);
        Optional<String> boundary = input.permissionsBoundary();
        List<Tag> tags = Tags.distinct(input.tags());
        String arn = Arns.role(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateRole", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagRole", arn, keys);
        }
        IdentitySnapshot snapshot = context.snapshot();
        TrustPolicies.validate(trust, snapshot);
        if (boundary.isPresent() && IamResources.visiblePolicy(snapshot, context, boundary.get()).isEmpty()) {
            throw IamErrors.policyNotAttachable(boundary.get());
        }
        Written<Identity> role = roles.create(new Roles.NewRole(account, name, path, trust, input.description(),
                maxSession, tags, boundary), context.time());
        return new RoleResult(role(role.value(), role.snapshot(), View.CREATED));
    }

    private RoleResult getRole(OperationContext context, RoleRequest input) {
        Identity role = authorizedRole(context, input.roleName(), "iam:GetRole");
        return new RoleResult(role(role, details(context.snapshot(), role), context.snapshot(), View.FULL,
                usage.lastUsed(role.uniqueId())));
    }

    private ListRolesResult listRoles(OperationContext context, ListRolesRequest input) {
        authorizer.authorize(context, "iam:ListRoles", Arns.role(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String prefix = input.pathPrefix().orElse("/");
        List<Identity> found = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.ROLE && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(found, input.marker(), input.maxItems());
        return new ListRolesResult(page.items().stream().map(p -> role(p, snapshot, View.LISTED)).toList(),
                page.isTruncated(), page.nextMarker());
    }

    private NoResult updateRole(OperationContext context, UpdateRoleRequest input) {
        Identity role = authorizedRole(context, input.roleName(), "iam:UpdateRole");
        if (input.maxSessionDuration().isPresent()) {
            ServiceLinkedRoleOperations.requireModifiable(role); // a service-linked role's description may change
        }
        details(context.snapshot(), role);
        roles.update(role, input.description(), input.maxSessionDuration());
        return NoResult.INSTANCE;
    }

    private RoleResult updateDescription(OperationContext context, UpdateRoleDescriptionRequest input) {
        Identity role = authorizedRole(context, input.roleName(), "iam:UpdateRoleDescription");
        details(context.snapshot(), role);
        Written<Identity> updated = roles.update(role, Optional.of(input.description()), Optional.empty());
        IdentitySnapshot after = updated.snapshot();
        return new RoleResult(role(role, details(after, role), after, View.FULL, usage.lastUsed(role.uniqueId())));
    }

    private NoResult updateTrust(OperationContext context, UpdateAssumeRolePolicyRequest input) {
        Identity role = authorizedRole(context, input.roleName(), "iam:UpdateAssumeRolePolicy");
        ServiceLinkedRoleOperations.requireModifiable(role);
        details(context.snapshot(), role);
        TrustPolicies.validate(input.policyDocument(), context.snapshot());
        roles.updateTrust(role, input.policyDocument());
        return NoResult.INSTANCE;
    }

    private NoResult deleteRole(OperationContext context, RoleRequest input) {
        Identity role = authorizedRole(context, input.roleName(), "iam:DeleteRole");
        ServiceLinkedRoleOperations.requireModifiable(role);
        roles.delete(role);
        return NoResult.INSTANCE;
    }

    private Identity authorizedRole(OperationContext context, String name, String action) {
        return IamResources.authorizedPrincipal(context.snapshot(), context, IdentityKind.ROLE, name, authorizer, action,
                Map.of());
    }

    private static RoleDetails details(IdentitySnapshot snapshot, Identity role) {
        return snapshot.role(role.uniqueId()).orElseThrow(() -> IamErrors.noSuchRole(role.name()));
    }

    /** Which attributes a result carries: IAM's calls each show a different subset (§5.5). */
    enum View {
        /** CreateRole: no MaxSessionDuration, no RoleLastUsed. */
        CREATED,
        /** ListRoles: no PermissionsBoundary, RoleLastUsed or Tags. */
        LISTED,
        /** GetRole and UpdateRoleDescription: everything. */
        FULL
    }

    /** The {@code Role} shape of a role in {@code snapshot}, without its last use. */
    static Role role(Identity role, IdentitySnapshot snapshot, View view) {
        return role(role, details(snapshot, role), snapshot, view, Optional.empty());
    }

    /** The {@code Role} shape; {@code lastUsed} fills {@code RoleLastUsed} in the full view. */
    private static Role role(Identity role, RoleDetails details, IdentitySnapshot snapshot, View view,
            Optional<LastUsed> lastUsed) {
        boolean attributes = view != View.LISTED;
        return new Role(role.path(), role.name(), role.uniqueId(), role.arn(), role.createdAt(), details.trust().text(),
                details.description(),
                view == View.CREATED ? Optional.empty() : Optional.of(details.maxSessionDuration()),
                attributes ? snapshot.boundaryArn(role.uniqueId()).map(PermissionsBoundary::policy) : Optional.empty(),
                attributes ? Tags.shown(snapshot.tags(role.uniqueId())) : Optional.empty(),
                view == View.FULL
                        ? Optional.of(new RoleLastUsed(lastUsed.map(LastUsed::at), lastUsed.map(LastUsed::region)))
                        : Optional.empty());
    }
}
