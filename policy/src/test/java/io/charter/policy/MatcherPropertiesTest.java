package io.charter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/** The matchers against simple reference implementations. */
class MatcherPropertiesTest {
    /** Reference: textbook dynamic programming over the whole pattern and text. */
    static boolean referenceGlob(String p, String s) {
        boolean[][] m = new boolean[p.length() + 1][s.length() + 1];
        m[p.length()][s.length()] = true;
        for (int i = p.length() - 1; i >= 0; i--) {
            for (int j = s.length(); j >= 0; j--) {
                char c = p.charAt(i);
                if (c == '*') {
                    m[i][j] = m[i + 1][j] || (j < s.length() && m[i][j + 1]);
                } else {
                    m[i][j] = j < s.length() && (c == '?' || c == s.charAt(j)) && m[i + 1][j + 1];
                }
            }
        }
        return m[0][0];
    }

    /** Reference ARN matching: split both at the first five colons, compare part by part. */
    static boolean referenceArn(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        if (p.length < 6) {
            return referenceGlob(pattern, value);
        }
        String[] v = value.split(":", 6);
        if (v.length < 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!referenceGlob(p[i], v[i])) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'b').ofMaxLength(10);
    }

    @Property(tries = 3000)
    void globMatchesReference(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        assertEquals(referenceGlob(pattern, text), Glob.wildcard(pattern).matches(text), pattern + " vs " + text);
    }

    @Property(tries = 1000)
    void globOnRangeMatchesSubstring(@ForAll("patterns") String pattern, @ForAll("texts") String text,
            @ForAll("texts") String prefix, @ForAll("texts") String suffix) {
        String whole = prefix + text + suffix;
        assertEquals(referenceGlob(pattern, text),
                Glob.wildcard(pattern).matches(whole, prefix.length(), prefix.length() + text.length(),
                        new Trace(false, Long.MAX_VALUE)));
    }

    @Property(tries = 1000)
    void literalGlobIsEquality(@ForAll("patterns") String pattern, @ForAll("patterns") String text) {
        assertEquals(pattern.equals(text), Glob.literal(pattern).matches(text));
    }

    @Provide
    Arbitrary<String> arnPatterns() {
        return Arbitraries.strings().withChars('a', ':', '/', '*', '?').ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> arnValues() {
        return Arbitraries.strings().withChars('a', ':', '/').ofMaxLength(12);
    }

    @Property(tries = 3000)
    void arnPatternMatchesReference(@ForAll("arnPatterns") String pattern, @ForAll("arnValues") String value) {
        ArnPattern p = ArnPattern.compile(pattern, false);
        assertEquals(referenceArn(pattern, value), p.matches(value, null, new Trace(false, Long.MAX_VALUE)), pattern + " vs " + value);
    }

    @Provide
    Arbitrary<String> actionPatterns() {
        // ActionPattern itself also handles wildcard service prefixes (the validator only lets "*" through).
        return Combinators.combine(Arbitraries.strings().withChars('s', 'S', '3', '*').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars('g', 'G', 'e', '*', '?').ofMaxLength(5)).as((a, b) -> a + ":" + b);
    }

    @Provide
    Arbitrary<String> actions() {
        return Combinators.combine(Arbitraries.strings().withChars('s', 'S', '3').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars('g', 'G', 'e').ofMinLength(1).ofMaxLength(5)).as((a, b) -> a + ":" + b);
    }

    @Property(tries = 3000)
    void actionPatternMatchesReference(@ForAll("actionPatterns") String pattern, @ForAll("actions") String action) {
        RequestContext r = RequestContext.builder(Fixture.ALICE, action, "*").build();
        boolean expected = referenceGlob(pattern.toLowerCase(java.util.Locale.ROOT),
                action.toLowerCase(java.util.Locale.ROOT));
        assertEquals(expected, ActionPattern.compile(pattern).matches(r, new Trace(false, Long.MAX_VALUE)), pattern + " vs " + action);
    }

    @Property(tries = 2000)
    void cidrMatchesReference(@ForAll("ipv4") int[] network, @ForAll("ipv4") int[] address) {
        int prefix = network[4] % 33;
        String net = network[0] + "." + network[1] + "." + network[2] + "." + network[3] + "/" + prefix;
        String ip = address[0] + "." + address[1] + "." + address[2] + "." + address[3];
        BigInteger n = new BigInteger(1, Literals.ip(net.substring(0, net.indexOf('/'))));
        BigInteger a = new BigInteger(1, Literals.ip(ip));
        boolean expected = n.shiftRight(32 - prefix).equals(a.shiftRight(32 - prefix));
        assertEquals(expected, Literals.cidr(net).contains(Literals.ip(ip)), net + " contains " + ip);
    }

    @Provide
    Arbitrary<int[]> ipv4() {
        return Arbitraries.integers().between(0, 255).array(int[].class).ofSize(5)
                .map(a -> new int[] {a[0], a[1] % 4, a[2], a[3], a[4]});
    }

    @Property(tries = 1000)
    void ipv6ParsesLikeTheJdk(@ForAll("ipv6Bytes") byte[] bytes) throws Exception {
        String text = java.net.InetAddress.getByAddress(bytes).getHostAddress();
        byte[] parsed = Literals.ip(text);
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            return; // the JDK prints mapped addresses as IPv4
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, parsed, text);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    @Provide
    Arbitrary<byte[]> ipv6Bytes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            b[3] = 0; // make runs of zero groups (and so "::" compression) common
            b[4] = 0;
            b[5] = 0;
            return b;
        });
    }

    @Property(tries = 1000)
    void compressedIpv6Parses(@ForAll("ipv6Bytes") byte[] bytes) throws Exception {
        // java.net.Inet6Address#getHostAddress never compresses; build the "::" form ourselves.
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                full.append(':');
            }
            full.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
        }
        String compressed = full.toString().replaceFirst("(^|:)0(:0)+(:|$)", "::");
        byte[] parsed = Literals.ip(compressed);
        if (isV4Mapped(bytes)) {
            return;
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, parsed, compressed);
    }

    @Property(tries = 500)
    void datesRoundTripThroughInstant(@ForAll("epochSeconds") long seconds) {
        java.time.Instant t = java.time.Instant.ofEpochSecond(seconds);
        assertEquals(seconds * 1000, Literals.date(t.toString()));
        assertEquals(seconds * 1000, Literals.date(Long.toString(seconds)));
    }

    @Provide
    Arbitrary<Long> epochSeconds() {
        return Arbitraries.longs().between(0, 4_102_444_800L);
    }
}
