package io.charter.server.identity;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.charter.policy.PolicyType;
import org.junit.jupiter.api.Test;

/** Stored documents compile on first use, once, under their own names, and fail closed. */
class StoredPolicyTest {
    @Test
    void compilesOnceUnderItsName() {
        StoredPolicy stored = StoredPolicy.lazy(ALLOW_GET_OBJECT, PolicyType.IDENTITY, "arn:aws:iam::123456789012:policy/read");

        assertEquals(ALLOW_GET_OBJECT, stored.text());
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
