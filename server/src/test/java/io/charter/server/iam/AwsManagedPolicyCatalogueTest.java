package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.ALLOW_GET_USER;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.allow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * Every AWS managed policy of the source (moto 5.2.1's data: 1,485 policies), through the AWS SDK:
 * the ones Terraform configurations attach routinely, their metadata as the source has it, the
 * whole catalogue paged through, and decisions under their documents.
 */
class AwsManagedPolicyCatalogueTest {
    private static final int SOURCE_COUNT = 1485;
    private static final String LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    private static final AwsManagedPolicies SOURCE = AwsManagedPolicies.loadFromClasspath();

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
    void rolesAttachTheManagedPoliciesTerraformUses() {
        root.createRole(r -> r.roleName("lambda-fn").assumeRolePolicyDocument(TRUST));
        root.attachRolePolicy(r -> r.roleName("lambda-fn").policyArn(LAMBDA_BASIC));
        root.attachRolePolicy(r -> r.roleName("lambda-fn").policyArn(SSM_CORE));
        List<AttachedPolicy> attached = root.listAttachedRolePolicies(r -> r.roleName("lambda-fn")).attachedPolicies();
        assertEquals(Set.of(LAMBDA_BASIC, SSM_CORE), Set.of(attached.get(0).policyArn(), attached.get(1).policyArn()));
        assertEquals(1, root.getPolicy(r -> r.policyArn(LAMBDA_BASIC)).policy().attachmentCount());
        assertEquals("lambda-fn", root.listEntitiesForPolicy(r -> r.policyArn(LAMBDA_BASIC)).policyRoles().get(0).roleName());
        // The path is part of the ARN: without /service-role/ there is no such policy.
        iamFails("NoSuchEntity", 404, () -> root.attachRolePolicy(r -> r.roleName("lambda-fn")
                .policyArn("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")));

        // Only the attached AWS managed policies are listed among the account's details, as in AWS.
        GetAccountAuthorizationDetailsResponse details = root.getAccountAuthorizationDetails(r -> r
                .filterWithStrings("AWSManagedPolicy").maxItems(1000));
        assertFalse(details.isTruncated());
        Set<String> listed = new HashSet<>();
        details.policies().forEach(p -> listed.add(p.arn()));
        assertTrue(listed.containsAll(Set.of(LAMBDA_BASIC, SSM_CORE)), listed.toString());
        assertTrue(listed.size() < 20, "only attached ones: " + listed.size());

        root.detachRolePolicy(r -> r.roleName("lambda-fn").policyArn(LAMBDA_BASIC));
        assertEquals(0, root.getPolicy(r -> r.policyArn(LAMBDA_BASIC)).policy().attachmentCount());
        assertTrue(root.listPolicies(r -> r.scope("AWS").onlyAttached(true).maxItems(1000)).policies().stream()
                .map(Policy::arn).toList().contains(SSM_CORE));
        root.detachRolePolicy(r -> r.roleName("lambda-fn").policyArn(SSM_CORE));
        root.deleteRole(r -> r.roleName("lambda-fn"));
    }

    @Test
    void getPolicyShowsTheSourcesPathVersionAndDates() throws Exception {
        Policy lambda = root.getPolicy(r -> r.policyArn(LAMBDA_BASIC)).policy();
        assertEquals("AWSLambdaBasicExecutionRole", lambda.policyName());
        assertEquals("/service-role/", lambda.path());
        assertEquals("v1", lambda.defaultVersionId());
        assertEquals(Instant.parse("2015-04-09T15:03:43Z"), lambda.createDate());
        assertEquals(Instant.parse("2015-04-09T15:03:43Z"), lambda.updateDate());
        assertEquals(SOURCE.byArn(LAMBDA_BASIC).orElseThrow().policyId(), lambda.policyId());
        assertEquals(null, lambda.description(), "the source has no description for it");

        Policy ssm = root.getPolicy(r -> r.policyArn(SSM_CORE)).policy();
        assertEquals("/", ssm.path());
        assertEquals("v2", ssm.defaultVersionId());
        assertEquals(Instant.parse("2019-03-15T17:22:12Z"), ssm.createDate());
        assertEquals(Instant.parse("2019-05-23T16:54:21Z"), ssm.updateDate());

        PolicyVersion version = root.getPolicyVersion(r -> r.policyArn(SSM_CORE).versionId("v2")).policyVersion();
        assertTrue(version.isDefaultVersion());
        assertEquals(Instant.parse("2019-05-23T16:54:21Z"), version.createDate());
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(SOURCE.byArn(SSM_CORE).orElseThrow().documentText()),
                mapper.readTree(URLDecoder.decode(version.document(), StandardCharsets.UTF_8)));
        assertEquals(List.of("v2"), root.listPolicyVersions(r -> r.policyArn(SSM_CORE)).versions().stream()
                .map(PolicyVersion::versionId).toList());
        iamFails("NoSuchEntity", 404, () -> root.getPolicyVersion(r -> r.policyArn(SSM_CORE).versionId("v1")));
    }

    @Test
    void listPoliciesPagesThroughEveryManagedPolicy() {
        List<String> arns = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        int pages = 0;
        do {
            Optional<String> from = marker;
            ListPoliciesResponse page = root.listPolicies(r -> r.scope("AWS").maxItems(100).marker(from.orElse(null)));
            page.policies().forEach(p -> arns.add(p.arn()));
            marker = page.isTruncated() ? Optional.of(page.marker()) : Optional.empty();
            pages++;
        } while (marker.isPresent());
        assertEquals(SOURCE_COUNT, arns.size());
        assertEquals(SOURCE_COUNT, new HashSet<>(arns).size(), "no policy twice across pages");
        assertEquals((SOURCE_COUNT + 99) / 100, pages);
        assertTrue(arns.contains(LAMBDA_BASIC) && arns.contains(SSM_CORE));

        // The SDK's paginator agrees; the default page is 100.
        assertEquals(SOURCE_COUNT, root.listPoliciesPaginator(r -> r.scope("AWS")).policies().stream().count());
        long serviceRole = SOURCE.all().stream().filter(p -> p.path().equals("/service-role/")).count();
        assertEquals(218, serviceRole);
        assertEquals(serviceRole, root.listPoliciesPaginator(r -> r.scope("AWS").pathPrefix("/service-role/"))
                .policies().stream().count());
        root.createPolicy(r -> r.policyName("local-one").policyDocument(ALLOW_GET_USER));
        assertEquals(SOURCE_COUNT + 1, root.listPoliciesPaginator(r -> r.scope("All")).policies().stream().count());
    }

    @Test
    void decisionsFollowAmazonSsmManagedInstanceCore() {
        root.createRole(r -> r.roleName("instance").assumeRolePolicyDocument(TRUST));
        root.attachRolePolicy(r -> r.roleName("instance").policyArn(SSM_CORE));
        List<EvaluationResult> results = root.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:role/instance")
                .actionNames("ssm:UpdateInstanceInformation", "ssmmessages:OpenDataChannel", "ec2messages:GetMessages",
                        "ssm:PutParameter", "iam:ListUsers")).evaluationResults();
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, results.get(0).evalDecision());
        assertEquals("AmazonSSMManagedInstanceCore", results.get(0).matchedStatements().get(0).sourcePolicyId());
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, results.get(1).evalDecision());
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, results.get(2).evalDecision());
        // Reads parameters, never writes them; grants nothing in IAM.
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, results.get(3).evalDecision());
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, results.get(4).evalDecision());

        // The live decision agrees: a session of the role is refused iam:ListUsers.
        try (IamClient session = server.iam(TestServer.session(server.sts(server.userWithKey("assumer",
                allow("\"sts:AssumeRole\"")))
                .assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/instance").roleSessionName("i-1"))
                .credentials()))) {
            iamFails("AccessDenied", 403, session::listUsers);
        }
        root.detachRolePolicy(r -> r.roleName("instance").policyArn(SSM_CORE));
    }
}
