package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM roles over the AWS SDK for Java v2, and role sessions authorized by the role's policies. */
class IamRolesTest {
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
    void rolesAreCreatedWithTrustPoliciesAndShownAsAwsShowsThem() {
        Role created = root.createRole(r -> r.roleName("deployer").path("/ci/").assumeRolePolicyDocument(TRUST)
                .description("CI deploys").tags(Tag.builder().key("team").value("platform").build())).role();
        assertEquals("arn:aws:iam::123456789012:role/ci/deployer", created.arn());
        assertTrue(created.roleId().matches("AROA[A-Z2-7]{17}"), created.roleId());
        assertNull(created.maxSessionDuration(), "CreateRole leaves out MaxSessionDuration, as AWS does");
        Role read = root.getRole(r -> r.roleName("deployer")).role();
        assertEquals(TRUST, URLDecoder.decode(read.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(3600, read.maxSessionDuration());
        assertEquals("CI deploys", read.description());
        assertEquals("platform", read.tags().get(0).value());
        assertTrue(root.listRoles(r -> r.pathPrefix("/ci/")).roles().stream().anyMatch(x -> x.roleName().equals("deployer")));

        root.updateRole(r -> r.roleName("deployer").maxSessionDuration(7200));
        assertEquals(7200, root.getRole(r -> r.roleName("deployer")).role().maxSessionDuration());
        assertEquals("new words", root.updateRoleDescription(r -> r.roleName("deployer").description("new words"))
                .role().description());
        iamFails("ValidationError", 400, () -> root.updateRole(r -> r.roleName("deployer").maxSessionDuration(100)));
        IamException dup = iamFails("EntityAlreadyExists", 409, () -> root.createRole(r -> r.roleName("DEPLOYER")
                .assumeRolePolicyDocument(TRUST)));
        assertEquals("Role with name DEPLOYER already exists.", dup.awsErrorDetails().errorMessage());
    }

    @Test
    void trustPoliciesAreValidatedAsAwsDoes() {
        IamException ghost = iamFails("MalformedPolicyDocument", 400, () -> root.createRole(r -> r.roleName("r1")
                .assumeRolePolicyDocument(TRUST.replace("arn:aws:iam::123456789012:root",
                        "arn:aws:iam::123456789012:role/ghost"))));
        assertEquals("Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:role/ghost\"",
                ghost.awsErrorDetails().errorMessage());
        IamException notJson = iamFails("MalformedPolicyDocument", 400, () -> root.createRole(r -> r.roleName("r2")
                .assumeRolePolicyDocument("{\"Version\":")));
        assertEquals("This policy contains invalid Json", notJson.awsErrorDetails().errorMessage());
        iamFails("MalformedPolicyDocument", 400, () -> root.createRole(r -> r.roleName("r2").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}")));
        String huge = TRUST.replace("sts:AssumeRole\"", "sts:AssumeRole\",\"Sid\":\"" + "x".repeat(2100) + "\"");
        iamFails("LimitExceeded", 409, () -> root.createRole(r -> r.roleName("r3").assumeRolePolicyDocument(huge)));
        root.createRole(r -> r.roleName("target").assumeRolePolicyDocument(TRUST));
        String namingTarget = TRUST.replace("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/target");
        root.createRole(r -> r.roleName("r4").assumeRolePolicyDocument(namingTarget));
        root.updateAssumeRolePolicy(r -> r.roleName("r4").policyDocument(TRUST));
        assertEquals(TRUST, URLDecoder.decode(root.getRole(r -> r.roleName("r4")).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8));
    }

    @Test
    void rolePoliciesAndDeletion() {
        root.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(TRUST));
        root.putRolePolicy(r -> r.roleName("worker").policyName("inline").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}")));
        root.attachRolePolicy(r -> r.roleName("worker").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        assertEquals(List.of("inline"), root.listRolePolicies(r -> r.roleName("worker")).policyNames());
        assertEquals("worker", root.getRolePolicy(r -> r.roleName("worker").policyName("inline")).roleName());
        IamException inline = iamFails("DeleteConflict", 409, () -> root.deleteRole(r -> r.roleName("worker")));
        assertEquals("Cannot delete entity, must delete policies first.", inline.awsErrorDetails().errorMessage());
        root.deleteRolePolicy(r -> r.roleName("worker").policyName("inline"));
        iamFails("DeleteConflict", 409, () -> root.deleteRole(r -> r.roleName("worker")));
        root.detachRolePolicy(r -> r.roleName("worker").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        root.tagRole(r -> r.roleName("worker").tags(Tag.builder().key("k").value("v").build()));
        assertEquals(1, root.listRoleTags(r -> r.roleName("worker")).tags().size());
        root.deleteRole(r -> r.roleName("worker"));
        IamException gone = iamFails("NoSuchEntity", 404, () -> root.getRole(r -> r.roleName("worker")));
        assertEquals("The role with name worker cannot be found.", gone.awsErrorDetails().errorMessage());
    }

    @Test
    void roleSessionsActWithTheRolesPoliciesNarrowedBySessionPolicies() {
        Role role = root.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(TRUST)).role();
        root.attachRolePolicy(r -> r.roleName("reader").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        Instant now = Instant.now();
        SplittableRandom random = new SplittableRandom(3);
        SessionClaims plain = new SessionClaims(AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, "123456789012", random).value(),
                SecretAccessKey.mint(random), SessionKind.ASSUMED_ROLE, "123456789012", role.arn(), role.roleId(), "s1",
                now.minusSeconds(5), now.plusSeconds(900), Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of(), Optional.empty(), false);
        try (IamClient session = sessionClient(plain)) {
            session.listRoles();
            session.getRole(r -> r.roleName("reader"));
            IamException denied = iamFails("AccessDenied", 403, () -> session.createRole(r -> r.roleName("x")
                    .assumeRolePolicyDocument(TRUST)));
            assertTrue(denied.awsErrorDetails().errorMessage().startsWith(
                    "User: arn:aws:sts::123456789012:assumed-role/reader/s1 is not authorized to perform: iam:CreateRole"),
                    denied.awsErrorDetails().errorMessage());
        }
        SessionClaims narrowed = new SessionClaims(AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, "123456789012", random).value(),
                SecretAccessKey.mint(random), SessionKind.ASSUMED_ROLE, "123456789012", role.arn(), role.roleId(), "s2",
                now.minusSeconds(5), now.plusSeconds(900), Optional.empty(),
                Optional.of(policy("{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\"}")), List.of(),
                List.of(), List.of(), Optional.empty(), false);
        try (IamClient session = sessionClient(narrowed)) {
            session.getRole(r -> r.roleName("reader"));
            IamException denied = iamFails("AccessDenied", 403, session::listRoles);
            assertTrue(TestServer.awsWording(denied.awsErrorDetails().errorMessage())
                    .endsWith("because no session policy allows the iam:ListRoles action"),
                    denied.awsErrorDetails().errorMessage());
        }
    }

    private static IamClient sessionClient(SessionClaims claims) {
        return server.iam(AwsSessionCredentials.create(claims.accessKeyId(), claims.secretAccessKey(),
                server.seal(claims)));
    }

    @Test
    void instanceProfilesHoldOneRole() {
        root.createRole(r -> r.roleName("ec2-app").assumeRolePolicyDocument(TRUST));
        root.createRole(r -> r.roleName("ec2-other").assumeRolePolicyDocument(TRUST));
        var profile = root.createInstanceProfile(r -> r.instanceProfileName("web").path("/apps/")).instanceProfile();
        assertEquals("arn:aws:iam::123456789012:instance-profile/apps/web", profile.arn());
        assertTrue(profile.instanceProfileId().matches("AIPA[A-Z2-7]{17}"), profile.instanceProfileId());
        iamFails("EntityAlreadyExists", 409, () -> root.createInstanceProfile(r -> r.instanceProfileName("WEB")));
        root.addRoleToInstanceProfile(r -> r.instanceProfileName("web").roleName("ec2-app"));
        IamException second = iamFails("LimitExceeded", 409, () -> root.addRoleToInstanceProfile(r -> r.instanceProfileName("web")
                .roleName("ec2-other")));
        assertEquals("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", second.awsErrorDetails().errorMessage());
        assertEquals("ec2-app", root.getInstanceProfile(r -> r.instanceProfileName("web")).instanceProfile().roles().get(0).roleName());
        assertEquals("web", root.listInstanceProfilesForRole(r -> r.roleName("ec2-app")).instanceProfiles().get(0)
                .instanceProfileName());
        IamException inUse = iamFails("DeleteConflict", 409, () -> root.deleteRole(r -> r.roleName("ec2-app")));
        assertEquals("Cannot delete entity, must remove roles from instance profile first.", inUse.awsErrorDetails().errorMessage());
        iamFails("DeleteConflict", 409, () -> root.deleteInstanceProfile(r -> r.instanceProfileName("web")));
        root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("web").roleName("ec2-app"));
        root.tagInstanceProfile(r -> r.instanceProfileName("web").tags(Tag.builder().key("tier").value("front").build()));
        assertEquals("front", root.listInstanceProfileTags(r -> r.instanceProfileName("web")).tags().get(0).value());
        assertTrue(root.listInstanceProfiles(r -> r.pathPrefix("/apps/")).instanceProfiles().stream()
                .anyMatch(p -> p.instanceProfileName().equals("web")));
        root.deleteInstanceProfile(r -> r.instanceProfileName("web"));
        root.deleteRole(r -> r.roleName("ec2-app"));
        IamException gone = iamFails("NoSuchEntity", 404, () -> root.getInstanceProfile(r -> r.instanceProfileName("web")));
        assertEquals("Instance Profile web cannot be found.", gone.awsErrorDetails().errorMessage());
    }

    @Test
    void accountAuthorizationDetailsShowEverythingOfTheAccount() {
        root.createUser(r -> r.userName("detailed"));
        root.putUserPolicy(r -> r.userName("detailed").policyName("inline-one").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}"));
        root.attachUserPolicy(r -> r.userName("detailed").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        root.createRole(r -> r.roleName("detailed-role").assumeRolePolicyDocument(TRUST));
        root.createInstanceProfile(r -> r.instanceProfileName("detailed-profile"));
        root.addRoleToInstanceProfile(r -> r.instanceProfileName("detailed-profile").roleName("detailed-role"));
        root.createPolicy(r -> r.policyName("DetailedLocal").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}]}"));

        var all = root.getAccountAuthorizationDetails(r -> r.maxItems(1000));
        var user = all.userDetailList().stream().filter(u -> u.userName().equals("detailed")).findFirst().orElseThrow();
        assertEquals("inline-one", user.userPolicyList().get(0).policyName());
        assertTrue(URLDecoder.decode(user.userPolicyList().get(0).policyDocument(), StandardCharsets.UTF_8).contains("iam:GetUser"));
        assertEquals("IAMReadOnlyAccess", user.attachedManagedPolicies().get(0).policyName());
        var role = all.roleDetailList().stream().filter(x -> x.roleName().equals("detailed-role")).findFirst().orElseThrow();
        assertEquals("detailed-profile", role.instanceProfileList().get(0).instanceProfileName());
        assertTrue(all.policies().stream().anyMatch(p -> p.policyName().equals("DetailedLocal")
                && p.policyVersionList().get(0).isDefaultVersion()));
        assertTrue(all.policies().stream().anyMatch(p -> p.arn().equals("arn:aws:iam::aws:policy/IAMReadOnlyAccess")),
                "AWS managed policies attached in the account are listed");
        assertTrue(all.policies().stream().noneMatch(p -> p.arn().equals("arn:aws:iam::aws:policy/SecurityAudit")),
                "AWS managed policies used nowhere in the account are not");

        var onlyRoles = root.getAccountAuthorizationDetails(r -> r.filterWithStrings("Role"));
        assertTrue(onlyRoles.userDetailList().isEmpty() && onlyRoles.policies().isEmpty() && !onlyRoles.roleDetailList().isEmpty());
        var firstPage = root.getAccountAuthorizationDetails(r -> r.maxItems(1));
        assertTrue(firstPage.isTruncated());
        root.removeRoleFromInstanceProfile(r -> r.instanceProfileName("detailed-profile").roleName("detailed-role"));
        root.deleteInstanceProfile(r -> r.instanceProfileName("detailed-profile"));
    }

