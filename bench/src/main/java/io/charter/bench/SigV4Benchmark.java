package io.charter.bench;

import io.charter.server.crypto.RandomSource;
import io.charter.server.token.SessionClaims;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.SignatureParser;
import io.charter.sigv4.SignatureVerifier;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SigV4 verification of an STS AssumeRole request signed by the AWS SDK for Java v2's signer:
 * {@link SignatureParser#parse} (checks 1 to 10: form, date, scope, signed headers) then
 * {@link SignatureVerifier#verify} (canonical request, string to sign, HMAC, constant-time
 * compare), with the server's settings. Each invocation verifies a new {@code SignableRequest}
 * built from the received header lines and body, as the endpoint does per request, so the body's
 * SHA-256 is computed every time.
 *
 * <ul>
 *   <li>{@code verify}: the signing key of the (secret, day, region, service) is cached, as it
 *       is for every request of a client after its first of the day;</li>
 *   <li>{@code verifyUncachedKey}: the key is derived again (four more HMACs), as for a
 *       client's first request of the day: two clients alternate over a one-entry cache.</li>
 * </ul>
 * Credentials: {@code long-term} (an {@code AKIA…} key) or {@code session} (an {@code ASIA…}
 * key with its ≈ 400-character session token in a signed {@code X-Amz-Security-Token} header;
 * the token is not opened here, see {@link SessionTokenBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigV4Benchmark {
    /** The signing names the server answers for (as {@code CharterServer} configures its authenticator). */
    static final VerifierSettings SETTINGS = VerifierSettings.of(Set.of("sts", "iam", "organizations"));

    @Param({"long-term", "session"})
    public String credentials;

    private SignatureVerifier verifier;
    private SignatureVerifier coldVerifier;
    private InProcessCharter.Credentials[] clients;
    private SignedQueryRequest[] requests;
    private int next;

    /** Signs anew every iteration: a signature is valid for 15 minutes. */
    @Setup(Level.Iteration)
    public void setup() {
        RandomSource random = new RandomSource();
        clients = new InProcessCharter.Credentials[2];
        requests = new SignedQueryRequest[2];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = credentials.equals("session")
                    ? session(random)
                    : new InProcessCharter.Credentials("AKIAQWERTYUIOPASDF" + i + "X", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE" + i,
                            Optional.empty());
            requests[i] = clients[i].sign("sts", InProcessCharter.sts("AssumeRole", "RoleArn", InProcessCharter.ROLE_ARN,
                    "RoleSessionName", "bench-session"));
        }
        verifier = new SignatureVerifier(SETTINGS, new SigningKeyCache());
        coldVerifier = new SignatureVerifier(SETTINGS, new SigningKeyCache(1));
        for (int i = 0; i < clients.length; i++) {
            // Fails here, not in the measurement, if the server's verifier does not accept the SDK's signature.
            verifier.verify(parse(requests[i]), requests[i].signable(), clients[i].secretAccessKey());
        }
    }

    private static InProcessCharter.Credentials session(RandomSource random) {
        SessionClaims claims = SessionTokenBenchmark.claims(false, random);
        String token = SessionTokenBenchmark.codec(random).seal(claims);
        return new InProcessCharter.Credentials(claims.accessKeyId(), claims.secretAccessKey(), Optional.of(token));
    }

    private static ParsedSignature parse(SignedQueryRequest request) {
        return SignatureParser.parse(request.signable(), Instant.now(), SETTINGS);
    }

    @Benchmark
    public ParsedSignature verify() {
        SignedQueryRequest request = requests[0];
        var signable = request.signable();
        ParsedSignature signature = SignatureParser.parse(signable, Instant.now(), SETTINGS);
        verifier.verify(signature, signable, clients[0].secretAccessKey());
        return signature;
    }

    @Benchmark
    public ParsedSignature verifyUncachedKey() {
        int i = next;
        next = i ^ 1;
        SignedQueryRequest request = requests[i];
        var signable = request.signable();
        ParsedSignature signature = SignatureParser.parse(signable, Instant.now(), SETTINGS);
        coldVerifier.verify(signature, signable, clients[i].secretAccessKey());
        return signature;
    }
}
