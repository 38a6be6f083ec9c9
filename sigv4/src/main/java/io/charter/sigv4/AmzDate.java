package io.charter.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The SigV4 timestamp, ISO 8601 basic format {@code yyyyMMdd'T'HHmmss'Z'} in UTC, parsed and
 * printed by hand (no formatter on the hot path). Stateless.
 */
final class AmzDate {

    static final int LENGTH = 16;

    private AmzDate() {
    }

    /** The instant {@code text} denotes, or {@code null} if it is not exactly {@code yyyyMMdd'T'HHmmss'Z'}. */
    static Instant parse(String text) {
        if (text.length() != LENGTH || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 4, 6);
        int day = digits(text, 6, 8);
        int hour = digits(text, 9, 11);
        int minute = digits(text, 11, 13);
        int second = digits(text, 13, 15);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instant of an RFC 1123 {@code Date} header, or {@code null}. Off the hot path: botocore sends X-Amz-Date. */
    static Instant parseHttpDate(String text) {
        try {
            Instant instant = ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            int year = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
            // A date that has no SigV4 (ISO-8601 basic) form is as malformed as an unparsable one.
            return year < 0 || year > 9999 ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code instant} as {@code yyyyMMdd'T'HHmmss'Z'} (seconds truncated). */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of range for a SigV4 timestamp: " + instant);
        }
        char[] out = new char[LENGTH];
        put(out, 0, year, 4);
        put(out, 4, t.getMonthValue(), 2);
        put(out, 6, t.getDayOfMonth(), 2);
        out[8] = 'T';
        put(out, 9, t.getHour(), 2);
        put(out, 11, t.getMinute(), 2);
        put(out, 13, t.getSecond(), 2);
        out[15] = 'Z';
        return new String(out);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
