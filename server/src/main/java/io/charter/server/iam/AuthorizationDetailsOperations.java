package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.InstanceProfiles;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GetAccountAuthorizationDetails: every user, group and role of the caller's account with their
 * policies, and the managed policies in the account (customer managed ones, and the AWS managed
 * ones attached to something here) with all their versions — one snapshot, one consistent picture.
 * Pages run over the combined list in the order users, groups, roles, policies.
 */
public final class AuthorizationDetailsOperations {
    private final InstanceProfiles profiles;
    private final Authorizer authorizer;
    private final ResultShapes shapes;

    public AuthorizationDetailsOperations(Domain domain, Authorizer authorizer, ResultShapes shapes) {
        this.shapes = shapes;
        this.profiles = domain.instanceProfiles();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(Operation.of("GetAccountAuthorizationDetails", this::details));
    }

    /** One element of the combined list, with the output list it belongs to. */
    private record Entry(String list, StructValue value) {
    }

    private StructValue details(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:GetAccountAuthorizationDetails", "*", Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String account = context.caller().accountId();
        Set<String> filter = input.optionalList("Filter").isPresent() && !input.list("Filter").isEmpty()
                ? new HashSet<>(input.stringList("Filter")) : Set.of("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy");
        List<Entry> all = new ArrayList<>();
        List<Identity> principals = snapshot.allPrincipals().stream().filter(p -> p.accountId().equals(account))
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT))).toList();
        if (filter.contains("User")) {
            principals.stream().filter(p -> p.kind() == IdentityKind.USER)
                    .forEach(u -> all.add(new Entry("UserDetailList", user(u, snapshot))));
        }
        if (filter.contains("Group")) {
            snapshot.groups().inAccount(account).stream()
                    .sorted(Comparator.comparing((Group g) -> g.name().toLowerCase(Locale.ROOT)))
                    .forEach(g -> all.add(new Entry("GroupDetailList", group(g, snapshot))));
        }
        if (filter.contains("Role")) {
            Map<String, List<StructValue>> profiles = instanceProfilesByRole(account, snapshot);
            principals.stream().filter(p -> p.kind() == IdentityKind.ROLE)
                    .forEach(r -> all.add(new Entry("RoleDetailList", role(r, snapshot,
                            profiles.getOrDefault(r.uniqueId(), List.of())))));
        }
        Set<String> attachedHere = new HashSet<>();
        principals.forEach(p -> attachedHere.addAll(snapshot.attachedPolicies(p.uniqueId())));
        snapshot.groups().inAccount(account).forEach(g -> attachedHere.addAll(snapshot.attachedPolicies(g.groupId())));
        PolicyUsage counts = PolicyUsage.of(snapshot, account);
        snapshot.managedPolicies().values().stream()
                .filter(p -> p.awsManaged() ? filter.contains("AWSManagedPolicy") && attachedHere.contains(p.arn())
                        : filter.contains("LocalManagedPolicy") && p.accountId().orElseThrow().equals(account))
                .sorted(Comparator.comparing((ManagedPolicy p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(ManagedPolicy::arn))
                .forEach(p -> all.add(new Entry("Policies", policy(p, counts))));

        Page<Entry> page = Page.of(all, input);
        StructValue.Builder out = StructValue.builder();
        for (String list : List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")) {
            out.putList(list, page.items().stream().filter(e -> e.list().equals(list)).map(Entry::value).toList());
        }
        return page.addTo(out).build();
    }

    private static StructValue user(Identity user, IdentitySnapshot snapshot) {
        StructValue.Builder out = StructValue.builder()
                .put("Path", user.path()).put("UserName", user.name()).put("UserId", user.uniqueId())
                .put("Arn", user.arn()).put("CreateDate", user.createdAt())
                .putList("UserPolicyList", inline(snapshot.inlinePolicies(user.uniqueId())))
                .putStrings("GroupList", snapshot.groups().groupsOf(user.uniqueId()).stream().map(Group::name).toList())
                .putList("AttachedManagedPolicies", attached(snapshot, user.uniqueId()));
        boundary(snapshot, user.uniqueId()).ifPresent(b -> out.put("PermissionsBoundary", b));
        tags(snapshot, user.uniqueId()).ifPresent(t -> out.putList("Tags", t));
        return out.build();
    }

    private static StructValue group(Group group, IdentitySnapshot snapshot) {
        return StructValue.builder()
                .put("Path", group.path()).put("GroupName", group.name()).put("GroupId", group.groupId())
                .put("Arn", group.arn()).put("CreateDate", group.createdAt())
                .putList("GroupPolicyList", inline(snapshot.inlinePolicies(group.groupId())))
                .putList("AttachedManagedPolicies", attached(snapshot, group.groupId()))
                .build();
    }

    /** The instance profiles of the account's roles (control-plane state, read from the store once). */
    private Map<String, List<StructValue>> instanceProfilesByRole(String account, IdentitySnapshot snapshot) {
        Map<String, List<StructValue>> byRole = new HashMap<>();
        for (InstanceProfiles.WithRoles profile : profiles.inAccount(account)) {
            StructValue value = InstanceProfileOperations.profile(profile.profile(), profile.roleIds(), snapshot, false,
                    shapes);
            profile.roleIds().forEach(id -> byRole.computeIfAbsent(id, k -> new ArrayList<>()).add(value));
        }
        return byRole;
    }

    private static StructValue role(Identity role, IdentitySnapshot snapshot, List<StructValue> instanceProfiles) {
        StructValue.Builder out = StructValue.builder()
                .put("Path", role.path()).put("RoleName", role.name()).put("RoleId", role.uniqueId())
                .put("Arn", role.arn()).put("CreateDate", role.createdAt());
        snapshot.role(role.uniqueId()).ifPresent(d -> out.put("AssumeRolePolicyDocument", d.trust().text()));
        out.putList("InstanceProfileList", instanceProfiles)
                .putList("RolePolicyList", inline(snapshot.inlinePolicies(role.uniqueId())))
                .putList("AttachedManagedPolicies", attached(snapshot, role.uniqueId()));
        boundary(snapshot, role.uniqueId()).ifPresent(b -> out.put("PermissionsBoundary", b));
        tags(snapshot, role.uniqueId()).ifPresent(t -> out.putList("Tags", t));
        return out.build();
    }

    private static StructValue policy(ManagedPolicy policy, PolicyUsage counts) {
        StructValue.Builder out = StructValue.builder()
                .put("PolicyName", policy.name()).put("PolicyId", policy.policyId()).put("Arn", policy.arn())
                .put("Path", policy.path()).put("DefaultVersionId", policy.defaultVersionId())
                .put("AttachmentCount", counts.attachments(policy.arn()))
                .put("PermissionsBoundaryUsageCount", counts.boundaries(policy.arn()))
                .put("IsAttachable", true);
        if (!policy.description().isEmpty()) {
            out.put("Description", policy.description());
        }
        out.put("CreateDate", policy.createdAt()).put("UpdateDate", policy.updatedAt());
        List<StructValue> versions = new ArrayList<>();
        for (PolicyVersion v : policy.versions()) {
            versions.add(StructValue.builder().put("Document", v.stored().text()).put("VersionId", v.versionId())
                    .put("IsDefaultVersion", v.versionId().equals(policy.defaultVersionId()))
                    .put("CreateDate", v.createdAt()).build());
        }
        return out.putList("PolicyVersionList", versions).build();
    }

    private static List<StructValue> inline(List<InlinePolicy> policies) {
        return policies.stream().map(p -> StructValue.builder().put("PolicyName", p.name())
                .put("PolicyDocument", p.stored().text()).build()).toList();
    }

    private static List<StructValue> attached(IdentitySnapshot snapshot, String entityId) {
        return snapshot.attachedPolicies(entityId).stream().map(arn -> {
            String name = snapshot.managedPolicy(arn).map(ManagedPolicy::name).orElse(arn.substring(arn.lastIndexOf('/') + 1));
            return StructValue.builder().put("PolicyName", name).put("PolicyArn", arn).build();
        }).toList();
    }

    private static Optional<StructValue> boundary(IdentitySnapshot snapshot, String entityId) {
        return snapshot.boundaryArn(entityId).map(b -> StructValue.builder()
                .put("PermissionsBoundaryType", "PermissionsBoundaryPolicy").put("PermissionsBoundaryArn", b).build());
    }

    private static Optional<List<StructValue>> tags(IdentitySnapshot snapshot, String entityId) {
        List<Tag> tags = snapshot.tags(entityId);
        return tags.isEmpty() ? Optional.empty() : Optional.of(Tags.output(tags));
    }
}
