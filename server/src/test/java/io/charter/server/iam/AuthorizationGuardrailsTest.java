package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.IamTags.tag;
import static io.charter.server.PolicyDocuments.ALLOW_GET_USER;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.TestServer;
import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.identity.IdentitySnapshot;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The guardrails administrators build with condition keys on IAM resources, and the fail-closed
 * rules behind them: tag-protected resources, boundary-conditioned delegation, references that no
 * longer resolve.
 */
class AuthorizationGuardrailsTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String CREW = "arn:aws:iam::123456789012:group/crew";
    private static final String MANAGED = "arn:aws:iam::123456789012:policy/Managed";
    private static final String VERSIONED = "arn:aws:iam::123456789012:policy/Versioned";
    private static final String SPARE = "arn:aws:iam::123456789012:mfa/spare";
    private static final String IN_USE = "arn:aws:iam::123456789012:mfa/in-use";
    private static final String MISSING_KEY = "AKIAZZZZZZZZZZZZZZZZ";
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
    void resourceTagsProtectResources() {
        root.createRole(r -> r.roleName("admin-role").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("protected").value("true").build()));
        root.createRole(r -> r.roleName("plain-role").assumeRolePolicyDocument(TRUST));
        AwsBasicCredentials key = server.userWithKey("delegate", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/protected\":\"true\"}}}"));
        try (IamClient delegate = server.iam(key)) {
            String narrower = TRUST.replace("\"Action\":\"sts:AssumeRole\"", "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]");
            delegate.updateAssumeRolePolicy(r -> r.roleName("plain-role").policyDocument(narrower));
            assertEquals(narrower, URLDecoder.decode(root.getRole(r -> r.roleName("plain-role")).role()
                    .assumeRolePolicyDocument(), StandardCharsets.UTF_8));
            iamFails("AccessDenied", 403, () -> delegate.updateAssumeRolePolicy(r -> r.roleName("admin-role").policyDocument(TRUST)));
            iamFails("AccessDenied", 403, () -> delegate.deleteRole(r -> r.roleName("admin-role")));
        }
    }

    @Test
    void policiesCanLockTheRequestedRegion() {
        AwsBasicCredentials key = server.userWithKey("regional", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListGroups\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}}"));
        try (IamClient regional = server.iam(key)) {
            // The SDK signs IAM, a global service, for us-east-1, as AWS's own endpoint expects.
            assertTrue(regional.listUsers().users().stream().anyMatch(u -> u.userName().equals("regional")));
            denied("ListGroups", regional::listGroups);
        }
    }

    @Test
    void boundaryConditionedDelegation() {
        String boundary = root.createPolicy(r -> r.policyName("Fence").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"))).policy().arn();
        root.createUser(r -> r.userName("fenced").permissionsBoundary(boundary));
        root.createUser(r -> r.userName("unfenced"));
        AwsBasicCredentials key = server.userWithKey("lead", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:PutUserPolicy\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PermissionsBoundary\":\"" + boundary + "\"}}}"));
        try (IamClient lead = server.iam(key)) {
            String doc = policy("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}");
            lead.putUserPolicy(r -> r.userName("fenced").policyName("x").policyDocument(doc));
            assertEquals(doc, URLDecoder.decode(root.getUserPolicy(r -> r.userName("fenced").policyName("x"))
                    .policyDocument(), StandardCharsets.UTF_8));
            iamFails("AccessDenied", 403, () -> lead.putUserPolicy(r -> r.userName("unfenced").policyName("x").policyDocument(doc)));
        }
    }

    @Test
    void refusalsDoNotRevealWhetherARoleExists() {
        AwsBasicCredentials key = server.userWithKey("prober", policy("{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\","
                + "\"sts:GetFederationToken\"],\"Resource\":\"*\"}"));
        root.createRole(r -> r.roleName("real-role").assumeRolePolicyDocument(TRUST));
        try (StsClient sts = server.sts(key, Region.US_EAST_1)) {
            for (String role : List.of("real-role", "no-such-role")) {
                var e = Assertions.assertThrows(AwsServiceException.class,
                        () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/" + role).roleSessionName("s1")
                                .tags(software.amazon.awssdk.services.sts.model.Tag.builder().key("a").value("1").build(),
                                        software.amazon.awssdk.services.sts.model.Tag.builder().key("A").value("2").build())));
                assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode(), role);
            }
            assertEquals(0, sts.getFederationToken(r -> r.name("probe-fed")).packedPolicySize(),
                    "no policy and no tags pack to nothing");
        }
    }

    @Test
    void markersFromNowhereAreRefused() {
        String negative = Base64.getUrlEncoder().withoutPadding().encodeToString("p1:-1".getBytes(StandardCharsets.UTF_8));
        iamFails("InvalidInput", 400, () -> root.listUsers(r -> r.marker(negative)));
    }

    @Test
    void referencesThatNoLongerResolveDenyEverything() {
        IdentitySnapshot dangling = IdentitySnapshot.of(Map.of(), Map.of(), Map.of(),
                Map.of("AIDADANGLINGDANGLING0", List.of("arn:aws:iam::123456789012:policy/Gone")), Map.of(), Map.of(),
                Map.of("AIDADANGLINGDANGLING0", "arn:aws:iam::123456789012:policy/AlsoGone"), Map.of());
        Policy boundary = dangling.boundary("AIDADANGLINGDANGLING0").orElseThrow();
        Policy attached = dangling.identityPolicies("AIDADANGLINGDANGLING0").get(0);
        for (Policy p : List.of(boundary, attached)) {
            assertEquals(PolicyType.IDENTITY, p.type());
            assertEquals("a policy that no longer resolves", p.name());
        }
    }

    /** Refused with AccessDenied, with AWS's message naming {@code action}, and an encoded message after it. */
    private static void denied(String action, Supplier<?> call) {
        IamException e = iamFails("AccessDenied", 403, call);
        assertTrue(e.awsErrorDetails().errorMessage().contains(AuthorizationMessages.PREFIX));
        String message = TestServer.awsWording(e.awsErrorDetails().errorMessage());
        assertTrue(message.contains(" is not authorized to perform: iam:" + action + " on resource: ")
                    && message.endsWith(" because no identity-based policy allows the iam:" + action + " action"), message);
    }

    /**
     * Every operation refuses a user without policies (and the second authorizations of UpdateUser,
     * UpdateGroup and AddRoleToInstanceProfile, a user allowed only the first), before it reveals
     * whether what the call names exists.
     */
    @Test
    void aUserWithoutPoliciesIsDeniedEveryOperation() {
        AwsBasicCredentials partialKey = server.userWithKey("partial", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:AddRoleToInstanceProfile\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"iam:UpdateUser\",\"Resource\":\"" + ALICE + "\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"iam:UpdateGroup\",\"Resource\":\"" + CREW + "\"}"));
        AwsBasicCredentials nobodyKey = server.userWithKey("nobody", null);
        root.createUser(r -> r.userName("alice"));
        root.createGroup(r -> r.groupName("crew"));
        root.createInstanceProfile(r -> r.instanceProfileName("box"));
        try (IamClient nobody = server.iam(nobodyKey); IamClient partial = server.iam(partialKey)) {
            denied("CreateUser", () -> nobody.createUser(r -> r.userName("made")));
            denied("GetUser", () -> nobody.getUser(r -> r.userName("alice")));
            denied("ListUsers", () -> nobody.listUsers(r -> { }));
            denied("UpdateUser", () -> nobody.updateUser(r -> r.userName("alice").newUserName("alice2")));
            denied("UpdateUser", () -> partial.updateUser(r -> r.userName("alice").newUserName("alice2")));
            denied("DeleteUser", () -> nobody.deleteUser(r -> r.userName("alice")));
            denied("CreateGroup", () -> nobody.createGroup(r -> r.groupName("made")));
            denied("GetGroup", () -> nobody.getGroup(r -> r.groupName("crew")));
            denied("ListGroups", () -> nobody.listGroups(r -> { }));
            denied("UpdateGroup", () -> nobody.updateGroup(r -> r.groupName("crew").newGroupName("crew2")));
            denied("UpdateGroup", () -> partial.updateGroup(r -> r.groupName("crew").newGroupName("crew2")));
            denied("DeleteGroup", () -> nobody.deleteGroup(r -> r.groupName("crew")));
            denied("AddUserToGroup", () -> nobody.addUserToGroup(r -> r.groupName("crew").userName("alice")));
            denied("RemoveUserFromGroup", () -> nobody.removeUserFromGroup(r -> r.groupName("crew").userName("has-group")));
            denied("ListGroupsForUser", () -> nobody.listGroupsForUser(r -> r.userName("alice")));
            denied("TagUser", () -> nobody.tagUser(r -> r.tags(tag("k0", "v")).userName("alice")));
            denied("UntagUser", () -> nobody.untagUser(r -> r.tagKeys("k0").userName("alice")));
            denied("ListUserTags", () -> nobody.listUserTags(r -> r.userName("alice")));
            denied("PutUserPermissionsBoundary", () -> nobody.putUserPermissionsBoundary(r -> r
                    .permissionsBoundary(MANAGED).userName("alice")));
            denied("DeleteUserPermissionsBoundary", () -> nobody.deleteUserPermissionsBoundary(r -> r.userName("alice")));
            denied("TagRole", () -> nobody.tagRole(r -> r.tags(tag("k0", "v")).roleName("worker")));
            denied("UntagRole", () -> nobody.untagRole(r -> r.tagKeys("k0").roleName("worker")));
            denied("ListRoleTags", () -> nobody.listRoleTags(r -> r.roleName("worker")));
            denied("PutRolePermissionsBoundary", () -> nobody.putRolePermissionsBoundary(r -> r
                    .permissionsBoundary(MANAGED).roleName("worker")));
            denied("DeleteRolePermissionsBoundary", () -> nobody.deleteRolePermissionsBoundary(r -> r.roleName("worker")));
            denied("AttachUserPolicy", () -> nobody.attachUserPolicy(r -> r.policyArn(MANAGED).userName("alice")));
            denied("DetachUserPolicy", () -> nobody.detachUserPolicy(r -> r.policyArn(MANAGED).userName("alice")));
            denied("ListAttachedUserPolicies", () -> nobody.listAttachedUserPolicies(r -> r.userName("alice")));
            denied("PutUserPolicy", () -> nobody.putUserPolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                    .userName("alice")));
            denied("GetUserPolicy", () -> nobody.getUserPolicy(r -> r.policyName("inline").userName("alice")));
            denied("DeleteUserPolicy", () -> nobody.deleteUserPolicy(r -> r.policyName("inline").userName("alice")));
            denied("ListUserPolicies", () -> nobody.listUserPolicies(r -> r.userName("alice")));
            denied("AttachRolePolicy", () -> nobody.attachRolePolicy(r -> r.policyArn(MANAGED).roleName("worker")));
            denied("DetachRolePolicy", () -> nobody.detachRolePolicy(r -> r.policyArn(MANAGED).roleName("worker")));
            denied("ListAttachedRolePolicies", () -> nobody.listAttachedRolePolicies(r -> r.roleName("worker")));
            denied("PutRolePolicy", () -> nobody.putRolePolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                    .roleName("worker")));
            denied("GetRolePolicy", () -> nobody.getRolePolicy(r -> r.policyName("inline").roleName("worker")));
            denied("DeleteRolePolicy", () -> nobody.deleteRolePolicy(r -> r.policyName("inline").roleName("worker")));
            denied("ListRolePolicies", () -> nobody.listRolePolicies(r -> r.roleName("worker")));
            denied("AttachGroupPolicy", () -> nobody.attachGroupPolicy(r -> r.policyArn(MANAGED).groupName("crew")));
            denied("DetachGroupPolicy", () -> nobody.detachGroupPolicy(r -> r.policyArn(MANAGED).groupName("crew")));
            denied("ListAttachedGroupPolicies", () -> nobody.listAttachedGroupPolicies(r -> r.groupName("crew")));
            denied("PutGroupPolicy", () -> nobody.putGroupPolicy(r -> r.policyName("inline").policyDocument(ALLOW_GET_USER)
                    .groupName("crew")));
            denied("GetGroupPolicy", () -> nobody.getGroupPolicy(r -> r.policyName("inline").groupName("crew")));
            denied("DeleteGroupPolicy", () -> nobody.deleteGroupPolicy(r -> r.policyName("inline").groupName("crew")));
            denied("ListGroupPolicies", () -> nobody.listGroupPolicies(r -> r.groupName("crew")));
            denied("CreateRole", () -> nobody.createRole(r -> r.roleName("made").assumeRolePolicyDocument(TRUST)));
            denied("GetRole", () -> nobody.getRole(r -> r.roleName("worker")));
            denied("ListRoles", () -> nobody.listRoles(r -> { }));
            denied("UpdateRole", () -> nobody.updateRole(r -> r.roleName("worker").description("d")));
            denied("UpdateRoleDescription", () -> nobody.updateRoleDescription(r -> r.roleName("worker").description("d")));
            denied("UpdateAssumeRolePolicy", () -> nobody.updateAssumeRolePolicy(r -> r.roleName("worker")
                    .policyDocument(TRUST)));
            denied("DeleteRole", () -> nobody.deleteRole(r -> r.roleName("worker")));
            denied("CreateServiceLinkedRole", () -> nobody.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com")));
            denied("DeleteServiceLinkedRole", () -> nobody.deleteServiceLinkedRole(r -> r
                    .roleName("AWSServiceRoleForAutoScaling")));
            denied("GetServiceLinkedRoleDeletionStatus", () -> nobody.getServiceLinkedRoleDeletionStatus(r -> r
                    .deletionTaskId("task/none")));
            denied("CreatePolicy", () -> nobody.createPolicy(r -> r.policyName("Made").policyDocument(ALLOW_GET_USER)));
            denied("GetPolicy", () -> nobody.getPolicy(r -> r.policyArn(MANAGED)));
            denied("ListPolicies", () -> nobody.listPolicies(r -> { }));
            denied("DeletePolicy", () -> nobody.deletePolicy(r -> r.policyArn(MANAGED)));
            denied("CreatePolicyVersion", () -> nobody.createPolicyVersion(r -> r.policyArn(MANAGED).policyDocument(ALLOW_GET_USER)));
            denied("GetPolicyVersion", () -> nobody.getPolicyVersion(r -> r.policyArn(MANAGED).versionId("v1")));
            denied("ListPolicyVersions", () -> nobody.listPolicyVersions(r -> r.policyArn(MANAGED)));
            denied("DeletePolicyVersion", () -> nobody.deletePolicyVersion(r -> r.policyArn(VERSIONED).versionId("v2")));
            denied("SetDefaultPolicyVersion", () -> nobody.setDefaultPolicyVersion(r -> r.policyArn(VERSIONED).versionId("v2")));
            denied("TagPolicy", () -> nobody.tagPolicy(r -> r.policyArn(MANAGED).tags(tag("k0", "v"))));
            denied("UntagPolicy", () -> nobody.untagPolicy(r -> r.policyArn(MANAGED).tagKeys("k0")));
            denied("ListPolicyTags", () -> nobody.listPolicyTags(r -> r.policyArn(MANAGED)));
            denied("ListEntitiesForPolicy", () -> nobody.listEntitiesForPolicy(r -> r.policyArn(MANAGED)));
            denied("CreateAccessKey", () -> nobody.createAccessKey(r -> r.userName("alice")));
            denied("ListAccessKeys", () -> nobody.listAccessKeys(r -> r.userName("alice")));
            denied("UpdateAccessKey", () -> nobody.updateAccessKey(r -> r.userName("alice").accessKeyId(MISSING_KEY)
                    .status("Inactive")));
            denied("DeleteAccessKey", () -> nobody.deleteAccessKey(r -> r.userName("alice").accessKeyId(MISSING_KEY)));
            denied("GetAccessKeyLastUsed", () -> nobody.getAccessKeyLastUsed(r -> r.accessKeyId(nobodyKey.accessKeyId())));
            denied("CreateAccountAlias", () -> nobody.createAccountAlias(r -> r.accountAlias("mine")));
            denied("ListAccountAliases", () -> nobody.listAccountAliases(r -> { }));
            denied("DeleteAccountAlias", () -> nobody.deleteAccountAlias(r -> r.accountAlias("charter-errors")));
            denied("UpdateAccountPasswordPolicy", () -> nobody.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12)));
            denied("GetAccountPasswordPolicy", () -> nobody.getAccountPasswordPolicy(r -> { }));
            denied("DeleteAccountPasswordPolicy", () -> nobody.deleteAccountPasswordPolicy(r -> { }));
            denied("GetAccountSummary", () -> nobody.getAccountSummary(r -> { }));
            denied("GetAccountAuthorizationDetails", () -> nobody.getAccountAuthorizationDetails(r -> { }));
            denied("GenerateCredentialReport", () -> nobody.generateCredentialReport(r -> { }));
            denied("GetCredentialReport", () -> nobody.getCredentialReport(r -> { }));
            denied("CreateInstanceProfile", () -> nobody.createInstanceProfile(r -> r.instanceProfileName("made")));
            denied("GetInstanceProfile", () -> nobody.getInstanceProfile(r -> r.instanceProfileName("box")));
            denied("ListInstanceProfiles", () -> nobody.listInstanceProfiles(r -> { }));
            denied("DeleteInstanceProfile", () -> nobody.deleteInstanceProfile(r -> r.instanceProfileName("box")));
            denied("AddRoleToInstanceProfile", () -> nobody.addRoleToInstanceProfile(r -> r.instanceProfileName("box")
                    .roleName("worker")));
            denied("PassRole", () -> partial.addRoleToInstanceProfile(r -> r.instanceProfileName("box").roleName("worker")));
            denied("RemoveRoleFromInstanceProfile", () -> nobody.removeRoleFromInstanceProfile(r -> r
                    .instanceProfileName("occupied").roleName("profiled-role")));
            denied("ListInstanceProfilesForRole", () -> nobody.listInstanceProfilesForRole(r -> r.roleName("worker")));
            denied("TagInstanceProfile", () -> nobody.tagInstanceProfile(r -> r.instanceProfileName("box")
                    .tags(tag("k0", "v"))));
            denied("UntagInstanceProfile", () -> nobody.untagInstanceProfile(r -> r.instanceProfileName("box").tagKeys("k0")));
            denied("ListInstanceProfileTags", () -> nobody.listInstanceProfileTags(r -> r.instanceProfileName("box")));
            denied("CreateLoginProfile", () -> nobody.createLoginProfile(r -> r.userName("alice").password("Correct-Horse-9")));
            denied("GetLoginProfile", () -> nobody.getLoginProfile(r -> r.userName("has-login")));
            denied("UpdateLoginProfile", () -> nobody.updateLoginProfile(r -> r.userName("has-login")
                    .passwordResetRequired(true)));
            denied("DeleteLoginProfile", () -> nobody.deleteLoginProfile(r -> r.userName("has-login")));
            denied("ChangePassword", () -> nobody.changePassword(r -> r.oldPassword("Correct-Horse-9")
                    .newPassword("Correct-Horse-9!")));
            denied("CreateVirtualMFADevice", () -> nobody.createVirtualMFADevice(r -> r.virtualMFADeviceName("made")));
            denied("EnableMFADevice", () -> nobody.enableMFADevice(r -> r.userName("alice")
                    .serialNumber(SPARE).authenticationCode1("000000").authenticationCode2("000000")));
            denied("DeactivateMFADevice", () -> nobody.deactivateMFADevice(r -> r.userName("has-mfa").serialNumber(IN_USE)));
            denied("ResyncMFADevice", () -> nobody.resyncMFADevice(r -> r.userName("has-mfa")
                    .serialNumber(IN_USE).authenticationCode1("000000").authenticationCode2("000000")));
            denied("ListMFADevices", () -> nobody.listMFADevices(r -> r.userName("has-mfa")));
            denied("ListVirtualMFADevices", () -> nobody.listVirtualMFADevices(r -> { }));
            denied("GetMFADevice", () -> nobody.getMFADevice(r -> r.userName("has-mfa").serialNumber(IN_USE)));
            denied("DeleteVirtualMFADevice", () -> nobody.deleteVirtualMFADevice(r -> r.serialNumber(SPARE)));
            denied("TagMFADevice", () -> nobody.tagMFADevice(r -> r.serialNumber(SPARE).tags(tag("k0", "v"))));
            denied("UntagMFADevice", () -> nobody.untagMFADevice(r -> r.serialNumber(SPARE).tagKeys("k0")));
            denied("ListMFADeviceTags", () -> nobody.listMFADeviceTags(r -> r.serialNumber(SPARE)));
            denied("SimulatePrincipalPolicy", () -> nobody.simulatePrincipalPolicy(r -> r.policySourceArn(ALICE)
                    .actionNames("iam:GetUser")));
            denied("SimulateCustomPolicy", () -> nobody.simulateCustomPolicy(r -> r.policyInputList(ALLOW_GET_USER)
                    .actionNames("iam:GetUser")));
            denied("GetContextKeysForPrincipalPolicy", () -> nobody.getContextKeysForPrincipalPolicy(r -> r
                    .policySourceArn(ALICE)));
            denied("GetContextKeysForCustomPolicy", () -> nobody.getContextKeysForCustomPolicy(r -> r.policyInputList(ALLOW_GET_USER)));
        }
    }
}
