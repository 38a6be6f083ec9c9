package io.charter.server.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.PolicyGroup;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.PolicyUser;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Policy tags, the entities a policy is attached to, account aliases and the account summary,
 * over the AWS SDK for Java v2 against a real server.
 */
class IamAccountAndPolicyDetailsTest {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ALLOW_ALL = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");

    private static TestServer server;
    private static IamClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        NewAccessKey key = server.rootKey();
        root = IamUsersAndPoliciesTest.clientFor(server, key.accessKeyId(), key.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    private static IamException fails(String code, int status, Supplier<?> call) {
        return IamUsersAndPoliciesTest.fails(code, status, call);
    }

    private static String policy(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }

    private static IamClient userWithKey(String name) {
        root.createUser(r -> r.userName(name));
        AccessKey key = root.createAccessKey(r -> r.userName(name)).accessKey();
        return IamUsersAndPoliciesTest.clientFor(server, key.accessKeyId(), key.secretAccessKey());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void customerManagedPoliciesAreTaggedUntaggedAndListed() {
        String arn = root.createPolicy(r -> r.policyName("tagged-policy").policyDocument(ALLOW_ALL)
                .tags(tag("team", "blue"))).policy().arn();
        root.tagPolicy(r -> r.policyArn(arn).tags(tag("env", "prod"), tag("TEAM", "red")));
        List<Tag> tags = root.listPolicyTags(r -> r.policyArn(arn)).tags();
        assertEquals(List.of(tag("TEAM", "red"), tag("env", "prod")), tags);
        assertEquals(tags, root.getPolicy(r -> r.policyArn(arn)).policy().tags());

        var firstPage = root.listPolicyTags(r -> r.policyArn(arn).maxItems(1));
        assertTrue(firstPage.isTruncated());
        assertEquals(List.of(tag("env", "prod")),
                root.listPolicyTags(r -> r.policyArn(arn).marker(firstPage.marker())).tags());

        root.untagPolicy(r -> r.policyArn(arn).tagKeys("team", "absent"));
        assertEquals(List.of(tag("env", "prod")), root.listPolicyTags(r -> r.policyArn(arn)).tags());

        List<Tag> fifty = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        IamException limit = fails("LimitExceeded", 409, () -> root.tagPolicy(r -> r.policyArn(arn).tags(fifty)));
        assertEquals("Cannot exceed quota for TagsPerPolicy: 50", limit.awsErrorDetails().errorMessage());
        fails("InvalidInput", 400, () -> root.tagPolicy(r -> r.policyArn(arn).tags(tag("a", "1"), tag("A", "2"))));

        String missing = "arn:aws:iam::123456789012:policy/missing";
        IamException notFound = fails("NoSuchEntity", 404, () -> root.tagPolicy(r -> r.policyArn(missing).tags(tag("a", "b"))));
        assertEquals("Policy " + missing + " was not found.", notFound.awsErrorDetails().errorMessage());
        fails("NoSuchEntity", 404, () -> root.untagPolicy(r -> r.policyArn(missing).tagKeys("a")));
        fails("NoSuchEntity", 404, () -> root.listPolicyTags(r -> r.policyArn(missing)));

        String managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        fails("AccessDenied", 403, () -> root.tagPolicy(r -> r.policyArn(managed).tags(tag("a", "b"))));
        fails("AccessDenied", 403, () -> root.untagPolicy(r -> r.policyArn(managed).tagKeys("a")));
        assertEquals(List.of(), root.listPolicyTags(r -> r.policyArn(managed)).tags());
    }

    @Test
    void policyTaggingIsAuthorizedWithRequestTagsAndTagKeys() {
        String arn = root.createPolicy(r -> r.policyName("guarded-policy").policyDocument(ALLOW_ALL)).policy().arn();
        try (IamClient tagger = userWithKey("policy-tagger")) {
            root.putUserPolicy(r -> r.userName("policy-tagger").policyName("tagging").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:TagPolicy\",\"iam:UntagPolicy\"],\"Resource\":\"*\","
                    + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"cost-center\"]}}}")));
            tagger.tagPolicy(r -> r.policyArn(arn).tags(tag("cost-center", "42")));
            IamException denied = fails("AccessDenied", 403,
                    () -> tagger.tagPolicy(r -> r.policyArn(arn).tags(tag("owner", "x"))));
            assertEquals("User: arn:aws:iam::123456789012:user/policy-tagger is not authorized to perform: iam:TagPolicy"
                    + " on resource: " + arn, denied.awsErrorDetails().errorMessage().split(" because")[0]);
            fails("AccessDenied", 403, () -> tagger.untagPolicy(r -> r.policyArn(arn).tagKeys("owner")));
            tagger.untagPolicy(r -> r.policyArn(arn).tagKeys("cost-center"));
            // Without permission the caller learns nothing: a missing policy is also AccessDenied.
            fails("AccessDenied", 403, () -> tagger.listPolicyTags(r -> r.policyArn(arn)));
            fails("AccessDenied", 403, () -> tagger.listPolicyTags(r -> r.policyArn(
                    "arn:aws:iam::123456789012:policy/nothing-here")));
        }
    }

