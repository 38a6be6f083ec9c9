package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.store.InstanceProfileRepository.ProfileRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
 * DeleteInstanceProfile, AddRoleToInstanceProfile (which, as in AWS, also needs
 * {@code iam:PassRole} on the role), RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole,
 * TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags. A profile holds at most one
 * role. They are control-plane state read from the store: no request path reads them.
 */
public final class InstanceProfileOperations {
    static final int MAX_ROLES = 1;

    private final Directory directory;
    private final Authorizer authorizer;

    public InstanceProfileOperations(Domain domain, Authorizer authorizer) {
        this.directory = domain.directory();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateInstanceProfile", this::create),
                Operation.of("GetInstanceProfile", this::get),
                Operation.of("ListInstanceProfiles", this::list),
                Operation.of("DeleteInstanceProfile", this::delete),
                Operation.of("AddRoleToInstanceProfile", this::addRole),
                Operation.of("RemoveRoleFromInstanceProfile", this::removeRole),
                Operation.of("ListInstanceProfilesForRole", this::listForRole),
                Operation.of("TagInstanceProfile", this::tag),
                Operation.of("UntagInstanceProfile", this::untag),
                Operation.of("ListInstanceProfileTags", this::listTags));
    }

    private StructValue create(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("InstanceProfileName");
        String path = input.optionalString("Path").orElse("/");
        List<Tag> tags = Tags.from(input, "Tags");
        String arn = IamResources.instanceProfileArn(account, path, name);
        authorizer.authorize(context, "iam:CreateInstanceProfile", arn, Tags.requestKeys(tags));
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagInstanceProfile", arn, Tags.requestKeys(tags));
        }
        ProfileRow row = new ProfileRow(UniqueId.INSTANCE_PROFILE.mint(directory.random()), account, name, path,
                context.time());
        directory.write((c, w) -> {
            if (w.instanceProfiles().find(c, account, name).isPresent()) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                        "Instance Profile " + name + " already exists.");
            }
            w.instanceProfiles().insert(c, row);
            w.permissions().replaceTags(c, row.profileId(), Tags.rows(row.profileId(), tags));
            return null;
        });
        return StructValue.builder().put("InstanceProfile", profile(row, List.of(), directory.snapshot(), true)).build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        ProfileRow row = authorizedProfile(context, input, "iam:GetInstanceProfile");
        return StructValue.builder().put("InstanceProfile", profile(row, roles(row), directory.snapshot(), true)).build();
    }

    private StructValue list(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListInstanceProfiles", IamResources.instanceProfileArn(account, "/", ""), Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<ProfileRow> rows = directory.read((c, r) -> r.instanceProfiles().list(c, account)).stream()
                .filter(p -> p.path().startsWith(prefix)).toList();
        Page<ProfileRow> page = Page.of(rows, input);
        IdentitySnapshot snapshot = directory.snapshot();
        return page.addTo(StructValue.builder().putList("InstanceProfiles",
                page.items().stream().map(p -> profile(p, roles(p), snapshot, false)).toList())).build();
    }

    private StructValue delete(OperationContext context, StructValue input) {
        ProfileRow row = authorizedProfile(context, input, "iam:DeleteInstanceProfile");
        directory.write((c, w) -> {
            if (!w.instanceProfiles().roles(c, row.profileId()).isEmpty()) {
                throw IamErrors.conflict("Cannot delete entity, must remove roles from instance profile first.");
            }
            w.permissions().replaceTags(c, row.profileId(), List.of());
            w.instanceProfiles().delete(c, row.profileId());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue addRole(OperationContext context, StructValue input) {
        ProfileRow row = authorizedProfile(context, input, "iam:AddRoleToInstanceProfile");
        Identity role = IamResources.authorizedPrincipal(directory.snapshot(), context, IdentityKind.ROLE,
                input.string("RoleName"), authorizer, "iam:PassRole", Map.of());
        directory.write((c, w) -> {
            // A profile holds one role, so adding its own role again exceeds the quota too, as in AWS.
            List<String> roles = w.instanceProfiles().roles(c, row.profileId());
            if (roles.size() >= MAX_ROLES) {
                throw IamErrors.limit("InstanceSessionsPerInstanceProfile", MAX_ROLES);
            }
            w.instanceProfiles().addRole(c, row.profileId(), role.uniqueId());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue removeRole(OperationContext context, StructValue input) {
        ProfileRow row = authorizedProfile(context, input, "iam:RemoveRoleFromInstanceProfile");
        String roleName = input.string("RoleName");
        Identity role = IamResources.principalOrMissing(directory.snapshot(), context, IdentityKind.ROLE, roleName);
        directory.write((c, w) -> {
            if (!w.instanceProfiles().removeRole(c, row.profileId(), role.uniqueId())) {
                throw IamErrors.noSuchRole(roleName);
            }
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue listForRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity role = IamResources.authorizedPrincipal(snapshot, context, IdentityKind.ROLE, input.string("RoleName"),
                authorizer, "iam:ListInstanceProfilesForRole", Map.of());
        List<ProfileRow> rows = directory.read((c, r) -> {
            List<String> ids = r.instanceProfiles().profilesOf(c, role.uniqueId());
            return r.instanceProfiles().list(c, role.accountId()).stream().filter(p -> ids.contains(p.profileId())).toList();
        });
        Page<ProfileRow> page = Page.of(rows, input);
        return page.addTo(StructValue.builder().putList("InstanceProfiles",
                page.items().stream().map(p -> profile(p, roles(p), snapshot, false)).toList())).build();
    }

    private StructValue tag(OperationContext context, StructValue input) {
        List<Tag> added = Tags.from(input, "Tags");
        ProfileRow row = authorizedProfile(context, input, "iam:TagInstanceProfile", Tags.requestKeys(added));
        List<Tag> merged = Tags.merge(directory.snapshot().tags(row.profileId()), added, "TagsPerInstanceProfile");
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, row.profileId(), Tags.rows(row.profileId(), merged));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        List<String> keys = input.stringList("TagKeys");
        ProfileRow row = authorizedProfile(context, input, "iam:UntagInstanceProfile",
                Map.of("aws:TagKeys", io.charter.policy.ContextValue.strings(keys)));
        List<Tag> remaining = Tags.remove(directory.snapshot().tags(row.profileId()), keys);
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, row.profileId(), Tags.rows(row.profileId(), remaining));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        ProfileRow row = authorizedProfile(context, input, "iam:ListInstanceProfileTags");
        Page<Tag> page = Page.of(directory.snapshot().tags(row.profileId()), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    private ProfileRow authorizedProfile(OperationContext context, StructValue input, String action) {
        return authorizedProfile(context, input, action, Map.of());
    }

    /** Authorizes before revealing whether the profile exists, as for users and roles. */
    private ProfileRow authorizedProfile(OperationContext context, StructValue input, String action,
            Map<String, io.charter.policy.ContextValue> keys) {
        String account = context.caller().accountId();
        String name = input.string("InstanceProfileName");
        Optional<ProfileRow> row = directory.read((c, r) -> r.instanceProfiles().find(c, account, name));
        authorizer.authorize(context, action, row.map(ProfileRow::arn).orElse(IamResources.instanceProfileArn(account, "/", name)), keys);
        return row.orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "Instance Profile " + name + " cannot be found."));
    }

    private List<String> roles(ProfileRow row) {
        return directory.read((c, r) -> r.instanceProfiles().roles(c, row.profileId()));
    }

    private static StructValue profile(ProfileRow row, List<String> roleIds, IdentitySnapshot snapshot, boolean withTags) {
        StructValue.Builder out = StructValue.builder()
                .put("Path", row.path())
                .put("InstanceProfileName", row.name())
                .put("InstanceProfileId", row.profileId())
                .put("Arn", row.arn())
                .put("CreateDate", row.createdAt())
                .putList("Roles", roleIds.stream().map(snapshot.principals()::get).filter(java.util.Objects::nonNull)
                        .map(r -> RoleOperations.role(r, snapshot, RoleOperations.View.LISTED)).toList());
        List<Tag> tags = snapshot.tags(row.profileId());
        if (withTags && !tags.isEmpty()) {
            out.putList("Tags", Tags.output(tags));
        }
        return out.build();
    }
}
