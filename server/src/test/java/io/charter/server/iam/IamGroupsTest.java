package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * IAM groups over the AWS SDK for Java v2: the life cycle, membership, attached and inline group
 * policies counting for every member, AWS's quotas, delete conflicts, pagination, and
 * authorization that reveals nothing about groups the caller may not see.
 */
class IamGroupsTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;

    private static TestServer server;
    private static IamClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootIam();
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    private static String denied(String user, String action, String resource) {
        return "User: arn:aws:iam::" + ACCOUNT + ":user/" + user + " is not authorized to perform: " + action
                + " on resource: " + resource + " because no identity-based policy allows the " + action + " action";
    }

    private static List<String> groupNames(List<Group> groups) {
        return groups.stream().map(Group::groupName).toList();
    }

    @Test
    void groupsAreCreatedReadListedRenamedAndDeleted() {
        Instant beforeCreate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Group created = root.createGroup(r -> r.groupName("Admins").path("/ops/")).group();
        assertEquals("arn:aws:iam::" + ACCOUNT + ":group/ops/Admins", created.arn());
        assertEquals("/ops/", created.path());
        assertTrue(created.groupId().matches("AGPA[A-Z2-7]{17}"), created.groupId());
        assertFalse(created.createDate().isBefore(beforeCreate) || created.createDate().isAfter(Instant.now()),
                created.createDate() + " is the time of creation");
        root.createGroup(r -> r.groupName("Readers"));

        iamFails("EntityAlreadyExists", 409, "Group with name ADMINS already exists.",
                () -> root.createGroup(r -> r.groupName("ADMINS")));
        iamFails("ValidationError", 400, null, () -> root.createGroup(r -> r.groupName("no spaces")));
        iamFails("NoSuchEntity", 404, "The group with name Nobody cannot be found.",
                () -> root.getGroup(r -> r.groupName("Nobody")));

        GetGroupResponse read = root.getGroup(r -> r.groupName("admins"));
        assertEquals(created.groupId(), read.group().groupId());
        assertEquals("Admins", read.group().groupName());
        assertTrue(read.users().isEmpty());
        assertFalse(read.isTruncated());
        assertEquals(List.of("Admins"), groupNames(root.listGroups(r -> r.pathPrefix("/ops/")).groups()));
        assertTrue(groupNames(root.listGroups().groups()).containsAll(List.of("Admins", "Readers")));

        root.createUser(r -> r.userName("member1"));
        root.addUserToGroup(r -> r.groupName("Admins").userName("member1"));
        root.addUserToGroup(r -> r.groupName("Admins").userName("member1")); // again: no change
        root.addUserToGroup(r -> r.groupName("Readers").userName("member1"));
        iamFails("NoSuchEntity", 404, "The user with name ghost cannot be found.",
                () -> root.addUserToGroup(r -> r.groupName("Admins").userName("ghost")));
        assertEquals(List.of("member1"), root.getGroup(r -> r.groupName("Admins")).users().stream()
                .map(User::userName).toList());
        assertEquals(List.of("Admins", "Readers"), groupNames(root.listGroupsForUser(r -> r.userName("member1")).groups()));

        iamFails("EntityAlreadyExists", 409, "Group with name readers already exists.",
                () -> root.updateGroup(r -> r.groupName("Admins").newGroupName("readers")));
        root.updateGroup(r -> r.groupName("Admins").newGroupName("Operators").newPath("/team/"));
        iamFails("NoSuchEntity", 404, "The group with name Admins cannot be found.",
                () -> root.getGroup(r -> r.groupName("Admins")));
        Group renamed = root.getGroup(r -> r.groupName("Operators")).group();
        assertEquals(created.groupId(), renamed.groupId(), "renaming keeps the unique id");
        assertEquals("arn:aws:iam::" + ACCOUNT + ":group/team/Operators", renamed.arn());
        assertEquals(List.of("member1"), root.getGroup(r -> r.groupName("Operators")).users().stream()
                .map(User::userName).toList(), "members stay");

        root.removeUserFromGroup(r -> r.groupName("Operators").userName("member1"));
        root.removeUserFromGroup(r -> r.groupName("Readers").userName("member1"));
        assertTrue(root.listGroupsForUser(r -> r.userName("member1")).groups().isEmpty());
        root.deleteGroup(r -> r.groupName("Operators"));
        root.deleteGroup(r -> r.groupName("readers"));
        iamFails("NoSuchEntity", 404, "The group with name Operators cannot be found.",
                () -> root.deleteGroup(r -> r.groupName("Operators")));
        root.deleteUser(r -> r.userName("member1"));
    }

    @Test
    void aPolicyAttachedToAGroupCountsForItsMembersOnly() {
        try (IamClient ann = server.iam(server.userWithKey("ann", null))) {
            String listUsersDenied = denied("ann", "iam:ListUsers", "arn:aws:iam::" + ACCOUNT + ":user/");
            iamFails("AccessDenied", 403, listUsersDenied, ann::listUsers);

            String arn = root.createPolicy(r -> r.policyName("GroupReadUsers").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}"))).policy().arn();
            root.createGroup(r -> r.groupName("UserReaders"));
            root.attachGroupPolicy(r -> r.groupName("UserReaders").policyArn(arn));
            root.attachGroupPolicy(r -> r.groupName("UserReaders").policyArn(arn)); // again: no change
            assertEquals(List.of(arn), root.listAttachedGroupPolicies(r -> r.groupName("UserReaders")).attachedPolicies()
                    .stream().map(p -> p.policyArn()).toList());
            assertEquals(1, root.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount());
            iamFails("AccessDenied", 403, listUsersDenied, ann::listUsers);

            root.addUserToGroup(r -> r.groupName("UserReaders").userName("ann"));
            assertTrue(ann.listUsers().users().stream().anyMatch(u -> u.userName().equals("ann")));
            iamFails("AccessDenied", 403, null, () -> ann.createUser(r -> r.userName("not-by-ann")));

            root.removeUserFromGroup(r -> r.groupName("UserReaders").userName("ann"));
            iamFails("AccessDenied", 403, listUsersDenied, ann::listUsers);

            // A policy attached to a group cannot be deleted; detaching twice is NoSuchEntity.
            iamFails("DeleteConflict", 409, null, () -> root.deletePolicy(r -> r.policyArn(arn)));
            root.detachGroupPolicy(r -> r.groupName("UserReaders").policyArn(arn));
            iamFails("NoSuchEntity", 404, "Policy " + arn + " was not found.",
                    () -> root.detachGroupPolicy(r -> r.groupName("UserReaders").policyArn(arn)));
            root.deletePolicy(r -> r.policyArn(arn));
            iamFails("NoSuchEntity", 404, "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
                    () -> root.attachGroupPolicy(r -> r.groupName("UserReaders")
                            .policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")));
        }
    }

    @Test
    void aGroupHasAtMostTenManagedPolicies() {
        root.createGroup(r -> r.groupName("Crowded"));
        for (int i = 0; i < 10; i++) {
            int n = i;
            String arn = root.createPolicy(r -> r.policyName("crowd" + n).policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}"))).policy().arn();
            root.attachGroupPolicy(r -> r.groupName("Crowded").policyArn(arn));
        }
        iamFails("LimitExceeded", 409, "Cannot exceed quota for PoliciesPerGroup: 10", () -> root.attachGroupPolicy(
                r -> r.groupName("Crowded").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")));
        var page = root.listAttachedGroupPolicies(r -> r.groupName("Crowded").maxItems(4));
        assertTrue(page.isTruncated());
        assertEquals(10, root.listAttachedGroupPoliciesPaginator(r -> r.groupName("Crowded").maxItems(4))
                .attachedPolicies().stream().count());
    }

    @Test
    void inlineGroupPoliciesCountForMembers() {
        String allowGet = policy("{\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\",\"iam:ListGroupsForUser\"],"
                + "\"Resource\":\"*\"}");
        root.createGroup(r -> r.groupName("Inliners"));
        root.putGroupPolicy(r -> r.groupName("Inliners").policyName("AllowGet").policyDocument(allowGet));
        var got = root.getGroupPolicy(r -> r.groupName("inliners").policyName("allowget"));
        assertEquals("Inliners", got.groupName());
        assertEquals("AllowGet", got.policyName());
        assertEquals(allowGet, URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8), "the document as written");
        assertEquals(List.of("AllowGet"), root.listGroupPolicies(r -> r.groupName("Inliners")).policyNames());
        iamFails("NoSuchEntity", 404, "The group policy with name Other cannot be found.",
                () -> root.getGroupPolicy(r -> r.groupName("Inliners").policyName("Other")));
        iamFails("MalformedPolicyDocument", 400, null, () -> root.putGroupPolicy(r -> r.groupName("Inliners")
                .policyName("Bad").policyDocument("{not json")));

        try (IamClient bob = server.iam(server.userWithKey("bob", null))) {
            iamFails("AccessDenied", 403, null, () -> bob.getUser(r -> r.userName("bob")));
            root.addUserToGroup(r -> r.groupName("Inliners").userName("bob"));
            assertEquals("bob", bob.getUser().user().userName());
            assertEquals(List.of("Inliners"), groupNames(bob.listGroupsForUser(r -> r.userName("bob")).groups()));

            // An explicit deny in a group's policy wins over an allow in the user's own.
            root.putUserPolicy(r -> r.userName("bob").policyName("AllowAllIam").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}")));
            bob.listUsers();
            root.putGroupPolicy(r -> r.groupName("Inliners").policyName("NoList").policyDocument(policy(
                    "{\"Effect\":\"Deny\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}")));
            IamException explicit = iamFails("AccessDenied", 403, null, bob::listUsers);
            assertTrue(TestServer.awsWording(explicit.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy"),
                    explicit.awsErrorDetails().errorMessage());
            root.deleteGroupPolicy(r -> r.groupName("Inliners").policyName("NoList"));
            bob.listUsers();
            iamFails("NoSuchEntity", 404, "The group policy with name NoList cannot be found.",
                    () -> root.deleteGroupPolicy(r -> r.groupName("Inliners").policyName("NoList")));
        }

        // The aggregate size of a group's inline policies, white space not counted, is at most 5,120.
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}";
        String large = policy((statement + ",").repeat(45) + statement); // about 2,600 characters
        root.putGroupPolicy(r -> r.groupName("Inliners").policyName("Large1").policyDocument(large));
        iamFails("LimitExceeded", 409, "Maximum policy size of 5120 bytes exceeded for group Inliners",
                () -> root.putGroupPolicy(r -> r.groupName("Inliners").policyName("Large2").policyDocument(large)));
        root.putGroupPolicy(r -> r.groupName("Inliners").policyName("LARGE1").policyDocument(large)); // a replacement
        assertEquals(List.of("AllowGet", "LARGE1"), root.listGroupPolicies(r -> r.groupName("Inliners")).policyNames());
    }

    @Test
    void aUserIsInAtMostTenGroups() {
        root.createUser(r -> r.userName("joiner"));
        for (int i = 0; i < 11; i++) {
            int n = i;
            root.createGroup(r -> r.groupName("club" + n));
        }
        for (int i = 0; i < 10; i++) {
            int n = i;
            root.addUserToGroup(r -> r.groupName("club" + n).userName("joiner"));
        }
        root.addUserToGroup(r -> r.groupName("club0").userName("joiner")); // a member already: no change
        iamFails("LimitExceeded", 409, "Cannot exceed quota for GroupsPerUser: 10",
                () -> root.addUserToGroup(r -> r.groupName("club10").userName("joiner")));
        assertEquals(10, root.listGroupsForUser(r -> r.userName("joiner")).groups().size());
        root.removeUserFromGroup(r -> r.groupName("club3").userName("joiner"));
        root.addUserToGroup(r -> r.groupName("club10").userName("joiner"));
        var first = root.listGroupsForUser(r -> r.userName("joiner").maxItems(4));
        assertEquals(List.of("club0", "club1", "club10", "club2"), groupNames(first.groups()));
        assertEquals(10, root.listGroupsForUserPaginator(r -> r.userName("joiner").maxItems(4)).groups().stream().count());
    }

    @Test
    void groupsAndTheirMembersCannotBeDeletedWhileInUse() {
        root.createUser(r -> r.userName("stuck"));
        root.createGroup(r -> r.groupName("Sticky"));
        root.addUserToGroup(r -> r.groupName("Sticky").userName("stuck"));
        iamFails("DeleteConflict", 409, "Cannot delete entity, must remove users from group first.",
                () -> root.deleteGroup(r -> r.groupName("Sticky")));
        iamFails("DeleteConflict", 409, "Cannot delete entity, must remove users from group first.",
                () -> root.deleteUser(r -> r.userName("stuck")));
        root.removeUserFromGroup(r -> r.groupName("Sticky").userName("stuck"));
        root.removeUserFromGroup(r -> r.groupName("Sticky").userName("stuck")); // not a member: no change
        root.deleteUser(r -> r.userName("stuck"));

        root.putGroupPolicy(r -> r.groupName("Sticky").policyName("p").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}")));
        root.attachGroupPolicy(r -> r.groupName("Sticky").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        iamFails("DeleteConflict", 409, "Cannot delete entity, must delete policies first.",
                () -> root.deleteGroup(r -> r.groupName("Sticky")));
        root.deleteGroupPolicy(r -> r.groupName("Sticky").policyName("p"));
        iamFails("DeleteConflict", 409, "Cannot delete entity, must detach all policies first.",
                () -> root.deleteGroup(r -> r.groupName("Sticky")));
        root.detachGroupPolicy(r -> r.groupName("Sticky").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        root.deleteGroup(r -> r.groupName("Sticky"));

        // A new group of the same name is a new group: nothing of the old one carries over.
        String oldId = root.createGroup(r -> r.groupName("Sticky")).group().groupId();
        assertTrue(root.listAttachedGroupPolicies(r -> r.groupName("Sticky")).attachedPolicies().isEmpty());
        root.deleteGroup(r -> r.groupName("Sticky"));
        assertFalse(oldId.equals(root.createGroup(r -> r.groupName("Sticky")).group().groupId()));
    }

    @Test
    void getGroupPaginatesItsUsers() {
        root.createGroup(r -> r.groupName("Many"));
        for (String name : List.of("m4", "m2", "M0", "m3", "m1")) {
            root.createUser(r -> r.userName(name).path("/many/"));
            root.addUserToGroup(r -> r.groupName("Many").userName(name));
        }
        GetGroupResponse first = root.getGroup(r -> r.groupName("Many").maxItems(2));
        assertTrue(first.isTruncated());
        assertEquals("Many", first.group().groupName());
        assertEquals(List.of("M0", "m1"), first.users().stream().map(User::userName).toList());
        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/many/M0", first.users().get(0).arn());
        GetGroupResponse second = root.getGroup(r -> r.groupName("Many").maxItems(2).marker(first.marker()));
        assertEquals(List.of("m2", "m3"), second.users().stream().map(User::userName).toList());
        GetGroupResponse last = root.getGroup(r -> r.groupName("Many").maxItems(2).marker(second.marker()));
        assertFalse(last.isTruncated());
        assertEquals(List.of("m4"), last.users().stream().map(User::userName).toList());
        assertEquals(List.of("M0", "m1", "m2", "m3", "m4"), root.getGroupPaginator(r -> r.groupName("Many").maxItems(2))
                .users().stream().map(User::userName).toList());
        iamFails("InvalidInput", 400, null, () -> root.getGroup(r -> r.groupName("Many").marker("garbage")));

        for (int i = 0; i < 3; i++) {
            int n = i;
            root.createGroup(r -> r.groupName("listed" + n).path("/listed/"));
        }
        var groups = root.listGroups(r -> r.pathPrefix("/listed/").maxItems(2));
        assertTrue(groups.isTruncated());
        assertEquals(List.of("listed0", "listed1"), groupNames(groups.groups()));
        assertEquals(List.of("listed0", "listed1", "listed2"), root.listGroupsPaginator(
                r -> r.pathPrefix("/listed/").maxItems(2)).groups().stream().map(Group::groupName).toList());
    }

    @Test
    void aCallerWithoutPermissionLearnsNothingAboutGroups() {
        root.createGroup(r -> r.groupName("Secret").path("/hidden/"));
        try (IamClient eve = server.iam(server.userWithKey("eve", null))) {
            String groupArn = "arn:aws:iam::" + ACCOUNT + ":group/";
            // A group that does not exist and one that does: both denied, neither revealed.
            iamFails("AccessDenied", 403, denied("eve", "iam:GetGroup", groupArn + "Ghost"),
                    () -> eve.getGroup(r -> r.groupName("Ghost")));
            iamFails("AccessDenied", 403, denied("eve", "iam:GetGroup", groupArn + "hidden/Secret"),
                    () -> eve.getGroup(r -> r.groupName("Secret")));
            iamFails("AccessDenied", 403, denied("eve", "iam:AddUserToGroup", groupArn + "Ghost"),
                    () -> eve.addUserToGroup(r -> r.groupName("Ghost").userName("eve")));
            iamFails("AccessDenied", 403, denied("eve", "iam:DeleteGroup", groupArn + "Ghost"),
                    () -> eve.deleteGroup(r -> r.groupName("Ghost")));
            iamFails("AccessDenied", 403, denied("eve", "iam:PutGroupPolicy", groupArn + "Ghost"),
                    () -> eve.putGroupPolicy(r -> r.groupName("Ghost").policyName("p").policyDocument(policy(
                            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"))));
            iamFails("AccessDenied", 403, denied("eve", "iam:ListGroups", groupArn), eve::listGroups);
            iamFails("AccessDenied", 403, denied("eve", "iam:ListGroupsForUser", "arn:aws:iam::" + ACCOUNT + ":user/nobody"),
                    () -> eve.listGroupsForUser(r -> r.userName("nobody")));
            iamFails("AccessDenied", 403, denied("eve", "iam:CreateGroup", groupArn + "Mine"),
                    () -> eve.createGroup(r -> r.groupName("Mine")));

            // Allowed on groups of one path: a missing group is NoSuchEntity, others still denied.
            root.putUserPolicy(r -> r.userName("eve").policyName("HiddenGroups").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:GetGroup\",\"iam:AddUserToGroup\"],"
                            + "\"Resource\":\"arn:aws:iam::" + ACCOUNT + ":group/*\"}")));
            iamFails("NoSuchEntity", 404, "The group with name Ghost cannot be found.",
                    () -> eve.getGroup(r -> r.groupName("Ghost")));
            assertEquals("Secret", eve.getGroup(r -> r.groupName("Secret")).group().groupName());
            // Joining a group grants nothing beyond the group's policies; it has none.
            eve.addUserToGroup(r -> r.groupName("Secret").userName("eve"));
            iamFails("AccessDenied", 403, null, eve::listGroups);
        }
    }
}
