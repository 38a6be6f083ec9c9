package io.charter.server.token;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plaintext layout of {@link SessionClaims}, version 1: fields in a fixed order, strings as
 * a varint byte length and UTF-8 bytes, instants as epoch milliseconds (8 bytes), optional values
 * behind a presence byte, lists behind a varint count. The source instance and role delivery,
 * added later, are trailing fields (a mark, then a string) written only when present, so claims sealed before it read unchanged. Compact (a typical AssumeRole session is
 * about 200 bytes before sealing) and parsed without reflection or a JSON parser.
 *
 * <p>Stateless and thread-safe.
 */
final class ClaimsFormat {
    static final byte VERSION = 1;
    /** The marks of the trailing fields, in the order written: the source instance, the role delivery. */
    private static final int SOURCE_INSTANCE = 1;
    private static final int ROLE_DELIVERY = 2;

    private ClaimsFormat() {
    }

    @SuppressWarnings("EnumOrdinal") // the kind's byte is its place in SessionKind, which only grows at its end
    static byte[] write(SessionClaims claims) {
        Writer out = new Writer();
        out.string(claims.accessKeyId());
        out.string(claims.secretAccessKey());
        out.raw(claims.kind().ordinal());
        out.string(claims.accountId());
        out.string(claims.principalArn());
        out.string(claims.principalId());
        out.string(claims.sessionName());
        out.instant(claims.issuedAt());
        out.instant(claims.expiresAt());
        out.optionalString(claims.sourceIdentity());
        out.optionalString(claims.sessionPolicy());
        out.strings(claims.policyArns());
        out.varint(claims.tags().size());
        for (SessionTag tag : claims.tags()) {
            out.string(tag.key());
            out.string(tag.value());
        }
        out.strings(claims.transitiveTagKeys());
        out.raw(claims.mfaAuthenticatedAt().isPresent() ? 1 : 0);
        claims.mfaAuthenticatedAt().ifPresent(out::instant);
        out.raw(claims.chained() ? 1 : 0);
        claims.sourceInstanceArn().ifPresent(arn -> {
            out.raw(SOURCE_INSTANCE);
            out.string(arn);
        });
        claims.roleDelivery().ifPresent(version -> {
            out.raw(ROLE_DELIVERY);
            out.string(version.toPlainString());
        });
        return out.bytes();
    }

    /** Reads what {@link #write} wrote; throws {@link IllegalArgumentException} on anything else. */
    static SessionClaims read(byte[] bytes) {
        Reader in = new Reader(bytes);
        String accessKeyId = in.string();
        String secret = in.string();
        int kindIndex = in.raw();
        SessionKind[] kinds = SessionKind.values();
        if (kindIndex >= kinds.length) {
            throw new IllegalArgumentException("unknown session kind " + kindIndex);
        }
        String accountId = in.string();
        String principalArn = in.string();
        String principalId = in.string();
        String sessionName = in.string();
        Instant issuedAt = in.instant();
        Instant expiresAt = in.instant();
        Optional<String> sourceIdentity = in.optionalString();
        Optional<String> sessionPolicy = in.optionalString();
        List<String> policyArns = in.strings();
        int tagCount = in.count();
        List<SessionTag> tags = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            tags.add(new SessionTag(in.string(), in.string()));
        }
        List<String> transitive = in.strings();
        Optional<Instant> mfa = in.raw() == 1 ? Optional.of(in.instant()) : Optional.empty();
        boolean chained = in.raw() == 1;
        Optional<String> sourceInstance = Optional.empty();
        Optional<BigDecimal> roleDelivery = Optional.empty();
        int lastMark = 0;
        while (!in.atEnd()) {
            int mark = in.raw();
            if (mark <= lastMark || mark > ROLE_DELIVERY) {
                throw new IllegalArgumentException("unknown field after the claims");
            }
            lastMark = mark;
            if (mark == SOURCE_INSTANCE) {
                sourceInstance = Optional.of(in.string());
            } else {
                roleDelivery = Optional.of(decimal(in.string()));
            }
        }
        in.expectEnd();
        return new SessionClaims(accessKeyId, secret, kinds[kindIndex], accountId, principalArn, principalId,
                sessionName, issuedAt, expiresAt, sourceIdentity, sessionPolicy, policyArns, tags, transitive, mfa,
                chained, sourceInstance, roleDelivery);
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed role delivery", e);
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void raw(int b) {
            out.write(b);
        }

        void varint(int value) {
            int v = value;
            while ((v & ~0x7f) != 0) {
                out.write((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write(v);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            out.writeBytes(utf8);
        }

        void optionalString(Optional<String> s) {
            raw(s.isPresent() ? 1 : 0);
            s.ifPresent(this::string);
        }

        void strings(List<String> list) {
            varint(list.size());
            list.forEach(this::string);
        }

        void instant(Instant instant) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(instant.toEpochMilli()).array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int raw() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("truncated claims");
            }
            return bytes[position++] & 0xff;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = raw();
                value |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed length");
        }

        /** A count or length that cannot exceed what is left to read. */
        int count() {
            int n = varint();
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("length beyond the claims");
            }
            return n;
        }

        String string() {
            int length = count();
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        Optional<String> optionalString() {
            return raw() == 1 ? Optional.of(string()) : Optional.empty();
        }

        List<String> strings() {
            int n = count();
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(string());
            }
            return list;
        }

        Instant instant() {
            if (bytes.length - position < 8) {
                throw new IllegalArgumentException("truncated claims");
            }
            long millis = ByteBuffer.wrap(bytes, position, 8).getLong();
            position += 8;
            return Instant.ofEpochMilli(millis);
        }

        boolean atEnd() {
            return position == bytes.length;
        }

        void expectEnd() {
            if (position != bytes.length) {
                throw new IllegalArgumentException("trailing bytes after the claims");
            }
        }
    }
}
