package io.charter.server.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When held credentials are renewed and when they stop being served; the containers' tokens. */
class RenewalTest {
    private static final Instant ISSUED = Instant.parse("2026-12-08T00:00:00Z");

    private static RoleCredentials lasting(Duration lifetime) {
        return new RoleCredentials("ASIAEXAMPLE", "secret", "token", ISSUED.plus(lifetime), ISSUED);
    }

    @Test
    void credentialsAreDueOnceAThirdOfTheirLifetimeRemains() {
        RoleCredentials sixHours = lasting(Duration.ofHours(6));
        assertFalse(sixHours.dueForRenewalAt(ISSUED.plus(Duration.ofHours(4)).minusSeconds(1)));
        assertTrue(sixHours.dueForRenewalAt(ISSUED.plus(Duration.ofHours(4))));
        RoleCredentials minute = lasting(Duration.ofSeconds(60));
        assertFalse(minute.dueForRenewalAt(ISSUED.plusSeconds(39)));
        assertTrue(minute.dueForRenewalAt(ISSUED.plusSeconds(40)));
        assertTrue(minute.validAt(ISSUED.plusSeconds(59)));
        assertFalse(minute.validAt(ISSUED.plusSeconds(60)), "never served once expired");
        assertFalse(minute.toString().contains("secret"));
    }

    @Test
    void eachContainerHasItsOwnTokenDerivedFromTheInstanceSecret() {
        String secret = InstanceCredentialsFileTest.SECRET;
        String web = ContainerTokens.token(secret, "web");
        assertEquals(web, ContainerTokens.token(secret, "web"), "printed again, the same");
        assertNotEquals(web, ContainerTokens.token(secret, "worker"));
        assertNotEquals(web, ContainerTokens.token(secret.replace('w', 'x'), "web"));
        assertTrue(web.matches("[A-Za-z0-9_-]{43}"), web);
        ContainerTokens tokens = ContainerTokens.of(secret, List.of(
                new Container("web", "arn:aws:iam::123456789012:role/a"),
                new Container("worker", "arn:aws:iam::123456789012:role/b")));
        assertEquals("worker", tokens.container(ContainerTokens.token(secret, "worker")).orElseThrow());
        assertTrue(tokens.container("").isEmpty());
    }

    @Test
    void aContainerOptionIsNameEqualsRoleArn() {
        assertEquals(new Container("a=b", "arn:aws:iam::123456789012:role/path/r=1"),
                Container.parse("a=b=arn:aws:iam::123456789012:role/path/r=1"));
        assertEquals("'web' is not NAME=ROLE_ARN",
                assertThrows(IllegalArgumentException.class, () -> Container.parse("web")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Container.parse("w=arn:aws:iam::123456789012:role/r"));
        assertThrows(IllegalArgumentException.class, () -> Container.parse("web=arn:aws:iam::123:role/r"));
    }
}
