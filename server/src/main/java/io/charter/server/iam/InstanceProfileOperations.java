package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityTags;
import io.charter.server.domain.InstanceProfiles;
import io.charter.server.domain.TagTarget;
import io.charter.server.domain.Written;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
 * DeleteInstanceProfile, AddRoleToInstanceProfile (which, as in AWS, also needs
 * {@code iam:PassRole} on the role), RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole,
 * TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags. A profile holds at most one
 * role. They are control-plane state read from the store ({@link InstanceProfiles}): no request
 * path reads them.
 */
public final class InstanceProfileOperations {
    private final InstanceProfiles profiles;
    private final EntityTags tags;
    private final Authorizer authorizer;
    private final ResultShapes shapes;

    public InstanceProfileOperations(Domain domain, Authorizer authorizer, ResultShapes shapes) {
        this.shapes = shapes;
        this.profiles = domain.instanceProfiles();
        this.tags = domain.tags();
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
        List<Tag> added = Tags.from(input, "Tags");
        String arn = Arns.instanceProfile(account, path, name);
        authorizer.authorize(context, "iam:CreateInstanceProfile", arn, Tags.requestKeys(added));
        if (!added.isEmpty()) {
            authorizer.authorize(context, "iam:TagInstanceProfile", arn, Tags.requestKeys(added));
        }
        Written<InstanceProfile> created = profiles.create(
                new InstanceProfiles.NewProfile(account, name, path, added), context.time());
        return StructValue.builder()
                .put("InstanceProfile", profile(created.value(), List.of(), created.snapshot(), true, shapes)).build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        InstanceProfile profile = authorizedProfile(context, input, "iam:GetInstanceProfile");
        return StructValue.builder()
                .put("InstanceProfile", profile(profile, profiles.roleIds(profile), context.snapshot(), true, shapes)).build();
    }

    private StructValue list(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListInstanceProfiles", Arns.instanceProfile(account, "/", ""), Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        return page(profiles.inAccount(account).stream().filter(p -> p.profile().path().startsWith(prefix)).toList(),
                input, context.snapshot());
    }

    private StructValue delete(OperationContext context, StructValue input) {
        profiles.delete(authorizedProfile(context, input, "iam:DeleteInstanceProfile"));
        return StructValue.EMPTY;
    }

    private StructValue addRole(OperationContext context, StructValue input) {
        InstanceProfile profile = authorizedProfile(context, input, "iam:AddRoleToInstanceProfile");
        Identity role = IamResources.authorizedPrincipal(context.snapshot(), context, IdentityKind.ROLE,
                input.string("RoleName"), authorizer, "iam:PassRole", Map.of());
        profiles.addRole(profile, role);
        return StructValue.EMPTY;
    }

    private StructValue removeRole(OperationContext context, StructValue input) {
        InstanceProfile profile = authorizedProfile(context, input, "iam:RemoveRoleFromInstanceProfile");
        String roleName = input.string("RoleName");
        Identity role = IamResources.principalOrMissing(context.snapshot(), context, IdentityKind.ROLE, roleName);
        profiles.removeRole(profile, role, roleName);
        return StructValue.EMPTY;
    }

    private StructValue listForRole(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity role = IamResources.authorizedPrincipal(snapshot, context, IdentityKind.ROLE, input.string("RoleName"),
                authorizer, "iam:ListInstanceProfilesForRole", Map.of());
        return page(profiles.holding(role), input, snapshot);
    }

    private StructValue tag(OperationContext context, StructValue input) {
        List<Tag> added = Tags.from(input, "Tags");
        InstanceProfile profile = authorizedProfile(context, input, "iam:TagInstanceProfile", Tags.requestKeys(added));
        tags.tag(TagTarget.instanceProfile(profile.profileId(), profile.name()), added);
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        List<String> keys = input.stringList("TagKeys");
        InstanceProfile profile = authorizedProfile(context, input, "iam:UntagInstanceProfile",
                Map.of("aws:TagKeys", ContextValue.strings(keys)));
        tags.untag(TagTarget.instanceProfile(profile.profileId(), profile.name()), keys);
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        InstanceProfile profile = authorizedProfile(context, input, "iam:ListInstanceProfileTags");
        Page<Tag> page = Page.of(context.snapshot().tags(profile.profileId()), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    private InstanceProfile authorizedProfile(OperationContext context, StructValue input, String action) {
        return authorizedProfile(context, input, action, Map.of());
    }

    /** Authorizes before revealing whether the profile exists, as for users and roles. */
    private InstanceProfile authorizedProfile(OperationContext context, StructValue input, String action,
            Map<String, ContextValue> keys) {
        String account = context.caller().accountId();
        String name = input.string("InstanceProfileName");
        Optional<InstanceProfile> profile = profiles.find(account, name);
        authorizer.authorize(context, action,
                profile.map(InstanceProfile::arn).orElse(Arns.instanceProfile(account, "/", name)), keys);
        return profile.orElseThrow(() -> IamErrors.noSuchInstanceProfile(name));
    }

    /** A page of listed profiles, without their tags as IAM's List calls give them. */
    private StructValue page(List<InstanceProfiles.WithRoles> found, StructValue input, IdentitySnapshot snapshot) {
        Page<InstanceProfiles.WithRoles> page = Page.of(found, input);
        return page.addTo(StructValue.builder().putList("InstanceProfiles", page.items().stream()
                .map(p -> profile(p.profile(), p.roleIds(), snapshot, false, shapes)).toList())).build();
    }

    /** The {@code InstanceProfile} shape, its roles as the snapshot has them. */
    static StructValue profile(InstanceProfile profile, List<String> roleIds, IdentitySnapshot snapshot,
            boolean withTags, ResultShapes shapes) {
        StructValue.Builder out = StructValue.builder()
                .put("Path", profile.path())
                .put("InstanceProfileName", profile.name())
                .put("InstanceProfileId", profile.profileId())
                .put("Arn", profile.arn())
                .put("CreateDate", profile.createdAt())
                .putList("Roles", roleIds.stream().map(snapshot.principals()::get).filter(Objects::nonNull)
                        .map(r -> shapes.role(RoleOperations.role(r, snapshot, RoleOperations.View.LISTED))).toList());
        List<Tag> profileTags = snapshot.tags(profile.profileId());
        if (withTags && !profileTags.isEmpty()) {
            out.putList("Tags", Tags.output(profileTags));
        }
        return out.build();
    }
}
