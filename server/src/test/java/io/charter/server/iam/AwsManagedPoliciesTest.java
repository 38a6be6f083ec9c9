package io.charter.server.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.identity.ManagedPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AwsManagedPoliciesTest {
    private static final AwsManagedPolicies POLICIES = AwsManagedPolicies.loadFromClasspath();

    /**
     * The server compiles them when first used: each must compile, under its ARN, with nothing found
     * wrong, except the few whose S3 access point resources name a region (issue 18 item 3: Charter's
     * validation refuses regional S3 ARNs, AWS accepts them); those fail closed until item 3 lands.
     */
    @Test
    void everyDocumentCompiles() {
        List<String> refused = new ArrayList<>();
        for (ManagedPolicy policy : POLICIES.compiled()) {
            ParseResult parsed = Policy.parse(
                    policy.defaultVersion().stored().text(), PolicyType.IDENTITY, Integer.MAX_VALUE);
            if (parsed.policy().isEmpty()) {
                assertTrue(parsed.toString().contains("S3 ARNs have no region"), policy.arn() + ": " + parsed);
                refused.add(policy.name());
                continue;
            }
            assertEquals(policy.arn(), policy.defaultVersion().document().name());
            assertTrue(policy.defaultVersion().document().statementCount() > 0, policy.arn());
        }
        // When item 3 accepts regional S3 ARNs this list empties: make it List.of() then.
        assertEquals(List.of("AWSPanoramaApplianceServiceRolePolicy", "SageMakerStudioEMRInstanceRolePolicy",
                "SageMakerStudioFullAccess", "SageMakerStudioProjectRoleMachineLearningPolicy"), refused);
    }
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The shipped data: name, path, default version, number of Action/NotAction entries over all
     * statements, and SHA-256 of the compact document text (computed independently with Python's
     * json.dumps(separators=(',', ':')) over the same files). Update together with the data.
     */
    record Shipped(String name, String path, String versionId, int actionCount, String sha256) {}

    static Stream<Shipped> shipped() {
        return Stream.of(
                new Shipped("AdministratorAccess", "/", "v1", 1,
                        "ba7a72db51c4bc68cd2406c3209a59969f072592e552d142752d4c2879c1ab31"),
                new Shipped("PowerUserAccess", "/", "v12", 12,
                        "5e45eb6c62f048efc613710009f31e1438b628d16c2b9939f5a6363438a6ba17"),
                new Shipped("ReadOnlyAccess", "/", "v182", 2744,
                        "690ea62663813fa17078cf61b5c02b4a8594d7d8cb1d37eae3ffb0f68d91cbe4"),
                new Shipped("IAMFullAccess", "/", "v2", 11,
                        "ae64caad1fdb3263a51817841cf71c7e99b49cd5235b8bbaecd545d139688036"),
                new Shipped("IAMReadOnlyAccess", "/", "v4", 6,
                        "8608f72573f619a7496f62a472aedf2e655517f04c7a8e0465181630717d1e3c"),
                new Shipped("AmazonS3FullAccess", "/", "v2", 2,
                        "d1a7ebd5b62a1a73fe7cd8e88548ecd0faab4c292e5404a6aeb076d0104af2ab"),
                new Shipped("AmazonS3ReadOnlyAccess", "/", "v3", 5,
                        "883220ff14f0fc14dfc1b174149edc03dba357df3b487bf3d65b69ae7997cad5"),
                new Shipped("SecurityAudit", "/", "v87", 932,
                        "0b235c046829d8afca52aa19c965a52e296484a8dd468883f70cb7ed462881dc"),
                new Shipped("ViewOnlyAccess", "/job-function/", "v45", 373,
                        "3510cc7e00d010f3155d2fc7f0716d02a28a2029a03e6aa586f38563da2fcc5d"),
                new Shipped("IAMUserChangePassword", "/", "v5", 2,
                        "cea34d3d26365fa532b91a8e19506479c6d0741bd53e230aa6dd65b95fcdf930"),
                new Shipped("AWSOrganizationsFullAccess", "/", "v9", 12,
                        "f997fdcd8e4a2af73ee7a9991761601f882fea8d4f1fe9e8cbefc7666cba8e76"),
                new Shipped("AmazonEC2ReadOnlyAccess", "/", "v5", 7,
                        "275fa507511c7604f0070248dec88f358687c04049617c314d676f6a36eb29c4"));
    }

    /** Every policy of the source (moto 5.2.1's data, tools/aws-managed-policies.py), the curated ones among them. */
    @Test
    void loadsEveryPolicyOfTheSource() {
        assertEquals(1485, POLICIES.all().size());
        List<String> names = POLICIES.all().stream().map(AwsManagedPolicy::name).toList();
        assertEquals(names.stream().sorted().toList(), names, "the file is sorted by name");
        assertTrue(names.containsAll(shipped().map(Shipped::name).toList()));
    }

    /** Policies only the source carries: its path, version and dates; an id derived from the ARN; no description. */
    @Test
    void sourcePoliciesKeepTheirPathVersionAndDates() {
        AwsManagedPolicy lambda = POLICIES.byArn(
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").orElseThrow();
        assertEquals("/service-role/", lambda.path());
        assertEquals("v1", lambda.defaultVersionId());
        assertEquals(Instant.parse("2015-04-09T15:03:43Z"), lambda.createDate());
        assertEquals(Instant.parse("2015-04-09T15:03:43Z"), lambda.updateDate());
        assertEquals("", lambda.description());
        assertTrue(lambda.policyId().matches("ANPA[A-Z0-9]{17}"), lambda.policyId());
        AwsManagedPolicy ssm = POLICIES.byName("AmazonSSMManagedInstanceCore").orElseThrow();
        assertEquals("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", ssm.arn());
        assertEquals("v2", ssm.defaultVersionId());
        assertEquals(Instant.parse("2019-03-15T17:22:12Z"), ssm.createDate());
        assertEquals(Instant.parse("2019-05-23T16:54:21Z"), ssm.updateDate());
        assertEquals(POLICIES.all().size(), POLICIES.all().stream().map(AwsManagedPolicy::policyId).distinct().count());
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void eachPolicyHasItsPublishedIdentity(Shipped expected) {
        AwsManagedPolicy policy = POLICIES.byName(expected.name()).orElseThrow();
        assertEquals(expected.path(), policy.path());
        assertEquals("arn:aws:iam::aws:policy" + expected.path() + expected.name(), policy.arn());
        assertEquals(expected.versionId(), policy.defaultVersionId());
        assertTrue(policy.policyId().matches("ANPA[A-Z0-9]{17}"), policy.policyId());
        assertFalse(policy.description().isBlank());
        assertFalse(policy.updateDate().isBefore(policy.createDate()));
        assertEquals(policy, POLICIES.byArn(policy.arn()).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void eachDocumentIsTheShippedDocument(Shipped expected) throws Exception {
        AwsManagedPolicy policy = POLICIES.byName(expected.name()).orElseThrow();
        JsonNode document = MAPPER.readTree(policy.documentText());
        assertEquals("2012-10-17", document.path("Version").asText());
        JsonNode statements = document.path("Statement");
        assertTrue(statements.isArray() && !statements.isEmpty(), expected.name());
        assertEquals(expected.actionCount(), actions(document).size());
        assertEquals(expected.sha256(), sha256(policy.documentText()));
        assertEquals(List.of("Version", "Statement"), fieldNames(document), "AWS's key order is kept");
    }

    @Test
    void administratorAccessAllowsEverything() throws Exception {
        JsonNode statements = document("AdministratorAccess").path("Statement");
        assertEquals(1, statements.size());
        JsonNode statement = statements.get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("*", statement.path("Action").asText());
        assertEquals("*", statement.path("Resource").asText());
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                POLICIES.byName("AdministratorAccess").orElseThrow().documentText());
    }

    @Test
    void readOnlyAccessGrantsThousandsOfReadActions() throws Exception {
        List<String> actions = actions(document("ReadOnlyAccess"));
        assertTrue(actions.size() > 1000, "ReadOnlyAccess has " + actions.size() + " actions");
        assertTrue(actions.containsAll(List.of("iam:Generate*", "iam:Get*", "iam:List*", "iam:Simulate*",
                "s3:Get*", "s3:List*", "sts:GetCallerIdentity")));
        assertFalse(actions.contains("iam:*"));
    }

    @Test
    void iamReadOnlyAccessReadsIam() throws Exception {
        assertEquals(List.of("iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails", "iam:Get*",
                "iam:List*", "iam:SimulateCustomPolicy", "iam:SimulatePrincipalPolicy"),
                actions(document("IAMReadOnlyAccess")));
    }

    @Test
    void securityAuditHasHundredsOfActions() throws Exception {
        assertTrue(actions(document("SecurityAudit")).size() > 100);
    }

    @Test
    void powerUserAccessExcludesIamOrganizationsAndAccount() throws Exception {
        JsonNode first = document("PowerUserAccess").path("Statement").get(0);
        assertEquals(MAPPER.readTree("[\"iam:*\",\"organizations:*\",\"account:*\"]"), first.path("NotAction"));
    }

    @Test
    void lookupsRoundTripAndMissNothingElse() {
        for (AwsManagedPolicy policy : POLICIES.all()) {
            assertEquals(policy, POLICIES.byName(policy.name()).orElseThrow());
            assertEquals(policy, POLICIES.byArn(policy.arn()).orElseThrow());
        }
        assertTrue(POLICIES.byArn("arn:aws:iam::aws:policy/ViewOnlyAccess").isEmpty(), "the path is part of the ARN");
        assertTrue(POLICIES.byArn("arn:aws:iam::123456789012:policy/AdministratorAccess").isEmpty());
        assertTrue(POLICIES.byName("administratoraccess").isEmpty());
    }

    @Test
    void recordRejectsInconsistentMetadata() {
        Instant created = Instant.parse("2015-02-06T18:39:46Z");
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        assertThrows(IllegalArgumentException.class, () -> new AwsManagedPolicy("X", "ANPAIWMBCKSKIEE64ZLYK",
                "arn:aws:iam::aws:policy/Y", "/", "v1", "", created, created, document));
        assertThrows(IllegalArgumentException.class, () -> new AwsManagedPolicy("X", "AIDAIWMBCKSKIEE64ZLYK",
                "arn:aws:iam::aws:policy/X", "/", "v1", "", created, created, document));
        assertThrows(IllegalArgumentException.class, () -> new AwsManagedPolicy("X", "ANPAIWMBCKSKIEE64ZLYK",
                "arn:aws:iam::aws:policy/X", "/", "1", "", created, created, document));
        assertThrows(IllegalArgumentException.class, () -> new AwsManagedPolicy("X", "ANPAIWMBCKSKIEE64ZLYK",
                "arn:aws:iam::aws:policy/X", "/", "v1", "", created, created.minusSeconds(1), document));
    }

    @Test
    void malformedLinesAreRejectedWithTheLine() {
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> AwsManagedPolicies.parse(
                MAPPER, "line 7", "{\"PolicyName\":\"X\",\"Extra\":1}\t{}"));
        assertTrue(unknown.getMessage().contains("line 7"), unknown.getMessage());
        assertThrows(IllegalStateException.class, () -> AwsManagedPolicies.parse(MAPPER, "line 7", "{\"PolicyName\":\t{}"));
        assertThrows(IllegalStateException.class, () -> AwsManagedPolicies.parse(MAPPER, "line 7", "{\"PolicyName\":\"X\"}"));
        assertThrows(IllegalStateException.class, () -> AwsManagedPolicies.parse(MAPPER, "line 7",
                "{\"PolicyName\":\"X\",\"PolicyId\":\"ANPAIWMBCKSKIEE64ZLYK\",\"Path\":\"/\",\"DefaultVersionId\":\"v1\","
                        + "\"Description\":\"\",\"CreateDate\":\"2015-02-06T18:39:46Z\",\"UpdateDate\":\"2015-02-06T18:39:46Z\"}\t\"text\""));
    }

    private static JsonNode document(String name) throws Exception {
        return MAPPER.readTree(POLICIES.byName(name).orElseThrow().documentText());
    }

    /** Every Action and NotAction entry of every statement, in document order. */
    private static List<String> actions(JsonNode document) {
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : document.path("Statement")) {
            JsonNode value = statement.has("Action") ? statement.get("Action") : statement.path("NotAction");
            if (value.isTextual()) {
                actions.add(value.textValue());
            } else {
                value.forEach(action -> actions.add(action.textValue()));
            }
        }
        return actions;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
