package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.UniqueId;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * IAM groups and their members: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup,
 * AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. A group's policies count for each of its
 * members ({@link IdentitySnapshot#identityPolicies}).
 */
public final class GroupOperations {
    /** Groups one user may belong to (AWS's fixed quota). */
    static final int MAX_GROUPS_PER_USER = 10;
    /** Groups in one account (AWS's default quota). */
    static final int MAX_GROUPS_PER_ACCOUNT = 300;
    /** IAM lists groups by name. */
    private static final Comparator<Group> BY_NAME = Comparator.comparing(g -> g.name().toLowerCase(Locale.ROOT));

    private final Directory directory;
    private final Authorizer authorizer;

    public GroupOperations(Domain domain, Authorizer authorizer) {
        this.directory = domain.directory();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateGroup", this::createGroup),
                Operation.of("GetGroup", this::getGroup),
                Operation.of("ListGroups", this::listGroups),
                Operation.of("UpdateGroup", this::updateGroup),
                Operation.of("DeleteGroup", this::deleteGroup),
                Operation.of("AddUserToGroup", this::addUser),
                Operation.of("RemoveUserFromGroup", this::removeUser),
                Operation.of("ListGroupsForUser", this::listGroupsForUser));
    }

    private StructValue createGroup(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("GroupName");
        String path = input.optionalString("Path").orElse("/");
        authorizer.authorize(context, "iam:CreateGroup", IamResources.groupArn(account, path, name), Map.of());
        Group group = directory.write((c, w) -> {
            if (w.groups().findGroup(c, account, name).isPresent()) {
                throw IamErrors.groupExists(name);
            }
            if (w.groups().countGroups(c, account) >= MAX_GROUPS_PER_ACCOUNT) {
                throw IamErrors.limit("GroupsPerAccount", MAX_GROUPS_PER_ACCOUNT);
            }
            Group g = new Group(UniqueId.GROUP.mint(directory.random()), account, name, path, context.time());
            w.groups().insertGroup(c, g);
            return g;
        });
        return StructValue.builder().put("Group", group(group)).build();
    }

    private StructValue getGroup(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:GetGroup", Map.of());
        List<Identity> users = snapshot.groups().membersOf(group.groupId()).stream()
                .map(snapshot.principals()::get)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        Page<Identity> page = Page.of(users, input);
        return page.addTo(StructValue.builder()
                .put("Group", group(group))
                .putList("Users", page.items().stream().map(p -> UserOperations.user(p, snapshot, false)).toList()))
                .build();
    }

    private StructValue listGroups(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListGroups", IamResources.groupArn(account, "/", ""), Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Group> groups = directory.snapshot().groups().inAccount(account).stream()
                .filter(g -> g.path().startsWith(prefix))
                .sorted(BY_NAME)
                .toList();
        return page(groups, input);
    }

    private StructValue updateGroup(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:UpdateGroup", Map.of());
        String newName = input.optionalString("NewGroupName").orElse(group.name());
        String newPath = input.optionalString("NewPath").orElse(group.path());
        if (!newName.equals(group.name()) || !newPath.equals(group.path())) {
            // As for UpdateUser: the caller needs the permission on the old and on the new name.
            authorizer.authorize(context, "iam:UpdateGroup",
                    IamResources.groupArn(group.accountId(), newPath, newName), Map.of());
        }
        directory.write((c, w) -> {
            w.groups().findGroup(c, group.accountId(), newName)
                    .filter(other -> !other.groupId().equals(group.groupId()))
                    .ifPresent(other -> {
                        throw IamErrors.groupExists(newName);
                    });
            w.groups().updateGroup(c, group.groupId(), newName, newPath);
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue deleteGroup(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:DeleteGroup", Map.of());
        if (!snapshot.groups().membersOf(group.groupId()).isEmpty()) {
            throw membersConflict();
        }
        if (!snapshot.inlinePolicies(group.groupId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must delete policies first.");
        }
        if (!snapshot.attachedPolicies(group.groupId()).isEmpty()) {
            throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
        }
        directory.write((c, w) -> {
            // Checked again in the transaction: a user added meanwhile must not be left in no group.
            if (w.groups().countMembers(c, group.groupId()) > 0) {
                throw membersConflict();
            }
            w.permissions().deleteEntity(c, group.groupId());
            w.groups().deleteGroup(c, group.groupId());
            return null;
        });
        return StructValue.EMPTY;
    }

    private static ServiceException membersConflict() {
        return IamErrors.conflict("Cannot delete entity, must remove users from group first.");
    }

    private StructValue addUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:AddUserToGroup", Map.of());
        Identity user = IamResources.user(snapshot, context, input.string("UserName"));
        directory.write((c, w) -> {
            if (w.groups().isMember(c, group.groupId(), user.uniqueId())) {
                return null; // adding again changes nothing, as in AWS
            }
            if (w.groups().countMemberships(c, user.uniqueId()) >= MAX_GROUPS_PER_USER) {
                throw IamErrors.limit("GroupsPerUser", MAX_GROUPS_PER_USER);
            }
            w.groups().addMember(c, group.groupId(), user.uniqueId(), context.time());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue removeUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:RemoveUserFromGroup", Map.of());
        Identity user = IamResources.user(snapshot, context, input.string("UserName"));
        // Removing a user that is not a member succeeds and changes nothing, as observed of AWS.
        directory.write((c, w) -> w.groups().removeMember(c, group.groupId(), user.uniqueId()));
        return StructValue.EMPTY;
    }

    private StructValue listGroupsForUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:ListGroupsForUser", Map.of());
        List<Group> groups = snapshot.groups().groupsOf(user.uniqueId()).stream().sorted(BY_NAME).toList();
        return page(groups, input);
    }

    private static StructValue page(List<Group> groups, StructValue input) {
        Page<Group> page = Page.of(groups, input);
        return page.addTo(StructValue.builder()
                .putList("Groups", page.items().stream().map(GroupOperations::group).toList())).build();
    }

    /** The {@code Group} shape. */
    static StructValue group(Group group) {
        return StructValue.builder()
                .put("Path", group.path())
                .put("GroupName", group.name())
                .put("GroupId", group.groupId())
                .put("Arn", group.arn())
                .put("CreateDate", group.createdAt())
                .build();
    }
}
