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
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.RoleRepository.RoleRow;
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
    static final int DEFAULT_MAX_SESSION = 3600;

    private final Directory directory;
    private final Authorizer authorizer;
    private final io.charter.server.domain.UsageTracker usage;

    public RoleOperations(Directory directory, Authorizer authorizer, io.charter.server.domain.UsageTracker usage) {
        this.directory = directory;
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
        int maxSession = input.optionalInt("MaxSessionDuration").orElse(DEFAULT_MAX_SESSION);
        Optional<String> boundary = input.optionalString("PermissionsBoundary");
        List<Tag> tags = Tags.from(input, "Tags");
        String arn = IamResources.roleArn(account, path, name);
        Map<String, ContextValue> keys = new HashMap<>(Tags.requestKeys(tags));
        boundary.ifPresent(b -> keys.put("iam:PermissionsBoundary", ContextValue.arn(b)));
        authorizer.authorize(context, "iam:CreateRole", arn, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagRole", arn, keys);
        }
        IdentitySnapshot snapshot = directory.snapshot();
        TrustPolicies.validate(trust, snapshot);
        boundary.ifPresent(b -> IamResources.visiblePolicy(snapshot, context, b)
                .orElseThrow(() -> IamErrors.policyNotAttachable(b)));
        Identity role = directory.write((c, w) -> {
            if (w.identities().findPrincipal(c, account, IdentityKind.ROLE, name).isPresent()) {
                throw IamErrors.roleExists(name);
            }
            Identity p = new Identity(UniqueId.ROLE.mint(directory.random()), account, IdentityKind.ROLE, name, path,
                    context.time());
            w.identities().insertPrincipal(c, p);
            w.roles().insert(c, new RoleRow(p.uniqueId(), trust, description, maxSession));
            w.permissions().replaceTags(c, p.uniqueId(), Tags.rows(p.uniqueId(), tags));
            if (boundary.isPresent()) {
                w.permissions().setBoundary(c, p.uniqueId(), boundary.get());
            }
            return p;
        });
        return StructValue.builder().put("Role", role(role, directory.snapshot(), View.CREATED)).build();
    }

    private StructValue getRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = authorizedRole(snapshot, context, input, "iam:GetRole");
        return StructValue.builder().put("Role", role(role, snapshot, View.FULL, usage.lastUsed(role.uniqueId()))).build();
    }

    private StructValue listRoles(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListRoles", IamResources.roleArn(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = directory.snapshot();
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Identity> roles = snapshot.allPrincipals().stream()
                .filter(p -> p.kind() == IdentityKind.ROLE && p.accountId().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(roles, input);
        return page.addTo(StructValue.builder()
                .putList("Roles", page.items().stream().map(p -> role(p, snapshot, View.LISTED)).toList())).build();
    }

    private StructValue updateRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = authorizedRole(snapshot, context, input, "iam:UpdateRole");
        if (input.optionalInt("MaxSessionDuration").isPresent()) {
            ServiceLinkedRoleOperations.requireModifiable(role); // a service-linked role's description may change
        }
        RoleDetails details = details(snapshot, role);
        Optional<String> description = input.optionalString("Description").or(details::description);
        int maxSession = input.optionalInt("MaxSessionDuration").orElse(details.maxSessionDuration());
        directory.write((c, w) -> {
            w.roles().update(c, new RoleRow(role.uniqueId(), details.trust().text(), description, maxSession));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue updateDescription(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = authorizedRole(snapshot, context, input, "iam:UpdateRoleDescription");
        RoleDetails details = details(snapshot, role);
        String description = input.string("Description");
        directory.write((c, w) -> {
            w.roles().update(c, new RoleRow(role.uniqueId(), details.trust().text(), Optional.of(description),
                    details.maxSessionDuration()));
            return null;
        });
        return StructValue.builder().put("Role", role(role, directory.snapshot(), View.FULL,
                usage.lastUsed(role.uniqueId()))).build();
    }

    private StructValue updateTrust(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = authorizedRole(snapshot, context, input, "iam:UpdateAssumeRolePolicy");
        ServiceLinkedRoleOperations.requireModifiable(role);
        RoleDetails details = details(snapshot, role);
        String trust = input.string("PolicyDocument");
        TrustPolicies.validate(trust, snapshot);
        directory.write((c, w) -> {
            w.roles().update(c, new RoleRow(role.uniqueId(), trust, details.description(), details.maxSessionDuration()));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue deleteRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = authorizedRole(snapshot, context, input, "iam:DeleteRole");
        ServiceLinkedRoleOperations.requireModifiable(role);
        if (!snapshot.inlinePolicies(role.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
        }
        if (!snapshot.attachedPolicies(role.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
        }
        directory.write((c, w) -> {
            delete(c, w, role);
            return null;
        });
        return StructValue.EMPTY;
    }

    /**
     * Deletes a role and what hangs off it on the caller's transaction; a role still in an instance
     * profile is refused ({@code DeleteConflict}), as the store's references require.
     */
    static void delete(java.sql.Connection c, io.charter.server.domain.Directory.Writes w, Identity role)
            throws java.sql.SQLException {
        if (!w.instanceProfiles().profilesOf(c, role.uniqueId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must remove roles from instance profile first.");
        }
        w.permissions().deleteEntity(c, role.uniqueId());
        w.roles().delete(c, role.uniqueId());
        w.identities().deletePrincipal(c, role.uniqueId());
    }

    private Identity authorizedRole(IdentitySnapshot snapshot, OperationContext context, StructValue input, String action) {
        return IamResources.authorizedPrincipal(snapshot, context, IdentityKind.ROLE, input.string("RoleName"),
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
        return role(role, snapshot, view, Optional.empty());
    }

    /** The {@code Role} shape; {@code lastUsed} fills {@code RoleLastUsed} in the full view. */
    static StructValue role(Identity role, IdentitySnapshot snapshot, View view,
            Optional<io.charter.server.identity.LastUsed> lastUsed) {
        RoleDetails details = details(snapshot, role);
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
