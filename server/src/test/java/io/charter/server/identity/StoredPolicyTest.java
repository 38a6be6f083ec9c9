package io.charter.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.charter.policy.PolicyType;
import org.junit.jupiter.api.Test;

/** Stored documents compile on first use, once, under their own names, and fail closed. */
class StoredPolicyTest {
    private static final String ALLOW = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

    @Test
    void compilesOnceUnderItsName() {
        StoredPolicy stored = StoredPolicy.lazy(ALLOW, PolicyType.IDENTITY, "arn:aws:iam::123456789012:policy/read");

        assertEquals(ALLOW, stored.text());
        assertEquals("arn:aws:iam::123456789012:policy/read", stored.policy().name());
        assertSame(stored.policy(), stored.policy());
        assertEquals(1, stored.policy().statementCount());
    }

    @Test
    void aDocumentThatNoLongerCompilesAllowsNothing() {
        StoredPolicy identity = StoredPolicy.lazy("{\"Statement\":\"not a policy\"}", PolicyType.IDENTITY, "broken");
        StoredPolicy trust = StoredPolicy.lazy("{}", PolicyType.TRUST, "broken trust");

        assertSame(Unresolvable.POLICY, identity.policy());
        assertSame(Unresolvable.TRUST, trust.policy());
    }
}
