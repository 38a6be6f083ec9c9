package io.charter.server.iam;

import static io.charter.server.iam.IamUsersAndPoliciesTest.fails;
import static io.charter.server.iam.IamUsersAndPoliciesTest.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.TestServer;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The guardrails administrators build with condition keys on IAM resources, and the fail-closed
 * rules behind them: tag-protected resources, boundary-conditioned delegation, references that no
 * longer resolve.
 */
class AuthorizationGuardrailsTest {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
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

    private static AccessKey userKey(String name, String document) {
        root.createUser(r -> r.userName(name));
        root.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(document));
        return root.createAccessKey(r -> r.userName(name)).accessKey();
    }

    @Test
    void resourceTagsProtectResources() {
        root.createRole(r -> r.roleName("admin-role").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("protected").value("true").build()));
        root.createRole(r -> r.roleName("plain-role").assumeRolePolicyDocument(TRUST));
        AccessKey key = userKey("delegate", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/protected\":\"true\"}}}]}");
        try (IamClient delegate = IamUsersAndPoliciesTest.clientFor(server, key.accessKeyId(), key.secretAccessKey())) {
            String narrower = TRUST.replace("\"Action\":\"sts:AssumeRole\"", "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]");
            delegate.updateAssumeRolePolicy(r -> r.roleName("plain-role").policyDocument(narrower));
            assertEquals(narrower, java.net.URLDecoder.decode(root.getRole(r -> r.roleName("plain-role")).role()
                    .assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8));
            fails("AccessDenied", 403, () -> delegate.updateAssumeRolePolicy(r -> r.roleName("admin-role").policyDocument(TRUST)));
            fails("AccessDenied", 403, () -> delegate.deleteRole(r -> r.roleName("admin-role")));
        }
    }

    @Test
    void boundaryConditionedDelegation() {
        String boundary = root.createPolicy(r -> r.policyName("Fence").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"))).policy().arn();
        root.createUser(r -> r.userName("fenced").permissionsBoundary(boundary));
        root.createUser(r -> r.userName("unfenced"));
        AccessKey key = userKey("lead", policy("{\"Effect\":\"Allow\",\"Action\":\"iam:PutUserPolicy\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PermissionsBoundary\":\"" + boundary + "\"}}}"));
        try (IamClient lead = IamUsersAndPoliciesTest.clientFor(server, key.accessKeyId(), key.secretAccessKey())) {
            String doc = policy("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}");
            lead.putUserPolicy(r -> r.userName("fenced").policyName("x").policyDocument(doc));
            assertEquals(doc, java.net.URLDecoder.decode(root.getUserPolicy(r -> r.userName("fenced").policyName("x"))
                    .policyDocument(), java.nio.charset.StandardCharsets.UTF_8));
            fails("AccessDenied", 403, () -> lead.putUserPolicy(r -> r.userName("unfenced").policyName("x").policyDocument(doc)));
        }
    }

    @Test
    void refusalsDoNotRevealWhetherARoleExists() {
        AccessKey key = userKey("prober", policy("{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\","
                + "\"sts:GetFederationToken\"],\"Resource\":\"*\"}"));
        root.createRole(r -> r.roleName("real-role").assumeRolePolicyDocument(TRUST));
        try (StsClient sts = StsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(),
                        key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            for (String role : List.of("real-role", "no-such-role")) {
                var e = org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.awscore.exception.AwsServiceException.class,
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
        String negative = Base64.getUrlEncoder().withoutPadding().encodeToString("p1:-1".getBytes());
        fails("InvalidInput", 400, () -> root.listUsers(r -> r.marker(negative)));
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
}
