package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.IamTags.tag;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.IamTags;
import io.charter.server.TestServer;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityPermissions;
import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final String ALLOW_ALL = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");

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

        IamException limit = iamFails("LimitExceeded", 409, () -> root.tagPolicy(r -> r.policyArn(arn).tags(IamTags.fifty())));
        assertEquals("Cannot exceed quota for TagsPerPolicy: 50", limit.awsErrorDetails().errorMessage());
        iamFails("InvalidInput", 400, () -> root.tagPolicy(r -> r.policyArn(arn).tags(tag("a", "1"), tag("A", "2"))));

        String missing = "arn:aws:iam::123456789012:policy/missing";
        IamException notFound = iamFails("NoSuchEntity", 404, () -> root.tagPolicy(r -> r.policyArn(missing).tags(tag("a", "b"))));
        assertEquals("Policy " + missing + " was not found.", notFound.awsErrorDetails().errorMessage());
        iamFails("NoSuchEntity", 404, () -> root.untagPolicy(r -> r.policyArn(missing).tagKeys("a")));
        iamFails("NoSuchEntity", 404, () -> root.listPolicyTags(r -> r.policyArn(missing)));

        String managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        iamFails("AccessDenied", 403, () -> root.tagPolicy(r -> r.policyArn(managed).tags(tag("a", "b"))));
        iamFails("AccessDenied", 403, () -> root.untagPolicy(r -> r.policyArn(managed).tagKeys("a")));
        assertEquals(List.of(), root.listPolicyTags(r -> r.policyArn(managed)).tags());
    }

    @Test
    void policyTaggingIsAuthorizedWithRequestTagsAndTagKeys() {
        String arn = root.createPolicy(r -> r.policyName("guarded-policy").policyDocument(ALLOW_ALL)).policy().arn();
        try (IamClient tagger = server.iam(server.userWithKey("policy-tagger", null))) {
            root.putUserPolicy(r -> r.userName("policy-tagger").policyName("tagging").policyDocument(policy(
                    "{\"Effect\":\"Allow\",\"Action\":[\"iam:TagPolicy\",\"iam:UntagPolicy\"],\"Resource\":\"*\","
                    + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"cost-center\"]}}}")));
            tagger.tagPolicy(r -> r.policyArn(arn).tags(tag("cost-center", "42")));
            IamException denied = iamFails("AccessDenied", 403,
                    () -> tagger.tagPolicy(r -> r.policyArn(arn).tags(tag("owner", "x"))));
            assertEquals("User: arn:aws:iam::123456789012:user/policy-tagger is not authorized to perform: iam:TagPolicy"
                    + " on resource: " + arn, denied.awsErrorDetails().errorMessage().split(" because")[0]);
            iamFails("AccessDenied", 403, () -> tagger.untagPolicy(r -> r.policyArn(arn).tagKeys("owner")));
            tagger.untagPolicy(r -> r.policyArn(arn).tagKeys("cost-center"));
            // Without permission the caller learns nothing: a missing policy is also AccessDenied.
            iamFails("AccessDenied", 403, () -> tagger.listPolicyTags(r -> r.policyArn(arn)));
            iamFails("AccessDenied", 403, () -> tagger.listPolicyTags(r -> r.policyArn(
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

        IamException missing = iamFails("NoSuchEntity", 404, () -> root.listEntitiesForPolicy(r -> r.policyArn(
                "arn:aws:iam::123456789012:policy/none")));
        assertEquals("Policy arn:aws:iam::123456789012:policy/none was not found.", missing.awsErrorDetails().errorMessage());
        iamFails("ValidationError", 400, () -> root.listEntitiesForPolicy(r -> r.policyArn(arn).entityFilter("Nope")));
        try (IamClient nobody = server.iam(server.userWithKey("ent-nobody", null))) {
            iamFails("AccessDenied", 403, () -> nobody.listEntitiesForPolicy(r -> r.policyArn(arn)));
        }
    }

    /**
     * A second account on the same server, with nothing but its root user and that user's access key
     * (created as Organizations' CreateAccount creates it, its access role then deleted).
     */
    private static IamClient secondAccountRoot(TestServer target) {
        Domain domain = target.server().domain();
        CreateAccountStatus created = domain.organizations().createAccount(
                domain.organizations().organization(TestServer.ACCOUNT), "second@example.com", "second", "access",
                Instant.now());
        String accountId = created.accountId().orElseThrow();
        IdentitySnapshot snapshot = target.server().directory().snapshot();
        Identity role = snapshot.principal(accountId, IdentityKind.ROLE, "access").orElseThrow();
        snapshot.attachedPolicies(role.uniqueId())
                .forEach(arn -> domain.permissions().detach(EntityPermissions.holderOf(role), arn));
        domain.roles().delete(role);
        Identity root = snapshot.principals().get(accountId);
        NewAccessKey key = domain.accessKeys().create(root, Instant.now());
        return target.iam(key.accessKeyId(), key.secretAccessKey());
    }

    @Test
    void anAccountHasOneAliasUniqueAcrossTheServer() {
        try (TestServer own = TestServer.start()) {
            try (IamClient first = own.rootIam();
                    IamClient second = secondAccountRoot(own)) {
                assertEquals(List.of(), first.listAccountAliases().accountAliases());
                assertFalse(first.listAccountAliases().isTruncated());
                first.createAccountAlias(r -> r.accountAlias("charter-main"));
                assertEquals(List.of("charter-main"), first.listAccountAliases().accountAliases());
                assertEquals(List.of(), second.listAccountAliases().accountAliases());

                IamException quota = iamFails("LimitExceeded", 409, () -> first.createAccountAlias(r -> r.accountAlias("other-name")));
                assertEquals("Cannot exceed quota for AccountAliasesPerAccount: 1", quota.awsErrorDetails().errorMessage());
                IamException taken = iamFails("EntityAlreadyExists", 409,
                        () -> second.createAccountAlias(r -> r.accountAlias("charter-main")));
                assertEquals("The account alias charter-main already exists.", taken.awsErrorDetails().errorMessage());
                iamFails("ValidationError", 400, () -> second.createAccountAlias(r -> r.accountAlias("Bad_Alias")));
                iamFails("ValidationError", 400, () -> second.createAccountAlias(r -> r.accountAlias("double--dash")));

                IamException notMine = iamFails("NoSuchEntity", 404,
                        () -> second.deleteAccountAlias(r -> r.accountAlias("charter-main")));
                assertEquals("The account alias charter-main cannot be found.", notMine.awsErrorDetails().errorMessage());
                first.deleteAccountAlias(r -> r.accountAlias("charter-main"));
                assertEquals(List.of(), first.listAccountAliases().accountAliases());
                iamFails("NoSuchEntity", 404, () -> first.deleteAccountAlias(r -> r.accountAlias("charter-main")));
                second.createAccountAlias(r -> r.accountAlias("charter-main"));
                assertEquals(List.of("charter-main"), second.listAccountAliases(r -> r.maxItems(1)).accountAliases());

                try (IamClient user = own.iam(TestServer.userWithKey(first, "no-alias-rights", null))) {
                    IamException denied = iamFails("AccessDenied", 403, () -> user.createAccountAlias(r -> r.accountAlias("mine")));
                    assertTrue(denied.awsErrorDetails().errorMessage().startsWith("User: arn:aws:iam::123456789012:user/"
                            + "no-alias-rights is not authorized to perform: iam:CreateAccountAlias on resource: *"),
                            denied.awsErrorDetails().errorMessage());
                    iamFails("AccessDenied", 403, user::listAccountAliases);
                    iamFails("AccessDenied", 403, () -> user.deleteAccountAlias(r -> r.accountAlias("charter-main")));
                }
            }
        }
    }

    @Test
    void theAccountSummaryCountsTheCallersAccountOnly() {
        try (TestServer own = TestServer.start()) {
            try (IamClient first = own.rootIam();
                    IamClient second = secondAccountRoot(own)) {
                first.createUser(r -> r.userName("summary-user"));
                first.createUser(r -> r.userName("summary-user-2"));
                first.createGroup(r -> r.groupName("summary-group"));
                first.createRole(r -> r.roleName("summary-role").assumeRolePolicyDocument(TRUST));
                String arn = first.createPolicy(r -> r.policyName("summary-policy").policyDocument(ALLOW_ALL)).policy().arn();
                first.createPolicyVersion(r -> r.policyArn(arn).policyDocument(ALLOW_ALL));
                first.createInstanceProfile(r -> r.instanceProfileName("summary-profile"));
                first.createVirtualMFADevice(r -> r.virtualMFADeviceName("summary-device"));
                second.createUser(r -> r.userName("elsewhere"));

                // The SDK's SummaryKeyType enum predates Roles, InstanceProfiles and Providers: read the map by name.
                Map<String, Integer> summary = first.getAccountSummary().summaryMapAsStrings();
                Map<String, Integer> expected = new HashMap<>();
                expected.putAll(Map.of("Users", 2, "Groups", 1, "Roles", 1,
                        "Policies", 1, "PolicyVersionsInUse", 2,
                        "InstanceProfiles", 1, "MFADevices", 1,
                        "MFADevicesInUse", 0, "AccountMFAEnabled", 0,
                        "AccountAccessKeysPresent", 1));
                expected.putAll(Map.of("UsersQuota", 5000, "GroupsQuota", 300,
                        "RolesQuota", 1000, "PoliciesQuota", 1500,
                        "InstanceProfilesQuota", 1000, "AccessKeysPerUserQuota", 2,
                        "VersionsPerPolicyQuota", 5, "PolicyVersionsInUseQuota", 10000,
                        "ServerCertificates", 0, "GlobalEndpointTokenVersion", 1));
                expected.putAll(Map.of("AttachedPoliciesPerUserQuota", 10,
                        "AttachedPoliciesPerGroupQuota", 10, "AttachedPoliciesPerRoleQuota", 10,
                        "GroupsPerUserQuota", 10, "SigningCertificatesPerUserQuota", 2,
                        "UserPolicySizeQuota", 2048, "GroupPolicySizeQuota", 5120,
                        "RolePolicySizeQuota", 10240, "PolicySizeQuota", 6144,
                        "AssumeRolePolicySizeQuota", 2048));
                expected.putAll(Map.of("ServerCertificatesQuota", 20, "Providers", 0));
                expected.forEach((k, v) -> assertEquals(v, summary.get(k), k.toString()));

                Map<String, Integer> other = second.getAccountSummary().summaryMapAsStrings();
                assertEquals(1, other.get("Users"));
                assertEquals(0, other.get("Roles"));
                assertEquals(0, other.get("Policies"));
                assertEquals(1, other.get("AccountAccessKeysPresent"));

                AccessKey userKey = first.createAccessKey(r -> r.userName("summary-user")).accessKey();
                try (IamClient user = own.iam(userKey.accessKeyId(), userKey.secretAccessKey())) {
                    iamFails("AccessDenied", 403, user::getAccountSummary);
                    first.putUserPolicy(r -> r.userName("summary-user").policyName("summary").policyDocument(policy(
                            "{\"Effect\":\"Allow\",\"Action\":\"iam:GetAccountSummary\",\"Resource\":\"*\"}")));
                    assertEquals(2, user.getAccountSummary().summaryMapAsStrings().get("Users"));
                }
            }
        }
    }
}
