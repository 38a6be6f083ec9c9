package io.charter.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccessKeyIdTest {
    @Test
    void decodesThePublishedExample() {
        assertEquals(Optional.of("609629065308"), new AccessKeyId("ASIAY34FZKBOKMUTVV7A").accountId());
    }

    @Test
    void mintedKeysCarryTheirAccount() {
        SplittableRandom random = new SplittableRandom(42);
        for (String account : new String[] {"000000000000", "123456789012", "999999999999", "609629065308"}) {
            for (int i = 0; i < 200; i++) {
                AccessKeyId id = AccessKeyId.mint(AccessKeyId.Kind.LONG_TERM, account, random);
                assertTrue(id.value().matches("AKIA[A-Z2-7]{16}"), id.value());
                assertTrue("QRSTUVWXYZ234567".indexOf(id.value().charAt(4)) >= 0, id.value());
                assertEquals(Optional.of(account), id.accountId(), id.value());
                assertEquals(AccessKeyId.Kind.LONG_TERM, id.kind());
            }
        }
        AccessKeyId temporary = AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, "123456789012", random);
        assertTrue(temporary.value().startsWith("ASIA"));
        assertEquals(AccessKeyId.Kind.TEMPORARY, temporary.kind());
    }

    @Test
    void malformedIdsHaveNoAccount() {
        assertEquals(Optional.empty(), new AccessKeyId("AKIA").accountId());
        assertEquals(Optional.empty(), new AccessKeyId("AKIA0000000000000000").accountId());
    }

    @Test
    void uniqueIdsAndSecretsHaveAwsShapes() {
        SplittableRandom random = new SplittableRandom(7);
        assertTrue(UniqueId.USER.mint(random).matches("AIDA[A-Z2-7]{17}"));
        assertTrue(UniqueId.ROLE.mint(random).matches("AROA[A-Z2-7]{17}"));
        assertTrue(SecretAccessKey.mint(random).matches("[A-Za-z0-9+/]{40}"));
    }
}
