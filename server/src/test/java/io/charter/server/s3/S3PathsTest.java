package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** One key, one spelling: what the backend receives and what its signature covers. */
class S3PathsTest {

    @Test
    void everySpellingOfAKeyBecomesTheCanonicalOne() {
        for (String spelling : new String[] {"/b/caf%C3%A9", "/b/caf%c3%a9", "/b/caf%C3%a9", "/b/caf\u00e9"}) {
            assertEquals("/b/caf\u00e9", S3Paths.decode(spelling), spelling);
            assertEquals("/b/caf%C3%A9", S3Paths.encode(S3Paths.decode(spelling)), spelling);
        }
        assertEquals("/b/x%2By%20z", S3Paths.encode(S3Paths.decode("/b/x+y%20z")));
        assertEquals("/b/100%25", S3Paths.encode(S3Paths.decode("/b/100%25")));
        assertEquals("/b/50%2525", S3Paths.encode(S3Paths.decode("/b/50%2525")), "decoded once, never twice");
        assertEquals("/b/it%27s%21%28%29%2A", S3Paths.encode(S3Paths.decode("/b/it's!()*")));
        assertEquals("/b/a/b", S3Paths.encode(S3Paths.decode("/b/a%2Fb")), "an escaped slash is a slash of the key");
    }

    @Test
    void pathsAreNotNormalised() {
        assertEquals("/b//a/./c/../d/", S3Paths.encode(S3Paths.decode("/b//a/./c/../d/")));
        assertEquals("/b/tilde~dash-under_dot.", S3Paths.encode(S3Paths.decode("/b/tilde~dash-under_dot.")));
    }

    @Test
    void aStrayPercentStandsForItself() {
        assertEquals("/b/100%", S3Paths.decode("/b/100%"));
        assertEquals("/b/1%zz", S3Paths.decode("/b/1%zz"));
        assertEquals("/b/1%25zz", S3Paths.encode(S3Paths.decode("/b/1%zz")));
    }

    @Test
    void escapesThatAreNotUtf8AreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Paths.decode("/b/%FF%FE"));
        assertEquals("the path's escapes are not UTF-8: /b/%FF%FE", e.getMessage());
    }
}
