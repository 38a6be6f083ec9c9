package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Roles;
import io.charter.server.domain.UsageTracker;
import io.charter.server.domain.Written;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.LastUsed;
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
                Operation.of("CreateRole", this::createRole),
                Operation.of("GetRole", this::getRole),
                Operation.of("ListRoles", this::listRoles),
                Operation.of("UpdateRole", this::updateRole),
                Operation.of("UpdateRoleDescription", this::updateDescription),
                Operation.of("UpdateAssumeRolePolicy", this::updateTrust),
                Operation.of("DeleteRole", this::deleteRole));
    }

    private StructValue createRole(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("RoleName");
        String path = input.optionalString("Path").orElse("/");
        String trust = input.string("AssumeRolePolicyDocument");
        Optional<String> description = input.optionalString("Description");
        int maxSession = input.optionalInt("MaxSessionDuration").orElse(Roles.DEFAULT_MAX_SESSION);
        Optional<String> boundary = input.optionalString("PermissionsBoundary");
        List<Tag> tags = Tags.from(input, "Tags");
        String arn = Arns.role(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateRole", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagRole", arn, keys);
        }
        IdentitySnapshot snapshot = context.snapshot();
        TrustPolicies.validate(trust, snapshot);
        boundary.ifPresent(b -> IamResources.visiblePolicy(snapshot, context, b)
                .orElseThrow(() -> IamErrors.policyNotAttachable(b)));
        Written<Identity> role = roles.create(
                new Roles.NewRole(account, name, path, trust, description, maxSession, tags, boundary), context.time());
        return StructValue.builder().put("Role", role(role.value(), role.snapshot(), View.CREATED)).build();
    }

    private StructValue getRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity role = authorizedRole(context, input, "iam:GetRole");
        return StructValue.builder().put("Role", role(role, snapshot, View.FULL, usage.lastUsed(role.uniqueId()))).build();
    }

    private StructValue listRoles(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListRoles", Arns.role(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Identity> found = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.ROLE && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(found, input);
        return page.addTo(StructValue.builder()
                .putList("Roles", page.items().stream().map(p -> role(p, snapshot, View.LISTED)).toList())).build();
    }

    private StructValue updateRole(OperationContext context, StructValue input) {
        Identity role = authorizedRole(context, input, "iam:UpdateRole");
        OptionalInt maxSession = input.optionalInt("MaxSessionDuration");
        if (maxSession.isPresent()) {
            ServiceLinkedRoleOperations.requireModifiable(role); // a service-linked role's description may change
        }
        details(context.snapshot(), role);
        roles.update(role, input.optionalString("Description"), maxSession);
        return StructValue.EMPTY;
    }

    private StructValue updateDescription(OperationContext context, StructValue input) {
        Identity role = authorizedRole(context, input, "iam:UpdateRoleDescription");
        RoleDetails details = details(context.snapshot(), role);
        String description = input.string("Description");
        roles.update(role, Optional.of(description), OptionalInt.empty());
        RoleDetails updated = new RoleDetails(details.trust(), Optional.of(description), details.maxSessionDuration());
        return StructValue.builder().put("Role", role(role, updated, context.snapshot(), View.FULL,
                usage.lastUsed(role.uniqueId()))).build();
    }

    private StructValue updateTrust(OperationContext context, StructValue input) {
        Identity role = authorizedRole(context, input, "iam:UpdateAssumeRolePolicy");
        ServiceLinkedRoleOperations.requireModifiable(role);
        details(context.snapshot(), role);
        String trust = input.string("PolicyDocument");
        TrustPolicies.validate(trust, context.snapshot());
        roles.updateTrust(role, trust);
        return StructValue.EMPTY;
    }

    private StructValue deleteRole(OperationContext context, StructValue input) {
        Identity role = authorizedRole(context, input, "iam:DeleteRole");
        ServiceLinkedRoleOperations.requireModifiable(role);
        roles.delete(role);
        return StructValue.EMPTY;
    }

    private Identity authorizedRole(OperationContext context, StructValue input, String action) {
        return IamResources.authorizedPrincipal(context.snapshot(), context, IdentityKind.ROLE, input.string("RoleName"),
                authorizer, action, Map.of());
    }

    private static RoleDetails details(IdentitySnapshot snapshot, Identity role) {
        return snapshot.role(role.uniqueId()).orElseThrow(() -> IamErrors.noSuchRole(role.name()));
    }

    /** Which attributes a response carries: IAM's calls each show a different subset (§5.5). */
    enum View {
        /** CreateRole: no MaxSessionDuration, no RoleLastUsed. */
        CREATED,
        /** ListRoles: no PermissionsBoundary, RoleLastUsed or Tags. */
        LISTED,
        /** GetRole and UpdateRoleDescription: everything. */
        FULL
    }

    static StructValue role(Identity role, IdentitySnapshot snapshot, View view) {
        return role(role, details(snapshot, role), snapshot, view, Optional.empty());
    }

    private static StructValue role(Identity role, IdentitySnapshot snapshot, View view, Optional<LastUsed> lastUsed) {
        return role(role, details(snapshot, role), snapshot, view, lastUsed);
    }

    /** The {@code Role} shape; {@code lastUsed} fills {@code RoleLastUsed} in the full view. */
    private static StructValue role(Identity role, RoleDetails details, IdentitySnapshot snapshot, View view,
            Optional<LastUsed> lastUsed) {
        StructValue.Builder out = StructValue.builder()
                .put("Path", role.path())
                .put("RoleName", role.name())
                .put("RoleId", role.uniqueId())
                .put("Arn", role.arn())
                .put("CreateDate", role.createdAt())
                .put("AssumeRolePolicyDocument", details.trust().text());
        details.description().ifPresent(d -> out.put("Description", d));
        if (view != View.CREATED) {
            out.put("MaxSessionDuration", details.maxSessionDuration());
        }
        if (view != View.LISTED) {
            snapshot.boundaryArn(role.uniqueId()).ifPresent(b -> out.put("PermissionsBoundary", StructValue.builder()
                    .put("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .put("PermissionsBoundaryArn", b).build()));
            List<Tag> tags = snapshot.tags(role.uniqueId());
            if (!tags.isEmpty()) {
                out.putList("Tags", Tags.output(tags));
            }
        }
        if (view == View.FULL) {
            out.put("RoleLastUsed", lastUsed.map(u -> StructValue.builder().put("LastUsedDate", u.at())
                    .put("Region", u.region()).build()).orElse(StructValue.EMPTY));
        }
        return out.build();
    }
}
