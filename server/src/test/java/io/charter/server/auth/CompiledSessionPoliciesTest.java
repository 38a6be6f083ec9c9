package io.charter.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.policy.Policy;
import org.junit.jupiter.api.Test;

class CompiledSessionPoliciesTest {
    private static String allow(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"*\"}]}";
    }

    @Test
    void eachTextIsCompiledOnce() {
        CompiledSessionPolicies cache = new CompiledSessionPolicies(8);
        Policy first = cache.compile(allow("s3:GetObject")).orElseThrow();
        assertSame(first, cache.compile(allow("s3:GetObject")).orElseThrow());
        assertNotSame(first, cache.compile(allow("s3:PutObject")).orElseThrow());
    }

    @Test
    void textThatNoLongerParsesIsEmptySoTheCallerDenies() {
        assertTrue(new CompiledSessionPolicies(8).compile("{\"Statement\":[{\"Effect\":\"Maybe\"}]}").isEmpty());
    }

    @Test
    void aFullCacheStartsOverAndStillAnswersCorrectly() {
        CompiledSessionPolicies cache = new CompiledSessionPolicies(2);
        Policy first = cache.compile(allow("a:One")).orElseThrow();
        cache.compile(allow("a:Two"));
        Policy third = cache.compile(allow("a:Three")).orElseThrow();
        assertEquals(allow("a:Three"), third.text());
        assertNotSame(first, cache.compile(allow("a:One")).orElseThrow(), "evicted when the cache started over");
    }
}
