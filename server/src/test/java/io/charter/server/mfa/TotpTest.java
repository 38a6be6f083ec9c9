package io.charter.server.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP against RFC 6238 Appendix B (SHA-1, last six digits) and base32 against RFC 4648 §10. */
class TotpTest {
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
        "2000000000, 279037", "20000000000, 353130"})
    void rfc6238Vectors(long seconds, String code) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertEquals(code, Totp.code(RFC_KEY, step));
        assertTrue(Totp.matches(RFC_KEY, step, code));
        assertFalse(Totp.matches(RFC_KEY, step + 1, code));
    }

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32Vectors(String text, String encoded) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(encoded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(encoded));
        assertArrayEquals(bytes, Base32.decode(encoded.toLowerCase(Locale.ROOT) + "===="));
    }

    @Test
    void aSeedOfFortyBytesIsSixtyFourCharacters() {
        assertEquals(64, Base32.encode(new byte[40]).length());
    }
}
