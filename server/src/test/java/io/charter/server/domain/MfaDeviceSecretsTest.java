package io.charter.server.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.identity.MfaDevice;
import io.charter.server.identity.NewMfaDevice;
import io.charter.server.store.MfaDeviceRow;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A device's seed, plain or sealed, never shows in the text of the values that carry it. */
class MfaDeviceSecretsTest {
    private static final MfaDevice DEVICE = new MfaDevice("arn:aws:iam::123456789012:mfa/phone", "123456789012",
            "phone", "/", Optional.empty(), Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"));
    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Test
    void aNewDeviceShowsItsSerialNumberNotItsSeed() {
        String text = new NewMfaDevice(DEVICE, SEED).toString();
        assertTrue(text.contains(DEVICE.serialNumber()), text);
        assertFalse(text.contains(SEED), text);
    }

    @Test
    void aStoredDeviceLeavesItsSealedSeedOut() {
        String sealed = "sealed-" + SEED;
        String text = new MfaDeviceRow(DEVICE, sealed, 7, -1).toString();
        assertTrue(text.contains(DEVICE.serialNumber()), text);
        assertFalse(text.contains(sealed), text);
    }
}