    @Test
    void serviceLinkedRolesAreProtected() {
        Role slr = root.createServiceLinkedRole(r -> r.awsServiceName("autoscaling.amazonaws.com")).role();
        assertEquals("AWSServiceRoleForAutoScaling", slr.roleName());
        assertEquals("/aws-service-role/autoscaling.amazonaws.com/", slr.path());
        assertTrue(URLDecoder.decode(slr.assumeRolePolicyDocument(), StandardCharsets.UTF_8).contains("autoscaling.amazonaws.com"));
        IamException locked = iamFails("UnmodifiableEntity", 400, () -> root.updateAssumeRolePolicy(r -> r.roleName(slr.roleName())
                .policyDocument(TRUST)));
        assertTrue(locked.awsErrorDetails().errorMessage().contains("protected role 'AWSServiceRoleForAutoScaling'"));
        iamFails("UnmodifiableEntity", 400, () -> root.attachRolePolicy(r -> r.roleName(slr.roleName())
                .policyArn("arn:aws:iam::aws:policy/AdministratorAccess")));
        iamFails("UnmodifiableEntity", 400, () -> root.deleteRole(r -> r.roleName(slr.roleName())));
        root.updateRoleDescription(r -> r.roleName(slr.roleName()).description("scaling"));
        iamFails("InvalidInput", 400, () -> root.createServiceLinkedRole(r -> r.awsServiceName("autoscaling.amazonaws.com")));
        assertEquals("AWSServiceRoleForAutoScaling_web", root.createServiceLinkedRole(r -> r
                .awsServiceName("autoscaling.amazonaws.com").customSuffix("web")).role().roleName());
        root.createRole(r -> r.roleName("ordinary").assumeRolePolicyDocument(TRUST));
        iamFails("InvalidInput", 400, () -> root.deleteServiceLinkedRole(r -> r.roleName("ordinary")));
        String task = root.deleteServiceLinkedRole(r -> r.roleName(slr.roleName())).deletionTaskId();
        assertTrue(task.startsWith("task/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling/"), task);
        assertEquals("SUCCEEDED", root.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task)).statusAsString());
        iamFails("NoSuchEntity", 404, () -> root.getRole(r -> r.roleName(slr.roleName())));
    }
}
