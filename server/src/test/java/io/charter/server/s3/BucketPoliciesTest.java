package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketPoliciesTest {
    private static final String BUCKET = "photos";
    private static final Predicate<String> EXISTING = Set.of("arn:aws:iam::111122223333:user/ana",
            "arn:aws:iam::111122223333:role/reader")::contains;

    /** A one-statement policy on the bucket {@code photos}; each argument is the JSON of one element. */
    private static String statement(String principal, String action, String resource, String extra) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":" + action + ",\"Resource\":" + resource + extra + "}]}";
    }

    private static String refusal(String text) {
        ServiceException e = assertThrows(ServiceException.class, () -> BucketPolicies.validate(text, BUCKET, EXISTING));
        assertEquals(AwsErrorCode.MALFORMED_POLICY, e.errorCode());
        return e.getMessage();
    }

    @Test
    void acceptsATypicalPolicyAndCompilesIt() {
        String text = """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "read", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/ana",
                        "arn:aws:iam::111122223333:role/reader", "444455556666"]},
                     "Action": ["s3:GetObject", "s3:ListBucket"],
                     "Resource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"]},
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::photos/*"],
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:ListBucket",
                     "Resource": "arn:aws:s3:::photos", "Condition": {"StringLike": {"s3:prefix": ["public/*", ""]}}}
                  ]
                }""";
        Policy p = BucketPolicies.validate(text, BUCKET, EXISTING);
        assertEquals(PolicyType.RESOURCE, p.type());
        assertEquals(3, p.statementCount());
        assertEquals(text, p.text());
    }

    @Test
    void acceptsWildcardActionsThatFitTheResources() {
        assertDoesNotThrow(() -> BucketPolicies.validate(statement("\"*\"", "\"s3:Get*\"", "\"arn:aws:s3:::photos/*\"", ""),
                BUCKET, EXISTING));
        assertDoesNotThrow(() -> BucketPolicies.validate(statement("\"*\"", "\"s3:*\"", "\"arn:aws:s3:::photos\"", ""),
                BUCKET, EXISTING));
        assertDoesNotThrow(() -> BucketPolicies.validate(statement("\"*\"", "\"*\"", "\"arn:aws:s3:::photos/public/*\"",
                ""), BUCKET, EXISTING));
    }

    @Test
    void acceptsAPolicyWithoutVersion() {
        assertDoesNotThrow(() -> BucketPolicies.validate("{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::photos/*\"}}", BUCKET, EXISTING));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "' {}'|Policies must be valid JSON and the first byte must be '{'",
        "[]|Policies must be valid JSON and the first byte must be '{'",
        "{\"Statement\": [|This policy contains invalid Json",
        "{\"Version\":\"2012-10-17\"}|Missing required field Statement",
        "{\"Version\":\"2012-10-17\",\"Statement\":[]}|Could not parse the policy: Statement is empty!",
        "{\"Version\":\"2013-01-01\",\"Statement\":[]}|The policy must contain a valid version string",
    })
    void refusesDocuments(String text, String message) {
        assertEquals(message, refusal(text));
    }

    @Test
    void refusesWhatThePolicyGrammarRefuses() {
        assertEquals("This policy contains invalid Json", refusal(statement("\"*\"", "\"s3:ListBucket\"",
                "\"arn:aws:s3:::photos\"", ",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":\"ten\"}}")));
        assertEquals("This policy contains invalid Json", refusal("{\"Statement\":[]} trailing"));
    }

    @Test
    void refusesAnEmptyDocument() {
        assertEquals("Policies must be valid JSON and the first byte must be '{'", refusal(""));
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
        // principal | action | resource | message
        "\"*\"|\"s3:GetObject\"|\"arn:aws:s3:::photos\"|Action does not apply to any resource(s) in statement",
        "\"*\"|\"s3:PutObject\"|\"arn:aws:s3:::photos\"|Action does not apply to any resource(s) in statement",
        "\"*\"|\"s3:ListBucket\"|\"arn:aws:s3:::photos/*\"|Action does not apply to any resource(s) in statement",
        "\"*\"|\"s3:ListAllMyBuckets\"|\"arn:aws:s3:::photos\"|Action does not apply to any resource(s) in statement",
        "\"*\"|\"s3:CreateBucket\"|\"arn:aws:s3:::photos\"|Action does not apply to any resource(s) in statement",
        "\"*\"|\"invalid_action\"|\"arn:aws:s3:::photos\"|Policy has invalid action",
        "\"*\"|\"s3:NoSuchAction\"|\"arn:aws:s3:::photos\"|Policy has invalid action",
        "\"*\"|\"iam:PassRole\"|\"arn:aws:s3:::photos\"|Policy has invalid action",
        "\"*\"|\"s3:*\"|\"*\"|Policy has invalid resource",
        "\"*\"|\"s3:*\"|\"arn:aws:s3:::other/*\"|Policy has invalid resource",
        "\"*\"|\"s3:*\"|\"arn:aws:s3:::*\"|Policy has invalid resource",
        "\"*\"|\"s3:*\"|\"arn:aws:s3:::photos-old/*\"|Policy has invalid resource",
        "\"*\"|\"s3:*\"|\"photos/*\"|Policy has invalid resource",
        "{\"AWS\":\"user\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"AWS\":\"arn:aws:iam::111122223333:user/nobody\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"AWS\":\"arn:aws:iam::111122223333:role/gone\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"AWS\":\"arn:aws:iam::111122223333:group/admins\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"AWS\":\"arn:aws:iam::*:root\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"AWS\":[]}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "\"someone\"|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
        "{\"Unknown\":\"x\"}|\"s3:*\"|\"arn:aws:s3:::photos\"|Invalid principal in policy",
    })
    void refusesStatements(String principal, String action, String resource, String message) {
        assertEquals(message, refusal(statement(principal, action, resource, "")));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "\"s3:ListBucket\"|{\"StringLike\":{\"s3:prefix\":\"a/*\"}}|ok",
        "\"s3:ListBucket\"|{\"NumericLessThanEquals\":{\"s3:max-keys\":\"100\"}}|ok",
        "\"s3:ListBucket\"|{\"StringEqualsIfExists\":{\"aws:PrincipalTag/team\":\"x\"}}|ok",
        "\"s3:ListBucket\"|{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"x\"}}|ok",
        "\"s3:*\"|{\"StringEquals\":{\"s3:x-amz-acl\":\"private\"}}|ok",
        "\"s3:ListBucket\"|{\"StringEquals\":{\"s3:ResourceAccount\":\"111122223333\"}}|ok",
        "\"s3:ListBucket\"|{\"Null\":{\"s3:ExistingObjectTag/team\":\"true\"}}|ok",
        "\"s3:ListBucket\"|{\"StringEqualsFoo\":{\"s3:prefix\":\"a\"}}|Invalid Condition type : StringEqualsFoo",
        "\"s3:ListBucket\"|{\"StringEquals\":{\"s3:nosuchkey\":\"a\"}}|Policy has an invalid condition key",
        "\"s3:ListBucket\"|{\"StringEquals\":{\"iam:PolicyArn\":\"a\"}}|Policy has an invalid condition key",
        "\"s3:GetBucketPolicy\"|{\"StringEquals\":{\"s3:prefix\":\"a\"}}|Conditions do not apply to combination of actions and resources in statement",
        "\"s3:ListBucket\"|{\"StringEquals\":{\"s3:versionid\":\"a\"}}|Conditions do not apply to combination of actions and resources in statement",
        "\"s3:ListBucket\"|{\"StringEquals\":{\"s3:x-amz-acl\":\"private\"}}|Conditions do not apply to combination of actions and resources in statement",
    })
    void checksConditions(String action, String condition, String expected) {
        String text = statement("\"*\"", action, "\"arn:aws:s3:::photos\"", ",\"Condition\":" + condition);
        if (expected.equals("ok")) {
            BucketPolicies.validate(text, BUCKET, EXISTING);
        } else {
            assertEquals(expected, refusal(text));
        }
    }

    @Test
    void refusesMissingElements() {
        assertEquals("Missing required field Principal", refusal("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos\"}]}"));
        assertEquals("Statement is missing required element", refusal("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\"}]}"));
        assertEquals("Statement is missing required element", refusal("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Resource\":\"arn:aws:s3:::photos\"}]}"));
        assertEquals("Invalid effect: hello", refusal("{\"Statement\":[{\"Effect\":\"hello\",\"Principal\":\"*\","
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos\"}]}"));
        assertEquals("Unknown field Actions", refusal("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Actions\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos\"}]}"));
    }

    @Test
    void refusesPoliciesOverTwentyKilobytes() {
        String sid = "x".repeat(20_480);
        String text = "{\"Statement\":[{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos\"}]}";
        assertEquals("Policy exceeds the maximum allowed document size.", refusal(text));
    }

    @Test
    void whiteSpaceOutsideStringsDoesNotCount() {
        String padding = " ".repeat(30_000);
        String text = "{" + padding + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos\"}]}";
        BucketPolicies.validate(text, BUCKET, EXISTING);
        assertEquals(5, BucketPolicies.sizeWithoutWhitespace("{ \"a b\" }") - 2);
    }
}
