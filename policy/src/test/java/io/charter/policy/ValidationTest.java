package io.charter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Write-time validation: AWS's MalformedPolicyDocument messages, per policy type, and warnings. */
class ValidationTest {
    private static final String V = "{\"Version\":\"2012-10-17\",\"Statement\":";

    static Stream<Arguments> errors() {
        PolicyType id = PolicyType.IDENTITY;
        PolicyType trust = PolicyType.TRUST;
        PolicyType res = PolicyType.RESOURCE;
        return Stream.of(
                Arguments.of(id, "not json", "Syntax errors in policy."),
                Arguments.of(id, "[]", "Syntax errors in policy."),
                Arguments.of(id, "{\"Version\":\"2012-10-17\"}", "Syntax errors in policy."),
                Arguments.of(id, V + "[]}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},\"Extra\":1}",
                        "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Foo\":1}}",
                        "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Action\":\"s3:*\",\"Resource\":\"*\"}}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "The policy failed legacy parsing"),
                Arguments.of(id, V + "{\"Effect\":\"denY\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "The policy failed legacy parsing"),
                Arguments.of(id, V + "{\"Effect\":\"Maybe\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "Syntax errors in policy."),
                Arguments.of(id, "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "Policy document must be version 2012-10-17 or greater."),
                Arguments.of(id, "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}}", "Policy document must be version 2012-10-17 or greater."),
                Arguments.of(id, "{\"Version\":\"2012-10-18\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Resource\":\"*\"}}", "Policy statement must contain actions."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
                        "Policy statement must contain actions."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}", "Policy statement must contain resources."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[]}}",
                        "Policy statement must contain resources."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"invalid\",\"Resource\":\"*\"}}",
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:a:b\",\"Resource\":\"*\"}}",
                        "Actions/Condition can contain only one colon."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"a a:b\",\"Resource\":\"*\"}}",
                        "Vendor a a is not valid"),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3*:Get\",\"Resource\":\"*\"}}",
                        "Vendor s3* is not valid"),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}}",
                        "Resource bucket must be in ARN format or \"*\"."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws-x:s3:::b\"}}",
                        "Partition \"aws-x\" is not valid for resource \"arn:aws-x:s3:*:*:b\"."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s*:::b\"}}",
                        "Resource vendor must be fully qualified and cannot contain regexes."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"arn:aws:iam:us-east-1::example_bucket\"}}",
                        "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"arn:aws:s3:us-east-1::example_bucket\"}}",
                        "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:iam::1:bucket\"}}",
                        "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/,"
                                + " instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/,"
                                + " oidc-provider/, report/, access-report/."),
                Arguments.of(id, V + "[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                        + "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
                        "Statement IDs (SID) in a single policy must be unique."),
                Arguments.of(id, V + "{\"Sid\":\"has space\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        PolicyReader.SID_ALNUM),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "Policy document should not specify a principal."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEqualz\":{\"k:x\":\"v\"}}}}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"NullIfExists\":{\"k:x\":\"true\"}}}}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2024-13-01\"}}}}",
                        "The policy failed legacy parsing"),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"NumericLessThan\":{\"k:n\":\"ten\"}}}}", "The policy failed legacy parsing"),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}}}",
                        "The policy failed legacy parsing"),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"nokey\":\"v\"}}}}",
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"k:x\":null}}}}", "Syntax errors in policy."),
                Arguments.of(id, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"s3:x\",\"Resource\":\"*\"}}",
                        "Syntax errors in policy."),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}", "Has prohibited field Resource."),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}}",
                        "Missing required field Principal"),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"s3:GetObject\"}}", "AssumeRole policy may only specify STS AssumeRole actions."),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::*:root\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::*:root\""),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"alice\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}", "Invalid principal in policy: \"AWS\":\"alice\""),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"Group\":\"x\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}", "Invalid principal in policy: \"Group\":\"x\""),
                Arguments.of(trust, V + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}", "Has prohibited field NotPrincipal."),
                Arguments.of(res, V + "{\"Effect\":\"Allow\",\"Principal\":{\"CanonicalUser\":\"xyz\"},"
                        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}", "Invalid principal in policy: \"CanonicalUser\":\"xyz\""),
                Arguments.of(res, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                        "Missing required field Principal"),
                Arguments.of(PolicyType.RCP, V + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}", "Invalid principal in policy"),
                Arguments.of(PolicyType.SESSION, V + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}}", "Policy document should not specify a principal."),
                Arguments.of(id, "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"" + "a".repeat(7000) + "\"}}", "Cannot exceed quota for PolicySize: 6144"),
                Arguments.of(trust, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[" + "\"111122223333\",".repeat(200)
                        + "\"111122223333\"]},\"Action\":\"sts:AssumeRole\"}}", "Cannot exceed quota for ACLSizePerRole: 2048"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusedWithAwsMessage(PolicyType type, String doc, String message) {
        ParseResult r = Policy.parse(doc, type);
        assertTrue(!r.isValid(), () -> "accepted: " + doc);
        assertEquals(message, r.firstErrorMessage().orElseThrow(), () -> r.errors().toString());
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"),
                Arguments.of(PolicyType.IDENTITY, V + "[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"},{\"Sid\":\"\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"),
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":"
                        + "[\"arn:aws:iam::111122223333:role/*\",\"arn:aws:iam::111122223333:user/${aws:username}\"]}}"),
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":10},\"Bool\":{\"aws:SecureTransport\":true}}}}"),
                Arguments.of(PolicyType.TRUST, "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "[\"ec2.amazonaws.com\",\"lambda.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}}"),
                Arguments.of(PolicyType.TRUST, V + "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
                        + "\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},"
                        + "\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringLike\":"
                        + "{\"token.actions.githubusercontent.com:sub\":\"repo:o/r:*\"}}}}"),
                Arguments.of(PolicyType.RESOURCE, V + "{\"Sid\":\"Public read\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}"),
                Arguments.of(PolicyType.SCP, V + "{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],"
                        + "\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}}}"),
                Arguments.of(PolicyType.RCP, V + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
                        + "\"Resource\":\"*\"}}"),
                Arguments.of(PolicyType.SESSION, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void accepted(PolicyType type, String doc) {
        ParseResult r = Policy.parse(doc, type);
        assertTrue(r.isValid(), () -> r.errors().toString());
        assertEquals(doc, r.orThrow().text());
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}",
                        "ALLOW_NOT_ACTION"),
                Arguments.of(PolicyType.TRUST, V + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}", "OPEN_TRUST"),
                Arguments.of(PolicyType.TRUST, "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"111122223333\"},\"Action\":\"sts:AssumeRole\"}}", "MISSING_VERSION"),
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}}", "KEY_NEVER_PRESENT"),
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:UserNme\":\"x\"}}}}", "UNKNOWN_GLOBAL_KEY"),
                Arguments.of(PolicyType.IDENTITY, V + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                        + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":\"x\"}}}}", "FOR_ALL_VALUES_ALLOW"),
                Arguments.of(PolicyType.RESOURCE, "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                        + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/${aws:username}\"}}",
                        "LITERAL_VARIABLE"),
                Arguments.of(PolicyType.RESOURCE, V + "{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},"
                        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}", "ALLOW_NOT_PRINCIPAL"));
    }

    @ParameterizedTest
    @MethodSource("warnings")
    void warned(PolicyType type, String doc, String code) {
        ParseResult r = Policy.parse(doc, type);
        assertTrue(r.isValid(), () -> r.errors().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.code().equals(code)), () -> r.warnings().toString());
    }

    @Test
    void textIsKeptByteForByteAndStatementsHavePositions() {
        String doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"A\", \"Effect\": \"Allow\","
                + " \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\n      \"Sid\": \"DenyAll\",\n      \"Effect\":"
                + " \"Deny\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
        Policy p = Policy.parse(doc, PolicyType.IDENTITY).orThrow();
        assertEquals(doc, p.text());
        SourceSpan first = p.statementSpan(0);
        assertEquals(4, first.startLine());
        assertEquals(5, first.startColumn());
        assertEquals(4, first.endLine());
        assertEquals('{', doc.charAt(first.startOffset()));
        assertEquals('}', doc.charAt(first.endOffset() - 1));
        SourceSpan second = p.statementSpan(1);
        assertEquals(5, second.startLine());
        assertEquals(10, second.endLine());
        assertEquals(5, second.endColumn());
        Decision d = PolicyEngine.decide(RequestContext.builder(Fixture.ALICE, "s3:GetObject", "*").build(),
                ApplicablePolicies.identity(java.util.List.of(p.withName("arn:aws:iam::111122223333:policy/P"))));
        assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
        assertEquals(second, d.statements().get(0).span());
        assertEquals("explicitly denied by statement 'DenyAll' of policy 'arn:aws:iam::111122223333:policy/P'",
                d.explanation());
        assertEquals("with an explicit deny in an identity-based policy", d.awsReason());
    }

    @Test
    void findingsCarryLocations() {
        String doc = V + "[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"bad\"],\"Resource\":\"*\"}]}";
        Finding f = Policy.parse(doc, PolicyType.IDENTITY).errors().get(0);
        assertEquals("/Statement/1/Action/1", f.path());
        assertEquals("\"bad\"", doc.substring(f.span().startOffset(), f.span().endOffset()));
    }

    @Test
    void explainReportsMissingContextAndAllMatches() {
        Policy p = Fixture.identity(Fixture.cond(Fixture.allow("s3:GetObject", "*"),
                "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}"),
                Fixture.allow("s3:*", "*"));
        RequestContext r = RequestContext.builder(Fixture.ALICE, "s3:GetObject", "*").build();
        Decision d = PolicyEngine.explain(r, ApplicablePolicies.identity(java.util.List.of(p)));
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(java.util.Set.of("aws:PrincipalTag/team", "aws:SecureTransport"), d.missingContextKeys());
        assertEquals(1, d.statements().size());
        Decision none = PolicyEngine.decide(r, ApplicablePolicies.identity(java.util.List.of()));
        assertEquals("because no identity-based policy allows the s3:GetObject action", none.awsReason());
        assertEquals("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource:"
                + " * because no identity-based policy allows the s3:GetObject action",
                none.accessDeniedMessage(true));
    }
}
