package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.MfaDevice;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored virtual MFA device: its public attributes, the sealed seed and the TOTP state.
 *
 * @param sealedSeed the base32 seed, sealed with the master key under the serial number
 * @param lastStep the latest time step whose code was accepted
 * @param drift the device clock's offset, in time steps
 */
public record MfaDeviceRow(MfaDevice device, String sealedSeed, long lastStep, int drift) {
    public MfaDeviceRow {
        requireNonNull(device, "device is null");
        requireNonNull(sealedSeed, "sealedSeed is null");
    }

    public String serialNumber() {
        return device.serialNumber();
    }

    public Optional<String> userId() {
        return device.userId();
    }

    public Optional<Instant> enabledAt() {
        return device.enabledAt();
    }

    /** Leaves the sealed seed out. */
    @Override
    public String toString() {
        return "MfaDeviceRow[" + device + ", lastStep=" + lastStep + ", drift=" + drift + "]";
    }
}
