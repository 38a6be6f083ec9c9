package io.charter.server.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.crypto.MasterKey;
import io.charter.server.crypto.RandomSource;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.TokenKeyRepository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTokenCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final RandomSource RANDOM = new RandomSource(2);

    @TempDir
    Path dir;

    static SessionClaims fullClaims() {
        return new SessionClaims("ASIAY34FZKBOKMUTVV7A", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                SessionKind.ASSUMED_ROLE, "123456789012", "arn:aws:iam::123456789012:role/dev/deployer",
                "AROAEXAMPLEEXAMPLE123", "ci-run-42", T0, T0.plusSeconds(3600), Optional.of("alice@example.com"),
                Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"),
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                List.of(new SessionTag("Project", "Ünïcode ☃"), new SessionTag("CostCenter", "")),
                List.of("Project"), Optional.of(T0.minusSeconds(30)), true,
                Optional.of("arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"),
                Optional.of(new java.math.BigDecimal("2.0")));
    }

    static SessionClaims minimalClaims(String keyId) {
        return new SessionClaims(keyId, "secret", SessionKind.USER_SESSION, "123456789012",
                "arn:aws:iam::123456789012:user/bob", "AIDAEXAMPLEEXAMPLE12", "", T0, T0.plusSeconds(900),
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), false);
    }

    static Keyring keyring(int id) {
        byte[] bytes = new byte[32];
        new SplittableRandom(id).nextBytes(bytes);
        return new Keyring(List.of(new TokenKey(id, new SecretKeySpec(bytes, "AES"), T0, Optional.empty())));
    }

    @Test
    void everyClaimSurvivesTheRoundTrip() throws Exception {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        for (SessionClaims claims : List.of(fullClaims(), minimalClaims("ASIAQQQQQQQQQQQQQQQQ"))) {
            String token = codec.seal(claims);
            assertTrue(token.matches("[A-Za-z0-9+/]+=*"), token);
            assertFalse(token.contains(claims.secretAccessKey()));
            assertEquals(claims, codec.open(token, claims.accessKeyId()));
        }
        assertNotEquals(codec.seal(fullClaims()), codec.seal(fullClaims()), "a fresh nonce every time");
        assertTrue(codec.seal(fullClaims()).length() < 1024, "tokens stay well under AWS's typical 4 KB");
    }

    @Test
    void anyChangedByteMakesTheTokenNotOpen() {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        SessionClaims claims = fullClaims();
        byte[] token = Base64.getDecoder().decode(codec.seal(claims));
        for (int i = 0; i < token.length; i++) {
            byte[] altered = token.clone();
            altered[i] ^= 0x01;
            String text = Base64.getEncoder().encodeToString(altered);
            assertThrows(InvalidTokenException.class, () -> codec.open(text, claims.accessKeyId()), "byte " + i);
        }
    }

    @Test
    void tokenOpensOnlyForItsOwnAccessKeyAndKeyring() throws Exception {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        String token = codec.seal(fullClaims());
        assertThrows(InvalidTokenException.class, () -> codec.open(token, "ASIAOTHEROTHEROTHER0"));
        SessionTokenCodec otherKeyring = new SessionTokenCodec(() -> keyring(2), RANDOM);
        assertThrows(InvalidTokenException.class, () -> otherKeyring.open(token, fullClaims().accessKeyId()));
    }

    @Test
    void garbageNeverThrowsAnythingButInvalidToken() {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        List<String> garbage = new ArrayList<>(List.of("", "not base64 !", "AQ==", "AQAAAAE=", "x".repeat(20_000),
                Base64.getEncoder().encodeToString(new byte[64])));
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(0, 300)];
            random.nextBytes(bytes);
            if (bytes.length > 5) {
                bytes[0] = SessionTokenCodec.FORMAT;
                bytes[1] = 0;
                bytes[2] = 0;
                bytes[3] = 0;
                bytes[4] = 1;
            }
            garbage.add(Base64.getEncoder().encodeToString(bytes));
        }
        for (String token : garbage) {
            assertThrows(InvalidTokenException.class, () -> codec.open(token, "ASIAY34FZKBOKMUTVV7A"));
        }
    }

    @Test
    void claimsFormatRefusesTruncatedAndTrailingBytes() {
        byte[] plain = ClaimsFormat.write(fullClaims());
        assertEquals(fullClaims(), ClaimsFormat.read(plain));
        SessionClaims full = fullClaims();
        SessionClaims withoutInstance = new SessionClaims(full.accessKeyId(), full.secretAccessKey(), full.kind(),
                full.accountId(), full.principalArn(), full.principalId(), full.sessionName(), full.issuedAt(),
                full.expiresAt(), full.sourceIdentity(), full.sessionPolicy(), full.policyArns(), full.tags(),
                full.transitiveTagKeys(), full.mfaAuthenticatedAt(), full.chained());
        SessionClaims withoutDelivery = new SessionClaims(full.accessKeyId(), full.secretAccessKey(), full.kind(),
                full.accountId(), full.principalArn(), full.principalId(), full.sessionName(), full.issuedAt(),
                full.expiresAt(), full.sourceIdentity(), full.sessionPolicy(), full.policyArns(), full.tags(),
                full.transitiveTagKeys(), full.mfaAuthenticatedAt(), full.chained(), full.sourceInstanceArn(),
                Optional.empty());
        // The optional trailing fields end claims where the next one's mark would start (claims sealed
        // before they were added end at the first).
        int before = ClaimsFormat.write(withoutInstance).length;
        int afterInstance = ClaimsFormat.write(withoutDelivery).length;
        for (int cut = 0; cut < plain.length; cut++) {
            byte[] truncated = Arrays.copyOf(plain, cut);
            if (cut == before) {
                assertEquals(withoutInstance, ClaimsFormat.read(truncated));
            } else if (cut == afterInstance) {
                assertEquals(withoutDelivery, ClaimsFormat.read(truncated));
            } else {
                assertThrows(IllegalArgumentException.class, () -> ClaimsFormat.read(truncated), "cut at " + cut);
            }
        }
        byte[] longer = Arrays.copyOf(plain, plain.length + 1);
        assertThrows(IllegalArgumentException.class, () -> ClaimsFormat.read(longer));
    }

    @Test
    void rotationKeepsOldTokensOpenUntilTheyCannotBeValidThenDropsTheKey() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), new SecureRandom());
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            Migrations.apply(db);
            TokenKeys keys = TokenKeys.loadOrCreate(db, new TokenKeyRepository(), masterKey, clock, RANDOM);
            assertEquals(1, keys.get().active().id());
            SessionTokenCodec codec = new SessionTokenCodec(keys, RANDOM);
            String old = codec.seal(fullClaims());

            now.set(T0.plus(Duration.ofHours(1)));
            Keyring rotated = keys.rotate();
            assertEquals(2, rotated.active().id());
            assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), rotated.find(1).orElseThrow().retiredAt());
            assertEquals(fullClaims(), codec.open(old, fullClaims().accessKeyId()), "the retired key still opens");
            String fresh = codec.seal(fullClaims());
            assertEquals(2, Base64.getDecoder().decode(fresh)[4], "new tokens are sealed by the new key");

            // Another node (or a restart) loads the same keyring from the store.
            TokenKeys reloaded = TokenKeys.loadOrCreate(db, new TokenKeyRepository(), masterKey, clock, RANDOM);
            assertEquals(fullClaims(), new SessionTokenCodec(reloaded, RANDOM).open(fresh, fullClaims().accessKeyId()));
            assertEquals(fullClaims(), new SessionTokenCodec(reloaded, RANDOM).open(old, fullClaims().accessKeyId()));


            // Scheduled rotation: only a key at least as old as the rotation age is replaced.
            assertEquals(false, keys.rotateIfOlderThan(Duration.ofDays(30)));
            now.set(now.get().plus(Duration.ofDays(30)));
            assertEquals(true, keys.rotateIfOlderThan(Duration.ofDays(30)));
            assertEquals(3, keys.get().active().id());
            assertEquals(fullClaims(), codec.open(fresh, fullClaims().accessKeyId()), "the retired key still opens");
            now.set(T0.plus(Duration.ofHours(1)));

            // Once no token of key 1 can still be valid, the next rotation drops it.
            now.set(T0.plus(Duration.ofHours(1)).plus(Keyring.MAX_SESSION).plusSeconds(1));
            Keyring later = keys.rotate();
            assertEquals(List.of(2, 3, 4), later.keys().stream().map(TokenKey::id).toList());
            assertThrows(InvalidTokenException.class, () -> codec.open(old, fullClaims().accessKeyId()));
            assertEquals(fullClaims(), codec.open(fresh, fullClaims().accessKeyId()));

            // A node that has not followed a rotation elsewhere rereads the keyring for the unknown key,
            // at most once a second: a made-up key id cannot cost a store read per request.
            SessionTokenCodec lagging = new SessionTokenCodec(reloaded, RANDOM);
            keys.rotate();
            String newer = codec.seal(fullClaims());
            assertEquals(5, Base64.getDecoder().decode(newer)[4]);
            assertEquals(fullClaims(), lagging.open(newer, fullClaims().accessKeyId()), "reread for key 5");
            keys.rotate();
            String newest = codec.seal(fullClaims());
            assertThrows(InvalidTokenException.class, () -> lagging.open(newest, fullClaims().accessKeyId()),
                    "a second reread within the same second is refused");
            now.set(now.get().plusSeconds(1));
            assertEquals(fullClaims(), lagging.open(newest, fullClaims().accessKeyId()));
        }
    }

    @Test
    void manyVirtualThreadsSealAndOpenConcurrently() throws Exception {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                tokens.add(executor.submit(() -> codec.seal(fullClaims())));
            }
            List<Future<SessionClaims>> opened = new ArrayList<>();
            for (Future<String> token : tokens) {
                String t = token.get();
                opened.add(executor.submit(() -> codec.open(t, fullClaims().accessKeyId())));
            }
            for (Future<SessionClaims> claims : opened) {
                assertEquals(fullClaims(), claims.get());
            }
        }
        assertArrayEquals(ClaimsFormat.write(fullClaims()), ClaimsFormat.write(fullClaims()));
    }

    @Test
    void tokenSizes() throws Exception {
        SessionTokenCodec codec = new SessionTokenCodec(() -> keyring(1), RANDOM);
        SessionClaims plain = new SessionClaims("ASIAY34FZKBOKMUTVV7A", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                SessionKind.ASSUMED_ROLE, "123456789012", "arn:aws:iam::123456789012:role/deployer", "AROAEXAMPLEEXAMPLE123",
                "ci-run-42", T0, T0.plusSeconds(3600), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), false);
        StringBuilder policy = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        SplittableRandom random = new SplittableRandom(11);
        while (policy.length() < 1980) {
            policy.append("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b")
                    .append(random.nextInt(100000)).append("/*\"},");
        }
        policy.setLength(policy.length() - 1);
        policy.append("]}");
        List<SessionTag> tags = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add(new SessionTag(String.format("%03d", i) + "k".repeat(125), "v".repeat(256)));
        }
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            arns.add("arn:aws:iam::123456789012:policy/session/limit-" + i);
        }
        SessionClaims maximal = new SessionClaims(plain.accessKeyId(), plain.secretAccessKey(), SessionKind.ASSUMED_ROLE,
                "123456789012", plain.principalArn(), plain.principalId(), "ci-run-42", T0, T0.plusSeconds(3600),
                Optional.of("alice@example.com"), Optional.of(policy.toString()), arns, tags,
                tags.stream().map(SessionTag::key).toList(), Optional.of(T0), true);
        String plainToken = codec.seal(plain);
        String maximalToken = codec.seal(maximal);
        assertEquals(plain, codec.open(plainToken, plain.accessKeyId()));
        assertEquals(maximal, codec.open(maximalToken, maximal.accessKeyId()), "large sessions open too");
        assertTrue(plainToken.length() < 400, "plain session token: " + plainToken.length());
        assertTrue(maximalToken.length() < 8192, "maximal session token: " + maximalToken.length());
        System.out.println("token sizes (base64 characters): plain " + plainToken.length() + ", maximal " + maximalToken.length());
    }
}
