package io.charter.bench;

import io.charter.server.crypto.RandomSource;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.token.InvalidTokenException;
import io.charter.server.token.Keyring;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionTag;
import io.charter.server.token.SessionTokenCodec;
import io.charter.server.token.TokenKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing and opening a session token ({@link SessionTokenCodec}, AES-256-GCM): sealing is what
 * every AssumeRole, GetSessionToken and GetFederationToken pays, opening what every request
 * signed with temporary credentials pays before its signature is checked. Two sessions:
 * <ul>
 *   <li>{@code plain}: an AssumeRole session with nothing but its identity (≈ 250 bytes of
 *       claims, format 1), what the HTTP benchmark's AssumeRole mints;</li>
 *   <li>{@code policy-and-tags}: the same with a 1 KB inline session policy, two managed session
 *       policies, ten session tags (two transitive) and a source identity: large claims, sealed
 *       DEFLATE-compressed (format 2) and inflated on opening.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionTokenBenchmark {
    @Param({"plain", "policy-and-tags"})
    public String session;

    private SessionTokenCodec codec;
    private SessionClaims claims;
    private String token;

    @Setup
    public void setup() throws InvalidTokenException {
        RandomSource random = new RandomSource();
        codec = codec(random);
        claims = claims(session.equals("policy-and-tags"), random);
        token = codec.seal(claims);
        if (!codec.open(token, claims.accessKeyId()).equals(claims)) {
            throw new IllegalStateException("the token does not open to its claims");
        }
    }

    /** A codec over a keyring of one fresh AES-256 key, as a new store has. */
    static SessionTokenCodec codec(RandomSource random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        Keyring keyring = new Keyring(List.of(new TokenKey(1, new SecretKeySpec(key, "AES"),
                Instant.now(), Optional.empty())));
        return new SessionTokenCodec(() -> keyring, random);
    }

    /** The claims of an AssumeRole session of {@code bench-role}, issued now for an hour. */
    static SessionClaims claims(boolean large, RandomSource random) {
        String account = InProcessCharter.ACCOUNT;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<SessionTag> tags = new ArrayList<>();
        Optional<String> policy = Optional.empty();
        List<String> policyArns = List.of();
        Optional<String> sourceIdentity = Optional.empty();
        if (large) {
            for (int i = 0; i < 10; i++) {
                tags.add(new SessionTag("team-attribute-" + i, "value-of-attribute-" + i));
            }
            StringBuilder statements = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                statements.append(i > 0 ? "," : "").append("{\"Sid\":\"Read").append(i)
                        .append("\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":")
                        .append("[\"arn:aws:s3:::analytics-").append(i).append("\",\"arn:aws:s3:::analytics-").append(i)
                        .append("/*\"],\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"analytics\"}}}");
            }
            policy = Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
            policyArns = List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::" + account + ":policy/bench-scope");
            sourceIdentity = Optional.of("alice@example.com");
        }
        return new SessionClaims(AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, account, random).value(),
                SecretAccessKey.mint(random), SessionKind.ASSUMED_ROLE, account, InProcessCharter.ROLE_ARN,
                "AROAQWERTYUIOPASDFGHJ", "bench-session", now, now.plusSeconds(3600), sourceIdentity, policy, policyArns,
                tags, large ? List.of(tags.get(0).key(), tags.get(1).key()) : List.of(), Optional.empty(), false);
    }

    @Benchmark
    public String seal() {
        return codec.seal(claims);
    }

    @Benchmark
    public SessionClaims open() throws InvalidTokenException {
        return codec.open(token, claims.accessKeyId());
    }
}
