package io.charter.policy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Base64;

/**
 * Parsers for the typed literals of conditions and request contexts. Each returns {@code null}
 * (never throws) when the text is not of the type; callers turn that into a finding or a
 * fail-closed evaluation. Thread-safe: stateless.
 */
final class Literals {
    /** Sentinel for "not a date": dates are epoch milliseconds, and no valid date maps here. */
    static final long NOT_A_DATE = Long.MIN_VALUE;

    private Literals() {}

    static BigDecimal number(String s) {
        // AWS takes integers and decimals; no exponents, no hex, no surrounding spaces.
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        boolean digits = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return null;
            }
        }
        return digits ? new BigDecimal(s) : null;
    }

    static Boolean bool(String s) {
        if ("true".equalsIgnoreCase(s)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(s)) {
            return Boolean.FALSE;
        }
        return null;
    }

    static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A date as epoch milliseconds: epoch seconds (digits only) or W3C ISO 8601 ({@code 2024-01-31},
     * {@code 2024-01-31T10:00Z}, {@code 2024-01-31T10:00:00.123+02:00}); no zone means UTC.
     */
    static long date(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return NOT_A_DATE;
        }
        boolean allDigits = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                allDigits = false;
                break;
            }
        }
        if (allDigits) {
            if (n > 15) {
                return NOT_A_DATE;
            }
            return Long.parseLong(s) * 1000L;
        }
        try {
            return iso(s);
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return NOT_A_DATE;
        }
    }

    private static long iso(String s) {
        int t = indexOfT(s);
        String datePart = t < 0 ? s : s.substring(0, t);
        String[] ymd = datePart.split("-", -1);
        if (ymd.length != 3 || ymd[0].length() != 4 || ymd[1].length() != 2 || ymd[2].length() != 2) {
            return NOT_A_DATE;
        }
        LocalDate day = LocalDate.of(digits(ymd[0]), digits(ymd[1]), digits(ymd[2]));
        long millis = day.toEpochDay() * 86_400_000L;
        if (t < 0) {
            return millis;
        }
        String time = s.substring(t + 1);
        int zone = zoneStart(time);
        String clock = zone < 0 ? time : time.substring(0, zone);
        long offsetMillis = zone < 0 ? 0 : offset(time.substring(zone));
        String[] hms = clock.split(":", -1);
        if (hms.length < 2 || hms.length > 3 || hms[0].length() != 2 || hms[1].length() != 2) {
            return NOT_A_DATE;
        }
        int h = digits(hms[0]);
        int m = digits(hms[1]);
        long frac = 0;
        int sec = 0;
        if (hms.length == 3) {
            String secText = hms[2];
            int dot = secText.indexOf('.');
            String whole = dot < 0 ? secText : secText.substring(0, dot);
            if (whole.length() != 2) {
                return NOT_A_DATE;
            }
            sec = digits(whole);
            if (dot >= 0) {
                String f = secText.substring(dot + 1);
                if (f.isEmpty() || f.length() > 9) {
                    return NOT_A_DATE;
                }
                frac = digits((f + "00").substring(0, 3));
                digits(f);
            }
        }
        if (h > 23 || m > 59 || sec > 59) {
            return NOT_A_DATE;
        }
        return millis + ((h * 60L + m) * 60L + sec) * 1000L + frac - offsetMillis;
    }

    private static int indexOfT(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'T' || c == 't') {
                return i;
            }
        }
        return -1;
    }

    private static int zoneStart(String time) {
        for (int i = 0; i < time.length(); i++) {
            char c = time.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
                return i;
            }
        }
        return -1;
    }

    private static long offset(String z) {
        if (z.equals("Z") || z.equals("z")) {
            return 0;
        }
        int sign = z.charAt(0) == '-' ? -1 : 1;
        String rest = z.substring(1).replace(":", "");
        if (rest.length() != 2 && rest.length() != 4) {
            throw new DateTimeException("bad offset");
        }
        int hh = digits(rest.substring(0, 2));
        int mm = rest.length() == 4 ? digits(rest.substring(2)) : 0;
        if (hh > 23 || mm > 59) {
            throw new DateTimeException("bad offset");
        }
        return sign * (hh * 60L + mm) * 60_000L;
    }

    private static int digits(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (c - '0');
            if (v > 100_000_000) {
                throw new NumberFormatException(s);
            }
        }
        return v;
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) address; IPv4-mapped IPv6 becomes IPv4. No DNS, ever. */
    static byte[] ip(String s) {
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        byte[] v6 = ipv6(s);
        if (v6 != null && isV4Mapped(v6)) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        return v6;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String s) {
        if (s.length() > 45) {
            return null;
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        String head = dc < 0 ? s : s.substring(0, dc);
        String tail = dc < 0 ? "" : s.substring(dc + 2);
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (dc < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int g = 8 - t.length + i;
            out[2 * g] = (byte) (t[i] >> 8);
            out[2 * g + 1] = (byte) t[i];
        }
        return out;
    }

    /** Colon-separated 16-bit groups; a trailing dotted IPv4 counts as two groups. */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int last = parts.length - 1;
        boolean v4Tail = parts[last].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == last && v4Tail) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    /** A CIDR block {@code addr/len} or a bare address (a /32 or /128); {@code null} if malformed. */
    static Cidr cidr(String s) {
        int slash = s.indexOf('/');
        byte[] addr = ip(slash < 0 ? s : s.substring(0, slash));
        if (addr == null) {
            return null;
        }
        int bits = addr.length * 8;
        int len = bits;
        if (slash >= 0) {
            String l = s.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3) {
                return null;
            }
            len = 0;
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                len = len * 10 + (c - '0');
            }
            if (s.substring(0, slash).indexOf(':') >= 0 && addr.length == 4) {
                // IPv4-mapped IPv6 CIDR (::ffff:a.b.c.d/len): the v4 prefix is len - 96.
                len -= 96;
                if (len < 0) {
                    return null;
                }
            }
            if (len > bits) {
                return null;
            }
        }
        return new Cidr(addr, len);
    }

    /** A network: address bytes and prefix length. Host bits in the address are ignored. */
    record Cidr(byte[] address, int prefix) {
        boolean contains(byte[] ip) {
            if (ip.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != address[i]) {
                    return false;
                }
            }
            int rem = prefix % 8;
            if (rem == 0) {
                return true;
            }
            int mask = (0xff << (8 - rem)) & 0xff;
            return (ip[full] & mask) == (address[full] & mask);
        }
    }
}
