package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Groups;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
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
    /** IAM lists groups by name. */
    private static final Comparator<Group> BY_NAME = Comparator.comparing(g -> g.name().toLowerCase(Locale.ROOT));

    private final Groups groups;
    private final Authorizer authorizer;
    private final ResultShapes shapes;

    public GroupOperations(Domain domain, Authorizer authorizer, ResultShapes shapes) {
        this.shapes = shapes;
        this.groups = domain.groups();
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
        authorizer.authorize(context, "iam:CreateGroup", Arns.group(account, path, name), Map.of());
        Group group = groups.create(account, name, path, context.time());
        return StructValue.builder().put("Group", group(group)).build();
    }

    private StructValue getGroup(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
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
                .putList("Users", page.items().stream().map(p -> shapes.user(UserOperations.user(p, snapshot, false))).toList()))
                .build();
    }

    private StructValue listGroups(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListGroups", Arns.group(account, "/", ""), Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<Group> found = context.snapshot().groups().inAccount(account).stream()
                .filter(g -> g.path().startsWith(prefix))
                .sorted(BY_NAME)
                .toList();
        return page(found, input);
    }

    private StructValue updateGroup(OperationContext context, StructValue input) {
        Group group = authorizedGroup(context, input, "iam:UpdateGroup");
        String newName = input.optionalString("NewGroupName").orElse(group.name());
        String newPath = input.optionalString("NewPath").orElse(group.path());
        if (!newName.equals(group.name()) || !newPath.equals(group.path())) {
            // As for UpdateUser: the caller needs the permission on the old and on the new name.
            authorizer.authorize(context, "iam:UpdateGroup", Arns.group(group.accountId(), newPath, newName), Map.of());
        }
        groups.update(group, newName, newPath);
        return StructValue.EMPTY;
    }

    private StructValue deleteGroup(OperationContext context, StructValue input) {
        groups.delete(authorizedGroup(context, input, "iam:DeleteGroup"));
        return StructValue.EMPTY;
    }

    private StructValue addUser(OperationContext context, StructValue input) {
        Group group = authorizedGroup(context, input, "iam:AddUserToGroup");
        Identity user = IamResources.user(context.snapshot(), context, input.string("UserName"));
        groups.addUser(group, user, context.time());
        return StructValue.EMPTY;
    }

    private StructValue removeUser(OperationContext context, StructValue input) {
        Group group = authorizedGroup(context, input, "iam:RemoveUserFromGroup");
        Identity user = IamResources.user(context.snapshot(), context, input.string("UserName"));
        groups.removeUser(group, user);
        return StructValue.EMPTY;
    }

    private StructValue listGroupsForUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:ListGroupsForUser", Map.of());
        return page(snapshot.groups().groupsOf(user.uniqueId()).stream().sorted(BY_NAME).toList(), input);
    }

    /** Authorizes {@code action} on the named group before revealing whether it exists, then returns it. */
    private Group authorizedGroup(OperationContext context, StructValue input, String action) {
        return IamResources.authorizedGroup(context.snapshot(), context, input.string("GroupName"), authorizer, action,
                Map.of());
    }

    private static StructValue page(List<Group> found, StructValue input) {
        Page<Group> page = Page.of(found, input);
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
