package io.charter.server.domain;

import io.charter.server.crypto.MasterKey;
import io.charter.server.domain.Directory;
import io.charter.server.identity.MfaDevice;
import io.charter.server.store.MfaDeviceRepository;
import io.charter.server.store.MfaDeviceRow;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import io.charter.server.mfa.Base32;
import io.charter.server.mfa.Totp;

/**
 * The secrets and codes of virtual MFA devices: mints and seals seeds, and checks TOTP codes
 * against a device's stored state. A code is accepted for the device's current time step (its
 * learned clock drift applied) or one step either side, and only for a step later than the last
 * accepted one, so each code is used once. Checking and recording a use happen in one store
 * transaction, so two requests with the same code cannot both pass.
 *
 * <p>Thread-safe: holds no mutable state; the store serialises writes.
 */
public final class VirtualMfa {
    /** 40 random bytes: a 64-character base32 seed, as AWS issues. */
    static final int SEED_BYTES = 40;
    /** How far (in steps, either side) EnableMFADevice looks for its two consecutive codes. */
    public static final int ENABLE_WINDOW = 1;
    /**
     * How far ResyncMFADevice looks: ten minutes either side. AWS does not document its window;
     * this covers the drift of a phone clock that has not synchronised for a long time.
     */
    public static final int RESYNC_WINDOW = 20;

    private final Directory directory;
    private final MasterKey masterKey;
    private final MfaDeviceRepository devices = new MfaDeviceRepository();

    public VirtualMfa(Directory directory, MasterKey masterKey) {
        this.directory = directory;
        this.masterKey = masterKey;
    }

    /** A fresh seed, in base32. */
    public String mintSeed() {
        byte[] seed = new byte[SEED_BYTES];
        directory.random().nextBytes(seed);
        return Base32.encode(seed);
    }

    /** The stored form of a new, unassigned device. */
    public MfaDeviceRow seal(MfaDevice device, String base32Seed) {
        return new MfaDeviceRow(device, masterKey.seal(base32Seed, device.serialNumber()), 0, 0);
    }

    /**
     * The time step of {@code code2} when {@code code1} and {@code code2} are the codes of two
     * consecutive steps, the second within {@code window} steps of {@code now} and both later than
     * the device's last accepted step.
     */
    public OptionalLong consecutive(MfaDeviceRow row, String code1, String code2, Instant now, int window) {
        byte[] key = key(row);
        long current = Totp.step(now);
        for (long step = current - window; step <= current + window; step++) {
            if (step - 1 > row.lastStep() && Totp.matches(key, step - 1, code1) && Totp.matches(key, step, code2)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The drift a device shows when its code of {@code step} is current at {@code now}. */
    public static int drift(long step, Instant now) {
        return Math.toIntExact(step - Totp.step(now));
    }

    /**
     * Checks a code of the device {@code serialNumber} enabled for {@code userId} and, when it is
     * valid and unused, records its use. Returns whether it was accepted.
     */
    public boolean authenticate(String serialNumber, String userId, String code, Instant now) {
        return directory.write((c, w) -> {
            Optional<MfaDeviceRow> found = devices.find(c, serialNumber).filter(r -> r.userId().equals(Optional.of(userId)));
            if (found.isEmpty()) {
                return false;
            }
            MfaDeviceRow row = found.get();
            byte[] key = key(row);
            long expected = Totp.step(now) + row.drift();
            for (long step = expected - 1; step <= expected + 1; step++) {
                if (step > row.lastStep() && Totp.matches(key, step, code)) {
                    devices.recordUse(c, serialNumber, step, row.drift());
                    return true;
                }
            }
            return false;
        });
    }

    private byte[] key(MfaDeviceRow row) {
        return Base32.decode(masterKey.open(row.sealedSeed(), row.serialNumber()));
    }

    /** The {@code otpauth://totp/NAME@ACCOUNT?secret=SEED} URI AWS puts in the QR code (an authenticator app reads it). */
    public static String otpauthUri(String deviceName, String accountName, String base32Seed) {
        return "otpauth://totp/" + uriEncode(deviceName) + "@" + uriEncode(accountName) + "?secret=" + base32Seed;
    }

    private static String uriEncode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
