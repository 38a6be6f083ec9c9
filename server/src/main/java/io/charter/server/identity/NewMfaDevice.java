package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

/**
 * A freshly created virtual MFA device and its seed, in base32: the only moment the seed is shown
 * to anyone (it is kept sealed in the store).
 */
public record NewMfaDevice(MfaDevice device, String base32Seed) {
    public NewMfaDevice {
        requireNonNull(device, "device is null");
        requireNonNull(base32Seed, "base32Seed is null");
    }

    @Override
    public String toString() {
        return "NewMfaDevice[" + device.serialNumber() + "]";
    }
}
