package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bulk-copy fast path of {@link CanonicalHeaders} gives exactly what the readable rule gives. */
class CanonicalHeaderValueDifferentialTest {

    private static final char[] ALPHABET = {' ', '\t', '\n', '\r', 'a', ',', '"'};

    private static String readable(String value) {
        StringBuilder out = new StringBuilder();
        CanonicalHeaders.appendCollapsed(out, value);
        return out.toString();
    }

    @Test
    void everyShortValue() {
        int checked = 0;
        for (int length = 0; length <= 6; length++) {
            int combinations = (int) Math.pow(ALPHABET.length, length);
            for (int n = 0; n < combinations; n++) {
                char[] chars = new char[length];
                int rest = n;
                for (int i = 0; i < length; i++) {
                    chars[i] = ALPHABET[rest % ALPHABET.length];
                    rest /= ALPHABET.length;
                }
                String value = new String(chars);
                assertEquals(readable(value), CanonicalHeaders.canonicalValue(value), () -> "value " + escape(value));
                checked++;
            }
        }
        assertEquals(137_257, checked);
    }

    @Test
    void randomLongValues() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(80)];
            for (int i = 0; i < chars.length; i++) {
                int pick = random.nextInt(10);
                chars[i] = pick < ALPHABET.length ? ALPHABET[pick] : (char) ('b' + pick);
            }
            String value = new String(chars);
            assertEquals(readable(value), CanonicalHeaders.canonicalValue(value), () -> "value " + escape(value));
        }
    }

    private static String escape(String value) {
        return value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