    @Test
    void entitiesForPolicyAreListedByKindUsageAndPath() {
        String arn = root.createPolicy(r -> r.policyName("shared-policy").policyDocument(ALLOW_ALL)).policy().arn();
        root.createUser(r -> r.userName("ent-user-b").path("/ops/"));
        root.createUser(r -> r.userName("ent-user-a"));
        root.createUser(r -> r.userName("ent-bounded"));
        root.createGroup(r -> r.groupName("ent-group"));
        root.createRole(r -> r.roleName("ent-role").assumeRolePolicyDocument(TRUST));
        root.attachUserPolicy(r -> r.userName("ent-user-b").policyArn(arn));
        root.attachUserPolicy(r -> r.userName("ent-user-a").policyArn(arn));
        root.attachGroupPolicy(r -> r.groupName("ent-group").policyArn(arn));
        root.attachRolePolicy(r -> r.roleName("ent-role").policyArn(arn));
        root.putUserPermissionsBoundary(r -> r.userName("ent-bounded").permissionsBoundary(arn));

        ListEntitiesForPolicyResponse all = root.listEntitiesForPolicy(r -> r.policyArn(arn));
        assertFalse(all.isTruncated());
        assertEquals(List.of("ent-group"), all.policyGroups().stream().map(PolicyGroup::groupName).toList());
        assertEquals(List.of("ent-bounded", "ent-user-a", "ent-user-b"),
                all.policyUsers().stream().map(PolicyUser::userName).toList());
        assertEquals(List.of("ent-role"), all.policyRoles().stream().map(PolicyRole::roleName).toList());
        assertEquals(root.getRole(r -> r.roleName("ent-role")).role().roleId(), all.policyRoles().get(0).roleId());
        assertEquals(root.getGroup(r -> r.groupName("ent-group")).group().groupId(), all.policyGroups().get(0).groupId());

        assertEquals(List.of("ent-user-a", "ent-user-b"), root.listEntitiesForPolicy(r -> r.policyArn(arn)
                .policyUsageFilter("PermissionsPolicy").entityFilter("User")).policyUsers().stream()
                .map(PolicyUser::userName).toList());
        ListEntitiesForPolicyResponse bounded = root.listEntitiesForPolicy(r -> r.policyArn(arn)
                .policyUsageFilter("PermissionsBoundary"));
        assertEquals(List.of("ent-bounded"), bounded.policyUsers().stream().map(PolicyUser::userName).toList());
        assertEquals(List.of(), bounded.policyGroups());
        assertEquals(List.of(), bounded.policyRoles());
        assertEquals(List.of("ent-user-b"), root.listEntitiesForPolicy(r -> r.policyArn(arn).pathPrefix("/ops/"))
                .policyUsers().stream().map(PolicyUser::userName).toList());
        ListEntitiesForPolicyResponse roles = root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter("Role"));
        assertEquals(List.of(), roles.policyUsers());
        assertEquals(1, roles.policyRoles().size());

        ListEntitiesForPolicyResponse first = root.listEntitiesForPolicy(r -> r.policyArn(arn).maxItems(2));
        assertTrue(first.isTruncated());
        assertEquals(2, first.policyGroups().size() + first.policyUsers().size() + first.policyRoles().size());
        ListEntitiesForPolicyResponse rest = root.listEntitiesForPolicy(r -> r.policyArn(arn).marker(first.marker()));
        assertFalse(rest.isTruncated());
        assertEquals(3, rest.policyGroups().size() + rest.policyUsers().size() + rest.policyRoles().size());

        ListEntitiesForPolicyResponse unused = root.listEntitiesForPolicy(r -> r.policyArn(
                "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertEquals(List.of(), unused.policyUsers());

        IamException missing = fails("NoSuchEntity", 404, () -> root.listEntitiesForPolicy(r -> r.policyArn(
                "arn:aws:iam::123456789012:policy/none")));
        assertEquals("Policy arn:aws:iam::123456789012:policy/none was not found.", missing.awsErrorDetails().errorMessage());
        fails("ValidationError", 400, () -> root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter("Nope")));
        try (IamClient nobody = userWithKey("ent-nobody")) {
            fails("AccessDenied", 403, () -> nobody.listEntitiesForPolicy(r -> r.policyArn(arn)));
        }
    }
}
