package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyResponse;
import software.amazon.awssdk.services.iam.model.Statement;

/** The policy simulator over the AWS SDK for Java v2: decisions, matched statements with positions, missing keys. */
class IamSimulatorTest {
    private static final String SUBJECT = "arn:aws:iam::123456789012:user/subject";
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
    void simulatePrincipalPolicyExplainsEachDecision() {
        root.createUser(r -> r.userName("sim"));
        String allowIp = policy("{\"Sid\":\"FromOffice\",\"Effect\":\"Allow\",\"Action\":\"iam:CreateUser\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        root.putUserPolicy(r -> r.userName("sim").policyName("office").policyDocument(allowIp));
        root.putUserPolicy(r -> r.userName("sim").policyName("no-delete").policyDocument(policy(
                "{\"Effect\":\"Deny\",\"Action\":\"iam:DeleteUser\",\"Resource\":\"*\"}")));
        root.attachUserPolicy(r -> r.userName("sim").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));

        List<EvaluationResult> results = root.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/sim")
                .actionNames("iam:GetUser", "iam:DeleteUser", "iam:CreateUser")).evaluationResults();
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, results.get(0).evalDecision());
        Statement byManaged = results.get(0).matchedStatements().get(0);
        assertEquals("IAMReadOnlyAccess", byManaged.sourcePolicyId());
        assertEquals("aws-managed", byManaged.sourcePolicyTypeAsString());
        assertEquals(PolicyEvaluationDecisionType.EXPLICIT_DENY, results.get(1).evalDecision());
        Statement deny = results.get(1).matchedStatements().get(0);
        assertEquals("no-delete", deny.sourcePolicyId());
        assertEquals("user", deny.sourcePolicyTypeAsString());
        assertEquals(1, deny.startPosition().line());
        assertTrue(deny.endPosition().column() > deny.startPosition().column());
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, results.get(2).evalDecision());
        assertTrue(results.get(2).matchedStatements().isEmpty());

        // CreateUser is allowed only by the office statement: from inside 10.0.0.0/8 and from nowhere else.
        EvaluationResult fromOffice = root.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/sim").actionNames("iam:CreateUser")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:SourceIp").contextKeyValues("10.1.2.3")
                        .contextKeyType(ContextKeyTypeEnum.IP).build()))
                .evaluationResults().get(0);
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, fromOffice.evalDecision());
        assertEquals("office", fromOffice.matchedStatements().get(0).sourcePolicyId());
        EvaluationResult fromElsewhere = root.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/sim").actionNames("iam:CreateUser")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:SourceIp").contextKeyValues("192.0.2.1")
                        .contextKeyType(ContextKeyTypeEnum.IP).build()))
                .evaluationResults().get(0);
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, fromElsewhere.evalDecision());
        assertTrue(root.getContextKeysForPrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::123456789012:user/sim"))
                .contextKeyNames().stream().anyMatch(k -> k.equalsIgnoreCase("aws:SourceIp")));
        iamFails("NoSuchEntity", 404, () -> root.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/ghost").actionNames("iam:GetUser")));
    }

    @Test
    void simulateCustomPolicyWithContextResourcesAndBoundary() {
        String conditional = policy("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports/*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}}");
        List<EvaluationResult> missing = root.simulateCustomPolicy(r -> r.policyInputList(conditional)
                .actionNames("s3:GetObject").resourceArns("arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::other/x"))
                .evaluationResults();
        assertEquals(2, missing.size());
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, missing.get(0).evalDecision());
        assertEquals(List.of("aws:PrincipalTag/team"), missing.get(0).missingContextValues());
        EvaluationResult blue = root.simulateCustomPolicy(r -> r.policyInputList(conditional).actionNames("s3:GetObject")
                .resourceArns("arn:aws:s3:::reports/q1.csv")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:PrincipalTag/team").contextKeyValues("blue")
                        .contextKeyType(ContextKeyTypeEnum.STRING).build())).evaluationResults().get(0);
        assertEquals(PolicyEvaluationDecisionType.ALLOWED, blue.evalDecision());
        assertEquals("PolicyInputList.1", blue.matchedStatements().get(0).sourcePolicyId());

        EvaluationResult bounded = root.simulateCustomPolicy(r -> r.policyInputList(conditional).actionNames("s3:GetObject")
                .resourceArns("arn:aws:s3:::reports/q1.csv")
                .permissionsBoundaryPolicyInputList(policy("{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}"))
                .contextEntries(ContextEntry.builder().contextKeyName("aws:PrincipalTag/team").contextKeyValues("blue")
                        .contextKeyType(ContextKeyTypeEnum.STRING).build())).evaluationResults().get(0);
        assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, bounded.evalDecision());
        assertFalse(bounded.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());

        assertEquals(List.of("aws:PrincipalTag/team"), root.getContextKeysForCustomPolicy(r -> r.policyInputList(conditional))
                .contextKeyNames());
        iamFails("MalformedPolicyDocument", 400, () -> root.simulateCustomPolicy(r -> r.policyInputList("{nope")
                .actionNames("s3:GetObject")));
        iamFails("InvalidInput", 400, () -> root.simulateCustomPolicy(r -> r.policyInputList(conditional).actionNames("s3:GetObject")
                .contextEntries(ContextEntry.builder().contextKeyName("aws:EpochTime").contextKeyValues("soon")
                        .contextKeyType(ContextKeyTypeEnum.NUMERIC).build())));
    }

    @Test
    void refusesWhatItCannotSimulate() {
        root.createUser(r -> r.userName("subject"));
        iamFails("ValidationError", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT)));
        iamFails("InvalidInput", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:s3:::some-bucket")
                .actionNames("iam:GetUser")));
        iamFails("MalformedPolicyDocument", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT)
                .policyInputList("{nope").actionNames("iam:GetUser")));
        iamFails("InvalidInput", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT).actionNames("nocolon")));
        iamFails("InvalidInput", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT)
                .actionNames("iam:GetUser").callerArn("arn:aws:iam::123456789012:role/a-role")));
        iamFails("InvalidInput", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT)
                .actionNames("iam:GetUser").contextEntries(ContextEntry.builder().contextKeyName("aws:EpochTime")
                .contextKeyType("numeric").contextKeyValues("soon").build())));
        iamFails("InvalidInput", 400, () -> root.simulatePrincipalPolicy(r -> r.policySourceArn(SUBJECT)
                .actionNames("iam:GetUser").marker("garbage")));
        iamFails("ValidationError", 400, () -> root.simulateCustomPolicy(r -> r.actionNames("iam:GetUser")));
        iamFails("ValidationError", 400, () -> root.getContextKeysForPrincipalPolicy(r -> { }));
        iamFails("InvalidInput", 400, () -> root.getContextKeysForPrincipalPolicy(r -> r
                .policySourceArn("arn:aws:s3:::some-bucket")));
        iamFails("NoSuchEntity", 404, () -> root.getContextKeysForPrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/ghost")));
        iamFails("MalformedPolicyDocument", 400, () -> root.getContextKeysForPrincipalPolicy(r -> r.policySourceArn(SUBJECT)
                .policyInputList("{nope")));
        iamFails("ValidationError", 400, () -> root.getContextKeysForCustomPolicy(r -> { }));
        iamFails("MalformedPolicyDocument", 400, () -> root.getContextKeysForCustomPolicy(r -> r.policyInputList("{nope")));
    }

    /**
     * A grid of 1,000 actions × 100 resources against a policy of 100 conditional statements is
     * 100,000 decisions; only the page returned is evaluated, so the first page answers within a
     * generous bound, however large the grid. A grid beyond the documented bound is refused before
     * anything is evaluated.
     */
    @Test
    void aSimulationEvaluatesOnlyThePageItReturns() {
        StringBuilder statements = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            statements.append(i == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",")
                    .append("\"Resource\":\"arn:aws:s3:::bucket-").append(i).append("/*\",")
                    .append("\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/team\":\"team-").append(i).append("*\"}}}");
        }
        String document = policy(statements.toString());
        List<String> actions = IntStream.range(0, 1000).mapToObj(i -> "s3:GetObject" + i).toList();
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "arn:aws:s3:::bucket-" + i + "/key").toList();
        long started = System.nanoTime();
        SimulateCustomPolicyResponse page = root.simulateCustomPolicy(r -> r.policyInputList(document)
                .actionNames(actions).resourceArns(hundred).maxItems(10));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(10, page.evaluationResults().size());
        assertTrue(page.isTruncated());
        assertEquals("s3:GetObject0", page.evaluationResults().get(9).evalActionName());
        assertEquals("arn:aws:s3:::bucket-9/key", page.evaluationResults().get(9).evalResourceName());
        assertTrue(elapsedMillis < 3_000, "the first page of a 100,000-pair grid took " + elapsedMillis + " ms");
        SimulateCustomPolicyResponse next = root.simulateCustomPolicy(r -> r.policyInputList(document)
                .actionNames(actions).resourceArns(hundred).maxItems(10).marker(page.marker()));
        assertEquals("s3:GetObject0", next.evaluationResults().get(0).evalActionName());
        assertEquals("arn:aws:s3:::bucket-10/key", next.evaluationResults().get(0).evalResourceName());

        List<String> thousand = IntStream.range(0, 1000).mapToObj(i -> "arn:aws:s3:::bucket-" + i + "/key").toList();
        IamException refused = iamFails("InvalidInput", 400, () -> root.simulateCustomPolicy(r -> r
                .policyInputList(document).actionNames(actions).resourceArns(thousand)));
        assertEquals("The simulation would evaluate 1000000 pairs of action and resource; at most 100000 are"
                + " simulated in one request.", refused.awsErrorDetails().errorMessage());
    }

    @Test
    void aHostilePolicyAndContextCostAPageOfBoundedWork() {
        // "*aa…ab" against a value of a's: unbounded, each evaluation compares 120,000 × 100,000 characters.
        String hostile = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringLike\":{\"aws:UserAgent\":\"*" + "a".repeat(120_000) + "b\"}}}");
        ContextEntry agent = ContextEntry.builder().contextKeyName("aws:UserAgent")
                .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues("a".repeat(100_000)).build();
        List<String> actions = IntStream.range(0, 1000).mapToObj(i -> "s3:GetObject" + i).toList();
        long started = System.nanoTime();
        SimulateCustomPolicyResponse page = root.simulateCustomPolicy(r -> r.policyInputList(hostile)
                .actionNames(actions).contextEntries(agent).maxItems(1000));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // Each evaluation stops at its budget and denies; the page stops at its own, truncated.
        assertTrue(page.isTruncated());
        assertTrue(page.evaluationResults().size() < 1000, page.evaluationResults().size() + " results");
        assertTrue(page.evaluationResults().stream()
                .allMatch(e -> e.evalDecision() == PolicyEvaluationDecisionType.IMPLICIT_DENY));
        assertTrue(elapsedMillis < 3_000, "one page of a hostile simulation took " + elapsedMillis + " ms");
        int seen = page.evaluationResults().size();
        SimulateCustomPolicyResponse next = root.simulateCustomPolicy(r -> r.policyInputList(hostile)
                .actionNames(actions).contextEntries(agent).maxItems(1000).marker(page.marker()));
        assertEquals("s3:GetObject" + seen, next.evaluationResults().get(0).evalActionName());
    }
}
