package io.charter.server.domain;

import io.charter.server.crypto.MasterKey;
import io.charter.server.identity.MfaDevice;
import io.charter.server.mfa.Base32;
import io.charter.server.mfa.Totp;
import io.charter.server.store.MfaDeviceRow;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The TOTP rules of a virtual MFA device, applied to its stored state and reading nothing else:
 * seeds are minted and sealed under the master key, and a code is accepted only for a time step
 * later than the device's last accepted one, so each code is used once. {@link MfaDevices} reads
 * the device and records a use in one transaction around these checks.
 *
 * <p>Thread-safe: holds no mutable state.
 */
final class VirtualMfa {
    /** 40 random bytes: a 64-character base32 seed, as AWS issues. */
    static final int SEED_BYTES = 40;
    /** How far (in steps, either side) EnableMFADevice looks for its two consecutive codes. */
    static final int ENABLE_WINDOW = 1;
    /**
     * How far ResyncMFADevice looks: ten minutes either side. AWS does not document its window;
     * this covers the drift of a phone clock that has not synchronised for a long time.
     */
    static final int RESYNC_WINDOW = 20;
    /** How far (in steps, either side of the learned drift) a single code is accepted. */
    static final int CODE_WINDOW = 1;

    private final MasterKey masterKey;

    VirtualMfa(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    /** A fresh seed, in base32. */
    static String mintSeed(RandomGenerator random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        return Base32.encode(seed);
    }

    /** The stored form of a new, unassigned device. */
    MfaDeviceRow seal(MfaDevice device, String base32Seed) {
        return new MfaDeviceRow(device, masterKey.seal(base32Seed, device.serialNumber()), 0, 0);
    }

    /**
     * The time step of {@code code2} when {@code code1} and {@code code2} are the codes of two
     * consecutive steps, the second within {@code window} steps of {@code now} and both later than
     * the device's last accepted step.
     */
    OptionalLong consecutive(MfaDeviceRow row, String code1, String code2, Instant now, int window) {
        byte[] key = key(row);
        long current = Totp.step(now);
        for (long step = current - window; step <= current + window; step++) {
            if (step - 1 > row.lastStep() && Totp.matches(key, step - 1, code1) && Totp.matches(key, step, code2)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The time step of {@code code} when it is the code of the device's current step (its learned
     * drift applied) or of one step either side, and later than its last accepted step.
     */
    OptionalLong accepted(MfaDeviceRow row, String code, Instant now) {
        byte[] key = key(row);
        long expected = Totp.step(now) + row.drift();
        for (long step = expected - CODE_WINDOW; step <= expected + CODE_WINDOW; step++) {
            if (step > row.lastStep() && Totp.matches(key, step, code)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The drift a device shows when its code of {@code step} is current at {@code now}. */
    static int drift(long step, Instant now) {
        return Math.toIntExact(step - Totp.step(now));
    }

    private byte[] key(MfaDeviceRow row) {
        return Base32.decode(masterKey.open(row.sealedSeed(), row.serialNumber()));
    }
}
