package io.charter.server.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/NAME@ACCOUNT?secret=SEED} URI AWS puts in a virtual device's QR code,
 * which an authenticator app reads. Pure; thread-safe.
 */
public final class OtpauthUri {
    private OtpauthUri() {
    }

    /** The URI of a device named {@code deviceName} of {@code accountName}, with its base32 seed. */
    public static String of(String deviceName, String accountName, String base32Seed) {
        return "otpauth://totp/" + encode(deviceName) + "@" + encode(accountName) + "?secret=" + base32Seed;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
