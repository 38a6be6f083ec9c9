package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.IamTags.tag;
import static io.charter.server.PolicyDocuments.ALLOW_GET_USER;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.IamTags;
import io.charter.server.TestServer;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The user, role and instance-profile operations the other suites touch only in passing. */
class IamRemainingOperationsTest {
    private static final String MANAGED = "arn:aws:iam::123456789012:policy/Managed";
    private static final String VERSIONED = "arn:aws:iam::123456789012:policy/Versioned";
    private static final String MISSING = "arn:aws:iam::123456789012:policy/missing";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
    private static final String MISSING_KEY = "AKIAZZZZZZZZZZZZZZZZ";
    private static TestServer server;
    private static IamClient root;
    /** A role's session: the calls that fall back to the calling user refuse it. */
    private static IamClient session;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootIam();
        // Shared by the error-path tests below.
        root.createUser(r -> r.userName("alice"));
        root.createPolicy(r -> r.policyName("Managed").policyDocument(ALLOW_GET_USER));
        root.createRole(r -> r.roleName("session-role").assumeRolePolicyDocument(TRUST));
        AwsBasicCredentials assumer = TestServer.userWithKey(root, "assumer",
                policy("{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}"));
        try (StsClient sts = server.sts(assumer)) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/session-role")
                    .roleSessionName("s1")).credentials();
            session = server.iam(TestServer.session(credentials));
        }
    }

    @AfterAll
    static void stop() {
        session.close();
        root.close();
        server.close();
    }

    @Test
    void updateUserRenamesAndMoves() {
        root.createUser(r -> r.userName("old-name"));
        root.createUser(r -> r.userName("taken"));
        root.updateUser(r -> r.userName("old-name").newUserName("new-name").newPath("/moved/"));
        assertEquals("arn:aws:iam::123456789012:user/moved/new-name", root.getUser(r -> r.userName("new-name")).user().arn());
        iamFails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("old-name")));
        IamException clash = iamFails("EntityAlreadyExists", 409, () -> root.updateUser(r -> r.userName("new-name")
                .newUserName("TAKEN")));
        assertEquals("User with name TAKEN already exists.", clash.awsErrorDetails().errorMessage());
        iamFails("NoSuchEntity", 404, () -> root.updateUser(r -> r.userName("ghost").newUserName("x1")));
    }

    @Test
    void fiftyTagsAtMostOnCreateAndByTagging() {
        List<Tag> fiftyOne = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        IamException onCreate = iamFails("ValidationError", 400,
                () -> root.createUser(r -> r.userName("too-many-tags").tags(fiftyOne)));
        assertTrue(onCreate.awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 50"),
                onCreate.awsErrorDetails().errorMessage());
        iamFails("ValidationError", 400, () -> root.createRole(r -> r.roleName("too-many-tags")
                .assumeRolePolicyDocument(TRUST).tags(fiftyOne)));
        iamFails("ValidationError", 400, () -> root.createInstanceProfile(r -> r.instanceProfileName("too-many-tags")
                .tags(fiftyOne)));
        iamFails("NoSuchEntity", 404, () -> root.getUser(r -> r.userName("too-many-tags")));

        root.createUser(r -> r.userName("fifty-tags").tags(fiftyOne.subList(0, 50)));
        IamException byTagging = iamFails("LimitExceeded", 409, () -> root.tagUser(r -> r.userName("fifty-tags")
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
        iamFails("InvalidInput", 400, () -> root.tagUser(r -> r.userName("tagged-user").tags(
                Tag.builder().key("a").value("1").build(), Tag.builder().key("A").value("2").build())));

        root.putUserPolicy(r -> r.userName("tagged-user").policyName("temp").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}"));
        root.deleteUserPolicy(r -> r.userName("tagged-user").policyName("TEMP"));
        assertTrue(root.listUserPolicies(r -> r.userName("tagged-user")).policyNames().isEmpty());
        IamException gone = iamFails("NoSuchEntity", 404, () -> root.deleteUserPolicy(r -> r.userName("tagged-user")
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
        IamException user = iamFails("LimitExceeded", 409, () -> root.putUserPolicy(r -> r.userName("big-inline")
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
        iamFails("NoSuchEntity", 404, () -> root.putRolePermissionsBoundary(r -> r.roleName("bounded-role")
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
        iamFails("NoSuchEntity", 404, () -> root.untagInstanceProfile(r -> r.instanceProfileName("ghost").tagKeys("a")));
    }

    /** An identity policy of more than {@code characters} characters, white space not counted. */
    private static String sized(int characters) {
        return policy("{\"Effect\":\"Allow\",\"Action\":["
                + "\"iam:GetUser\",".repeat(characters / 14) + "\"iam:GetUser\"],\"Resource\":\"*\"}");
    }

    /** The trust policy with its action given {@code times} times. */
    private static String trustOf(int times) {
        return TRUST.replace("\"sts:AssumeRole\"", "[" + "\"sts:AssumeRole\",".repeat(times - 1) + "\"sts:AssumeRole\"]");
    }

    /** Ten AWS managed policies attached by {@code attach}; returns an eleventh. */
    private static String attachTen(Consumer<String> attach) {
        List<String> policies = root.listPolicies(r -> r.scope("AWS").maxItems(11)).policies().stream()
                .map(Policy::arn).toList();
        policies.subList(0, 10).forEach(attach);
        return policies.get(10);
    }

    /** The error paths of users and groups, their policies, tags and boundaries, that the other suites do not assert. */
    @Test
    void userAndGroupErrorPaths() {
        root.createGroup(r -> r.groupName("crew"));
        root.createUser(r -> r.userName("full-user"));
        String eleventh = attachTen(arn -> root.attachUserPolicy(r -> r.userName("full-user").policyArn(arn)));
        iamFails("ValidationError", 400, () -> root.getUser(r -> r.userName("")));
        iamFails("ValidationError", 400, () -> root.listUsers(r -> r.pathPrefix("no-slash")));
        iamFails("ValidationError", 400, () -> root.updateUser(r -> r.newPath("no-slashes").userName("alice")));
        iamFails("ValidationError", 400, () -> root.deleteUser(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.deleteUser(r -> r.userName("ghost")));
        iamFails("ValidationError", 400, () -> root.getGroup(r -> r.groupName("")));
        iamFails("ValidationError", 400, () -> root.listGroups(r -> r.pathPrefix("no-slash")));
        iamFails("InvalidInput", 400, () -> root.listGroups(r -> r.marker("garbage")));
        iamFails("ValidationError", 400, () -> root.updateGroup(r -> r.newPath("no-slashes").groupName("crew")));
        iamFails("NoSuchEntity", 404, () -> root.updateGroup(r -> r.groupName("ghost").newGroupName("crew2")));
        iamFails("ValidationError", 400, () -> root.deleteGroup(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.createUser(r -> r.userName("made").permissionsBoundary(MISSING)));
        iamFails("ValidationError", 400, () -> session.getUser(r -> { }));
        iamFails("ValidationError", 400, () -> root.addUserToGroup(r -> r.groupName("crew")));
        iamFails("ValidationError", 400, () -> root.removeUserFromGroup(r -> r.groupName("crew").userName("bad name")));
        iamFails("NoSuchEntity", 404, () -> root.removeUserFromGroup(r -> r.groupName("ghost").userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.removeUserFromGroup(r -> r.groupName("crew").userName("ghost")));
        iamFails("ValidationError", 400, () -> root.listGroupsForUser(r -> r.userName("alice").maxItems(1001)));
        iamFails("NoSuchEntity", 404, () -> root.listGroupsForUser(r -> r.userName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listGroupsForUser(r -> r.userName("alice").marker("garbage")));
        iamFails("ValidationError", 400, () -> root.tagUser(r -> r.tags(tag("bad*key", "v")).userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.tagUser(r -> r.tags(tag("k0", "v")).userName("ghost")));
        iamFails("ValidationError", 400, () -> root.untagUser(r -> r.tagKeys("bad*key").userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.untagUser(r -> r.tagKeys("k0").userName("ghost")));
        iamFails("ValidationError", 400, () -> root.listUserTags(r -> r.maxItems(1001).userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.listUserTags(r -> r.userName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listUserTags(r -> r.marker("garbage").userName("alice")));
        iamFails("ValidationError", 400, () -> root.putUserPermissionsBoundary(r -> r.permissionsBoundary("arn:short")
                .userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.putUserPermissionsBoundary(r -> r
                .permissionsBoundary("arn:aws:iam::123456789012:policy/Boundary").userName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.putUserPermissionsBoundary(r -> r.permissionsBoundary(MISSING)
                .userName("alice")));
        iamFails("ValidationError", 400, () -> root.deleteUserPermissionsBoundary(r -> r.userName("")));
        iamFails("NoSuchEntity", 404, () -> root.deleteUserPermissionsBoundary(r -> r.userName("ghost")));
        iamFails("ValidationError", 400, () -> root.attachUserPolicy(r -> r.policyArn("arn:short").userName("alice")));
        iamFails("LimitExceeded", 409, () -> root.attachUserPolicy(r -> r
                .policyArn(eleventh).userName("full-user")));
        iamFails("ValidationError", 400, () -> root.detachUserPolicy(r -> r.policyArn(MANAGED)));
        iamFails("NoSuchEntity", 404, () -> root.detachUserPolicy(r -> r.policyArn(MANAGED).userName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.detachUserPolicy(r -> r.policyArn(MANAGED).userName("alice")));
        iamFails("ValidationError", 400, () -> root.listAttachedUserPolicies(r -> r.pathPrefix("no-slash").userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.listAttachedUserPolicies(r -> r.userName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listAttachedUserPolicies(r -> r.marker("garbage").userName("alice")));
        iamFails("ValidationError", 400, () -> root.putUserPolicy(r -> r.policyName("bad name").policyDocument(ALLOW_GET_USER)
                .userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.putUserPolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                .userName("ghost")));
        iamFails("ValidationError", 400, () -> root.getUserPolicy(r -> r.userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.getUserPolicy(r -> r.policyName("inline").userName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.getUserPolicy(r -> r.policyName("absent").userName("alice")));
        iamFails("ValidationError", 400, () -> root.deleteUserPolicy(r -> r.policyName("bad name").userName("alice")));
        iamFails("ValidationError", 400, () -> root.listUserPolicies(r -> r.maxItems(0).userName("alice")));
        iamFails("NoSuchEntity", 404, () -> root.listUserPolicies(r -> r.userName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listUserPolicies(r -> r.marker("garbage").userName("alice")));
        iamFails("ValidationError", 400, () -> root.attachGroupPolicy(r -> r.policyArn("arn:short").groupName("crew")));
        iamFails("ValidationError", 400, () -> root.detachGroupPolicy(r -> r.policyArn(MANAGED)));
        iamFails("ValidationError", 400, () -> root.listAttachedGroupPolicies(r -> r.pathPrefix("no-slash").groupName("crew")));
        iamFails("NoSuchEntity", 404, () -> root.listAttachedGroupPolicies(r -> r.groupName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listAttachedGroupPolicies(r -> r.marker("garbage").groupName("crew")));
        iamFails("ValidationError", 400, () -> root.putGroupPolicy(r -> r.policyName("bad name").policyDocument(ALLOW_GET_USER)
                .groupName("crew")));
        iamFails("NoSuchEntity", 404, () -> root.putGroupPolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                .groupName("ghost")));
        iamFails("ValidationError", 400, () -> root.getGroupPolicy(r -> r.groupName("crew")));
        iamFails("ValidationError", 400, () -> root.deleteGroupPolicy(r -> r.policyName("bad name").groupName("crew")));
        iamFails("ValidationError", 400, () -> root.listGroupPolicies(r -> r.maxItems(0).groupName("crew")));
        iamFails("NoSuchEntity", 404, () -> root.listGroupPolicies(r -> r.groupName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listGroupPolicies(r -> r.marker("garbage").groupName("crew")));
        int groups = root.listGroups(r -> r.maxItems(1000)).groups().size();
        for (int i = groups; i < 300; i++) {
            int n = i;
            root.createGroup(r -> r.groupName("filler-" + n));
        }
        iamFails("LimitExceeded", 409, () -> root.createGroup(r -> r.groupName("one-too-many")));
    }

    /** The error paths of roles, service-linked roles and instance profiles that the other suites do not assert. */
    @Test
    void roleAndInstanceProfileErrorPaths() {
        root.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(TRUST));
        root.createRole(r -> r.roleName("tagged-role").assumeRolePolicyDocument(TRUST).tags(IamTags.fifty()));
        root.createRole(r -> r.roleName("full-role").assumeRolePolicyDocument(TRUST));
        String eleventh = attachTen(arn -> root.attachRolePolicy(r -> r.roleName("full-role").policyArn(arn)));
        String slr = root.createServiceLinkedRole(r -> r.awsServiceName("autoscaling.amazonaws.com")).role().roleName();
        root.createInstanceProfile(r -> r.instanceProfileName("box"));
        root.createInstanceProfile(r -> r.instanceProfileName("tagged-box").tags(IamTags.fifty()));
        iamFails("ValidationError", 400, () -> root.tagRole(r -> r.tags(tag("bad*key", "v")).roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.tagRole(r -> r.tags(tag("k0", "v")).roleName("ghost")));
        iamFails("InvalidInput", 400, () -> root.tagRole(r -> r.tags(tag("team", "a"), tag("Team", "b")).roleName("worker")));
        iamFails("LimitExceeded", 409, () -> root.tagRole(r -> r.tags(tag("new0", "v")).roleName("tagged-role")));
        iamFails("ValidationError", 400, () -> root.untagRole(r -> r.tagKeys("bad*key").roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.untagRole(r -> r.tagKeys("k0").roleName("ghost")));
        iamFails("ValidationError", 400, () -> root.listRoleTags(r -> r.maxItems(1001).roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.listRoleTags(r -> r.roleName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listRoleTags(r -> r.marker("garbage").roleName("worker")));
        iamFails("ValidationError", 400, () -> root.putRolePermissionsBoundary(r -> r.permissionsBoundary("arn:short")
                .roleName("worker")));
        iamFails("ValidationError", 400, () -> root.deleteRolePermissionsBoundary(r -> r.roleName("")));
        iamFails("NoSuchEntity", 404, () -> root.deleteRolePermissionsBoundary(r -> r.roleName("ghost")));
        iamFails("UnmodifiableEntity", 400, () -> root.putRolePermissionsBoundary(r -> r
                .roleName(slr)
                .permissionsBoundary("arn:aws:iam::123456789012:policy/Boundary")));
        iamFails("UnmodifiableEntity", 400, () -> root.deleteRolePermissionsBoundary(r -> r
                .roleName(slr)));
        iamFails("ValidationError", 400, () -> root.attachRolePolicy(r -> r.policyArn("arn:short").roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.attachRolePolicy(r -> r.policyArn(MANAGED).roleName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.attachRolePolicy(r -> r.policyArn(MISSING).roleName("worker")));
        iamFails("LimitExceeded", 409, () -> root.attachRolePolicy(r -> r
                .policyArn(eleventh).roleName("full-role")));
        iamFails("ValidationError", 400, () -> root.detachRolePolicy(r -> r.policyArn(MANAGED)));
        iamFails("NoSuchEntity", 404, () -> root.detachRolePolicy(r -> r.policyArn(MANAGED).roleName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.detachRolePolicy(r -> r.policyArn(MANAGED).roleName("worker")));
        iamFails("ValidationError", 400, () -> root.listAttachedRolePolicies(r -> r.pathPrefix("no-slash").roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.listAttachedRolePolicies(r -> r.roleName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listAttachedRolePolicies(r -> r.marker("garbage").roleName("worker")));
        iamFails("ValidationError", 400, () -> root.putRolePolicy(r -> r.policyName("bad name").policyDocument(ALLOW_GET_USER)
                .roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.putRolePolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                .roleName("ghost")));
        iamFails("MalformedPolicyDocument", 400, () -> root.putRolePolicy(r -> r.policyName("inline")
                .policyDocument("{not json").roleName("worker")));
        iamFails("LimitExceeded", 409, () -> root.putRolePolicy(r -> r.policyName("inline").policyDocument(sized(10_240))
                .roleName("worker")));
        iamFails("ValidationError", 400, () -> root.getRolePolicy(r -> r.roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.getRolePolicy(r -> r.policyName("inline").roleName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.getRolePolicy(r -> r.policyName("absent").roleName("worker")));
        iamFails("ValidationError", 400, () -> root.deleteRolePolicy(r -> r.policyName("bad name").roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.deleteRolePolicy(r -> r.policyName("inline").roleName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.deleteRolePolicy(r -> r.policyName("absent").roleName("worker")));
        iamFails("ValidationError", 400, () -> root.listRolePolicies(r -> r.maxItems(0).roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.listRolePolicies(r -> r.roleName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listRolePolicies(r -> r.marker("garbage").roleName("worker")));
        iamFails("UnmodifiableEntity", 400, () -> root.detachRolePolicy(r -> r.roleName(slr)
                .policyArn(MANAGED)));
        iamFails("UnmodifiableEntity", 400, () -> root.putRolePolicy(r -> r.roleName(slr)
                .policyName("inline").policyDocument(ALLOW_GET_USER)));
        iamFails("UnmodifiableEntity", 400, () -> root.deleteRolePolicy(r -> r.roleName(slr)
                .policyName("inline")));
        iamFails("NoSuchEntity", 404, () -> root.createRole(r -> r.roleName("made").assumeRolePolicyDocument(TRUST)
                .permissionsBoundary(MISSING)));
        iamFails("InvalidInput", 400, () -> root.createRole(r -> r.roleName("made").assumeRolePolicyDocument(TRUST)
                .tags(tag("team", "a"), tag("Team", "b"))));
        iamFails("ValidationError", 400, () -> root.getRole(r -> { }));
        iamFails("ValidationError", 400, () -> root.listRoles(r -> r.maxItems(0)));
        iamFails("InvalidInput", 400, () -> root.listRoles(r -> r.marker("garbage")));
        iamFails("NoSuchEntity", 404, () -> root.updateRole(r -> r.roleName("ghost").description("d")));
        iamFails("UnmodifiableEntity", 400, () -> root.updateRole(r -> r.roleName(slr)
                .maxSessionDuration(7200)));
        iamFails("ValidationError", 400, () -> root.updateRoleDescription(r -> r.roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.updateRoleDescription(r -> r.roleName("ghost").description("d")));
        iamFails("ValidationError", 400, () -> root.updateAssumeRolePolicy(r -> r.roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.updateAssumeRolePolicy(r -> r.roleName("ghost").policyDocument(TRUST)));
        iamFails("MalformedPolicyDocument", 400, () -> root.updateAssumeRolePolicy(r -> r.roleName("worker")
                .policyDocument(TRUST.replace("}]}", ",\"Resource\":\"*\"}]}"))));
        iamFails("MalformedPolicyDocument", 400, () -> root.updateAssumeRolePolicy(r -> r.roleName("worker")
                .policyDocument("{not json")));
        iamFails("LimitExceeded", 409, () -> root.updateAssumeRolePolicy(r -> r.roleName("worker").policyDocument(trustOf(150))));
        iamFails("ValidationError", 400, () -> root.deleteRole(r -> r.roleName("bad name")));
        iamFails("NoSuchEntity", 404, () -> root.deleteRole(r -> r.roleName("ghost")));
        iamFails("ValidationError", 400, () -> root.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com")
                .customSuffix("bad suffix")));
        iamFails("ValidationError", 400, () -> root.deleteServiceLinkedRole(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.deleteServiceLinkedRole(r -> r.roleName("ghost")));
        root.addRoleToInstanceProfile(r -> r.instanceProfileName("box").roleName(slr));
        iamFails("DeleteConflict", 409, () -> root.deleteServiceLinkedRole(r -> r.roleName(slr)));
        root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("box").roleName(slr));
        iamFails("ValidationError", 400, () -> root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId("")));
        iamFails("NoSuchEntity", 404, () -> root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId("task/none")));
        iamFails("InvalidInput", 400, () -> root.createInstanceProfile(r -> r.instanceProfileName("made")
                .tags(tag("team", "a"), tag("Team", "b"))));
        iamFails("ValidationError", 400, () -> root.getInstanceProfile(r -> { }));
        iamFails("ValidationError", 400, () -> root.listInstanceProfiles(r -> r.pathPrefix("no-slash")));
        iamFails("InvalidInput", 400, () -> root.listInstanceProfiles(r -> r.marker("garbage")));
        iamFails("ValidationError", 400, () -> root.deleteInstanceProfile(r -> r.instanceProfileName("")));
        iamFails("NoSuchEntity", 404, () -> root.deleteInstanceProfile(r -> r.instanceProfileName("ghost")));
        iamFails("ValidationError", 400, () -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("box")));
        iamFails("NoSuchEntity", 404, () -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("ghost")
                .roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("box").roleName("ghost")));
        iamFails("ValidationError", 400, () -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("box")
                .roleName("bad name")));
        iamFails("NoSuchEntity", 404, () -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("ghost")
                .roleName("worker")));
        iamFails("NoSuchEntity", 404, () -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("box")
                .roleName("ghost")));
        iamFails("NoSuchEntity", 404, () -> root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("box")
                .roleName("worker")));
        iamFails("ValidationError", 400, () -> root.listInstanceProfilesForRole(r -> r.roleName("worker").maxItems(0)));
        iamFails("NoSuchEntity", 404, () -> root.listInstanceProfilesForRole(r -> r.roleName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listInstanceProfilesForRole(r -> r.roleName("worker").marker("garbage")));
        iamFails("ValidationError", 400, () -> root.tagInstanceProfile(r -> r.instanceProfileName("box")
                .tags(tag("bad*key", "v"))));
        iamFails("NoSuchEntity", 404, () -> root.tagInstanceProfile(r -> r.instanceProfileName("ghost").tags(tag("k0", "v"))));
        iamFails("InvalidInput", 400, () -> root.tagInstanceProfile(r -> r.instanceProfileName("box")
                .tags(tag("team", "a"), tag("Team", "b"))));
        iamFails("LimitExceeded", 409, () -> root.tagInstanceProfile(r -> r.instanceProfileName("tagged-box")
                .tags(tag("new0", "v"))));
        iamFails("ValidationError", 400, () -> root.untagInstanceProfile(r -> r.instanceProfileName("box").tagKeys("bad*key")));
        iamFails("ValidationError", 400, () -> root.listInstanceProfileTags(r -> r.instanceProfileName("box").maxItems(0)));
        iamFails("NoSuchEntity", 404, () -> root.listInstanceProfileTags(r -> r.instanceProfileName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listInstanceProfileTags(r -> r.instanceProfileName("box").marker("garbage")));
    }

    /** The error paths of managed policies, access keys and the account that the other suites do not assert. */
    @Test
    void policyAccessKeyAndAccountErrorPaths() {
        root.createPolicy(r -> r.policyName("Versioned").policyDocument(ALLOW_GET_USER));
        iamFails("ValidationError", 400, () -> root.createPolicy(r -> r.policyName("Made").path("no-slash")
                .policyDocument(ALLOW_GET_USER)));
        iamFails("EntityAlreadyExists", 409, () -> root.createPolicy(r -> r.policyName("MANAGED").policyDocument(ALLOW_GET_USER)));
        iamFails("InvalidInput", 400, () -> root.createPolicy(r -> r.policyName("Made").policyDocument(ALLOW_GET_USER)
                .tags(tag("team", "a"), tag("Team", "b"))));
        iamFails("ValidationError", 400, () -> root.getPolicy(r -> r.policyArn("arn:short")));
        iamFails("ValidationError", 400, () -> root.listPolicies(r -> r.scope("Everything")));
        iamFails("InvalidInput", 400, () -> root.listPolicies(r -> r.marker("garbage")));
        iamFails("ValidationError", 400, () -> root.deletePolicy(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.deletePolicy(r -> r.policyArn(MISSING)));
        iamFails("ValidationError", 400, () -> root.createPolicyVersion(r -> r.policyArn(MANAGED)));
        iamFails("NoSuchEntity", 404, () -> root.createPolicyVersion(r -> r.policyArn(MISSING).policyDocument(ALLOW_GET_USER)));
        iamFails("MalformedPolicyDocument", 400, () -> root.createPolicyVersion(r -> r.policyArn(MANAGED)
                .policyDocument("{not json")));
        iamFails("ValidationError", 400, () -> root.getPolicyVersion(r -> r.policyArn(MANAGED).versionId("1")));
        iamFails("NoSuchEntity", 404, () -> root.getPolicyVersion(r -> r.policyArn(MISSING).versionId("v1")));
        iamFails("NoSuchEntity", 404, () -> root.getPolicyVersion(r -> r.policyArn(MANAGED).versionId("v9")));
        iamFails("ValidationError", 400, () -> root.listPolicyVersions(r -> r.policyArn(MANAGED).maxItems(0)));
        iamFails("NoSuchEntity", 404, () -> root.listPolicyVersions(r -> r.policyArn(MISSING)));
        iamFails("InvalidInput", 400, () -> root.listPolicyVersions(r -> r.policyArn(MANAGED).marker("garbage")));
        iamFails("AccessDenied", 403, () -> root.deletePolicyVersion(r -> r.policyArn(READ_ONLY).versionId("v1")));
        iamFails("ValidationError", 400, () -> root.deletePolicyVersion(r -> r.policyArn(VERSIONED)));
        iamFails("NoSuchEntity", 404, () -> root.deletePolicyVersion(r -> r.policyArn(MISSING).versionId("v2")));
        iamFails("NoSuchEntity", 404, () -> root.deletePolicyVersion(r -> r.policyArn(VERSIONED).versionId("v9")));
        iamFails("AccessDenied", 403, () -> root.setDefaultPolicyVersion(r -> r.policyArn(READ_ONLY).versionId("v1")));
        iamFails("ValidationError", 400, () -> root.setDefaultPolicyVersion(r -> r.policyArn(VERSIONED).versionId("version2")));
        iamFails("NoSuchEntity", 404, () -> root.setDefaultPolicyVersion(r -> r.policyArn(MISSING).versionId("v2")));
        iamFails("NoSuchEntity", 404, () -> root.setDefaultPolicyVersion(r -> r.policyArn(VERSIONED).versionId("v9")));
        iamFails("ValidationError", 400, () -> root.tagPolicy(r -> r.policyArn(MANAGED).tags(tag("bad*key", "v"))));
        iamFails("ValidationError", 400, () -> root.untagPolicy(r -> r.policyArn(MANAGED).tagKeys("bad*key")));
        iamFails("ValidationError", 400, () -> root.listPolicyTags(r -> r.policyArn(MANAGED).maxItems(0)));
        iamFails("InvalidInput", 400, () -> root.listPolicyTags(r -> r.policyArn(MANAGED).marker("garbage")));
        iamFails("InvalidInput", 400, () -> root.listEntitiesForPolicy(r -> r.policyArn(MANAGED).marker("garbage")));
        iamFails("ValidationError", 400, () -> root.createAccessKey(r -> r.userName("bad name")));
        iamFails("ValidationError", 400, () -> session.createAccessKey(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.createAccessKey(r -> r.userName("ghost")));
        iamFails("ValidationError", 400, () -> root.listAccessKeys(r -> r.userName("alice").maxItems(0)));
        iamFails("ValidationError", 400, () -> session.listAccessKeys(r -> { }));
        iamFails("NoSuchEntity", 404, () -> root.listAccessKeys(r -> r.userName("ghost")));
        iamFails("InvalidInput", 400, () -> root.listAccessKeys(r -> r.userName("alice").marker("garbage")));
        iamFails("ValidationError", 400, () -> root.updateAccessKey(r -> r.userName("alice").accessKeyId(MISSING_KEY)
                .status("Paused")));
        iamFails("ValidationError", 400, () -> session.updateAccessKey(r -> r.accessKeyId(MISSING_KEY).status("Inactive")));
        iamFails("NoSuchEntity", 404, () -> root.updateAccessKey(r -> r.userName("ghost").accessKeyId(MISSING_KEY)
                .status("Inactive")));
        iamFails("NoSuchEntity", 404, () -> root.updateAccessKey(r -> r.userName("alice").accessKeyId(MISSING_KEY)
                .status("Inactive")));
        iamFails("ValidationError", 400, () -> root.deleteAccessKey(r -> r.userName("alice").accessKeyId("AKIA")));
        iamFails("ValidationError", 400, () -> session.deleteAccessKey(r -> r.accessKeyId(MISSING_KEY)));
        iamFails("ValidationError", 400, () -> root.getAccessKeyLastUsed(r -> r.accessKeyId("AKIA")));
        iamFails("ValidationError", 400, () -> root.listAccountAliases(r -> r.maxItems(0)));
        iamFails("InvalidInput", 400, () -> root.listAccountAliases(r -> r.marker("garbage")));
        iamFails("ValidationError", 400, () -> root.deleteAccountAlias(r -> r.accountAlias("x")));
        iamFails("ValidationError", 400, () -> root.getAccountAuthorizationDetails(r -> r.filterWithStrings("Nope")));
        iamFails("InvalidInput", 400, () -> root.getAccountAuthorizationDetails(r -> r.marker("garbage")));
    }
}
