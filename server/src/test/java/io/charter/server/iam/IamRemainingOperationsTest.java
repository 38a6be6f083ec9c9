package io.charter.server.iam;

import static io.charter.server.iam.IamUsersAndPoliciesTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Tag;

/** The user, role and instance-profile operations the other suites touch only in passing. */
class IamRemainingOperationsTest {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static TestServer server;
    private static IamClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        NewAccessKey key = server.rootKey();
        root = server.iam(key.accessKeyId(), key.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    @Test
    void updateUserRenamesAndMoves() {
        root.createUser(r -> r.userName("old-name"));
        root.createUser(r -> r.userName("taken"));
        root.updateUser(r -> r.userName("old-name").newUserName("new-name").newPath("/moved/"));
        assertEquals("arn:aws:iam::123456789012:user/moved/new-name", root.getUser(r -> r.userName("new-name")).user().arn());
        fails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("old-name")));
        IamException clash = fails("EntityAlreadyExists", 409, () -> root.updateUser(r -> r.userName("new-name")
                .newUserName("TAKEN")));
        assertEquals("User with name TAKEN already exists.", clash.awsErrorDetails().errorMessage());
        fails("NoSuchEntity", 404, () -> root.updateUser(r -> r.userName("ghost").newUserName("x1")));
    }

    @Test
    void fiftyTagsAtMostOnCreateAndByTagging() {
        List<Tag> fiftyOne = java.util.stream.IntStream.rangeClosed(1, 51)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        IamException onCreate = fails("ValidationError", 400,
                () -> root.createUser(r -> r.userName("too-many-tags").tags(fiftyOne)));
        assertTrue(onCreate.awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 50"),
                onCreate.awsErrorDetails().errorMessage());
        fails("ValidationError", 400, () -> root.createRole(r -> r.roleName("too-many-tags")
                .assumeRolePolicyDocument(TRUST).tags(fiftyOne)));
        fails("ValidationError", 400, () -> root.createInstanceProfile(r -> r.instanceProfileName("too-many-tags")
                .tags(fiftyOne)));
        fails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("too-many-tags")));

        root.createUser(r -> r.userName("fifty-tags").tags(fiftyOne.subList(0, 50)));
        IamException byTagging = fails("LimitExceeded", 409, () -> root.tagUser(r -> r.userName("fifty-tags")
                .tags(fiftyOne.get(50))));
        assertEquals("Cannot exceed quota for TagsPerUser: 50", byTagging.awsErrorDetails().errorMessage());
        root.tagUser(r -> r.userName("fifty-tags").tags(Tag.builder().key("K1").value("replaced").build()));
        assertEquals(50, root.listUserTags(r -> r.userName("fifty-tags")).tags().size());
    }

    @Test
    void userTagsAndInlinePolicyDeletion() {
        root.createUser(r -> r.userName("tagged-user"));
        root.tagUser(r -> r.userName("tagged-user").tags(Tag.builder().key("team").value("blue").build(),
                Tag.builder().key("env").value("dev").build()));
        root.tagUser(r -> r.userName("tagged-user").tags(Tag.builder().key("TEAM").value("red").build()));
        List<Tag> tags = root.listUserTags(r -> r.userName("tagged-user")).tags();
        assertEquals(2, tags.size(), "a key given again replaces its value, case-insensitively: " + tags);
        assertEquals("red", tags.get(0).value());
        root.untagUser(r -> r.userName("tagged-user").tagKeys("Team"));
        assertEquals(List.of("env"), root.listUserTags(r -> r.userName("tagged-user")).tags().stream().map(Tag::key).toList());
        fails("InvalidInput", 400, () -> root.tagUser(r -> r.userName("tagged-user").tags(
                Tag.builder().key("a").value("1").build(), Tag.builder().key("A").value("2").build())));

        root.putUserPolicy(r -> r.userName("tagged-user").policyName("temp").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}"));
        root.deleteUserPolicy(r -> r.userName("tagged-user").policyName("TEMP"));
        assertTrue(root.listUserPolicies(r -> r.userName("tagged-user")).policyNames().isEmpty());
        IamException gone = fails("NoSuchEntity", 404, () -> root.deleteUserPolicy(r -> r.userName("tagged-user")
                .policyName("temp")));
        assertEquals("The user policy with name temp cannot be found.", gone.awsErrorDetails().errorMessage());
    }

    @Test
    void inlinePoliciesCountOnlyAgainstTheirHoldersAggregateQuota() {
        // Over the 6,144 characters of a managed policy, within the 10,240 of a role's inline policies.
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                + "\"iam:GetUser\",".repeat(560) + "\"iam:GetUser\"],\"Resource\":\"*\"}]}";
        root.createRole(r -> r.roleName("big-inline").assumeRolePolicyDocument(TRUST));
        root.putRolePolicy(r -> r.roleName("big-inline").policyName("big").policyDocument(big));
        assertEquals(List.of("big"), root.listRolePolicies(r -> r.roleName("big-inline")).policyNames());
        root.createUser(r -> r.userName("big-inline"));
        IamException user = fails("LimitExceeded", 409, () -> root.putUserPolicy(r -> r.userName("big-inline")
                .policyName("big").policyDocument(big)));
        assertEquals("Maximum policy size of 2048 bytes exceeded for user big-inline", user.awsErrorDetails().errorMessage());
    }

    @Test
    void roleBoundariesAndTags() {
        root.createRole(r -> r.roleName("bounded-role").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("k").value("v").build()));
        root.putRolePermissionsBoundary(r -> r.roleName("bounded-role")
                .permissionsBoundary("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        assertEquals("arn:aws:iam::aws:policy/IAMReadOnlyAccess", root.getRole(r -> r.roleName("bounded-role")).role()
                .permissionsBoundary().permissionsBoundaryArn());
        fails("NoSuchEntity", 404, () -> root.putRolePermissionsBoundary(r -> r.roleName("bounded-role")
                .permissionsBoundary("arn:aws:iam::123456789012:policy/NoSuchPolicy")));
        root.deleteRolePermissionsBoundary(r -> r.roleName("bounded-role"));
        assertNull(root.getRole(r -> r.roleName("bounded-role")).role().permissionsBoundary());
        root.untagRole(r -> r.roleName("bounded-role").tagKeys("k"));
        assertTrue(root.listRoleTags(r -> r.roleName("bounded-role")).tags().isEmpty());
    }

    @Test
    void instanceProfileUntagging() {
        root.createInstanceProfile(r -> r.instanceProfileName("tagged-profile")
                .tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
        root.untagInstanceProfile(r -> r.instanceProfileName("tagged-profile").tagKeys("a"));
        assertEquals(List.of("b"), root.listInstanceProfileTags(r -> r.instanceProfileName("tagged-profile")).tags().stream()
                .map(Tag::key).toList());
        fails("NoSuchEntity", 404, () -> root.untagInstanceProfile(r -> r.instanceProfileName("ghost").tagKeys("a")));
    }
}
