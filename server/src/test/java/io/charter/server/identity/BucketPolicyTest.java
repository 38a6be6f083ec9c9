package io.charter.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.policy.ApplicablePolicies;
import io.charter.policy.Policy;
import io.charter.policy.PolicyEngine;
import io.charter.policy.PolicyType;
import io.charter.policy.Principal;
import io.charter.policy.RequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bucket policy is compiled as a resource policy the engine decides with, and fails closed. */
class BucketPolicyTest {
    private static final String OWNER = "111111111111";
    private static final String READER = "222222222222";
    private static final String TEXT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/reader\"},\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::photos/*\"}]}";

    @Test
    void itIsAResourcePolicyTheEngineDecidesWith() {
        BucketPolicy policy = BucketPolicy.compile(TEXT, "arn:aws:s3:::photos bucket policy");

        assertEquals(TEXT, policy.text());
        assertEquals(PolicyType.RESOURCE, policy.compiled().type());
        assertEquals("arn:aws:s3:::photos bucket policy", policy.compiled().name());
        assertTrue(decide(policy.compiled(), "s3:GetObject", "arn:aws:s3:::photos/cat.jpg"));
        assertFalse(decide(policy.compiled(), "s3:PutObject", "arn:aws:s3:::photos/cat.jpg"));
        assertFalse(decide(policy.compiled(), "s3:GetObject", "arn:aws:s3:::videos/cat.mp4"));
    }

    @Test
    void aStoredTextThatNoLongerCompilesDeniesEverything() {
        BucketPolicy broken = BucketPolicy.compile("{\"Statement\":\"not a policy\"}", "broken");

        assertEquals("{\"Statement\":\"not a policy\"}", broken.text(), "the text is still what was stored");
        assertSame(Unresolvable.BUCKET_POLICY, broken.compiled());
        assertFalse(decide(broken.compiled(), "s3:GetObject", "arn:aws:s3:::photos/cat.jpg"));
        // Even where the reader's own identity policy allows it: a Deny in any policy wins.
        Policy allowAll = Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"*\",\"Resource\":\"*\"}]}", PolicyType.IDENTITY).orThrow();
        RequestContext request = RequestContext.builder(Principal.root(OWNER), "s3:GetObject",
                "arn:aws:s3:::photos/cat.jpg").resourceAccount(OWNER).build();
        assertFalse(PolicyEngine.decide(request, ApplicablePolicies.builder().identity(List.of(allowAll))
                .resource(broken.compiled()).build()).isAllowed());
    }

    /** A user of another account, whose own policies allow every S3 action: the bucket policy decides. */
    private static boolean decide(Policy resource, String action, String arn) {
        Policy allowS3 = Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", PolicyType.IDENTITY).orThrow();
        RequestContext request = RequestContext.builder(Principal.user("arn:aws:iam::" + READER + ":user/reader",
                "AIDAREADER0000000000"), action, arn).resourceAccount(OWNER).build();
        return PolicyEngine.decide(request, ApplicablePolicies.builder().identity(List.of(allowS3)).resource(resource)
                .build()).isAllowed();
    }
}
