package io.charter.bench;

import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.protocol.DecodedRequest;
import io.charter.server.protocol.FormParameters;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.ServiceRegistry;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * STS without HTTP, on a real server and store started in process ({@link InProcessCharter},
 * seeded as the HTTP benchmark seeds Charter): the IAM user {@code bench-caller} assumes
 * {@code bench-role}, allowed by its inline policy and the role's trust policy. {@code roles} more
 * roles, each with its own managed policy ({@link SeedStore#seed}), are in the store beside them:
 * {@code -p roles=10,10000,100000} measures how the cost grows with the store.
 *
 * <ul>
 *   <li>{@code assumeRole}: the AssumeRole operation alone, for a caller authenticated in setup:
 *       role lookup, the trust and identity policies decided together, a new key pair, the
 *       session token sealed;</li>
 *   <li>{@code assumeRoleRequest}: the whole request as the API endpoint serves it, from the
 *       received header lines and body to the XML answer (SigV4, caller lookup, decoding, the
 *       operation, encoding), what one request of the HTTP benchmark costs the server outside
 *       the HTTP layer;</li>
 *   <li>{@code getCallerIdentityRequest}: the same for GetCallerIdentity, the HTTP benchmark's
 *       other action (no policy decision).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssumeRoleBenchmark {
    /** Roles (each with a customer managed policy) in the store besides the benchmark's own. */
    @Param("10")
    public int roles;

    private InProcessCharter charter;
    private ServiceRegistry.Registered assumeRole;
    private StructValue assumeRoleInput;
    private Caller caller;
    private SignedQueryRequest assumeRoleRequest;
    private SignedQueryRequest getCallerIdentityRequest;

    @Setup(Level.Trial)
    public void start() {
        charter = InProcessCharter.start();
        SeedStore.seed(charter.server().directory(), charter.store(), roles, InProcessCharter.ACCOUNT);
        assumeRole = charter.server().requestPath().registry().operation("sts", "AssumeRole").orElseThrow();
    }

    /** Signs anew every iteration (a signature is valid for 15 minutes) and checks both requests succeed. */
    @Setup(Level.Iteration)
    public void sign() {
        InProcessCharter.Credentials user = charter.user();
        assumeRoleRequest = user.sign("sts", InProcessCharter.sts("AssumeRole", "RoleArn", InProcessCharter.ROLE_ARN,
                "RoleSessionName", "bench-session"));
        getCallerIdentityRequest = user.sign("sts", InProcessCharter.sts("GetCallerIdentity"));
        DecodedRequest decoded = charter.server().requestPath().registry().queryCodec()
                .decode(FormParameters.parseForm(assumeRoleRequest.body()), Optional.of("sts"));
        assumeRoleInput = decoded.input();
        caller = charter.authenticate(assumeRoleRequest.signable());
        charter.serve(assumeRoleRequest);
        charter.serve(getCallerIdentityRequest);
    }

    @TearDown(Level.Trial)
    public void stop() {
        charter.close();
    }

    @Benchmark
    public StructValue assumeRole() {
        OperationContext context = charter.context(caller);
        return assumeRole.body().handle(context, assumeRoleInput);
    }

    @Benchmark
    public byte[] assumeRoleRequest() {
        return charter.serve(assumeRoleRequest).xml();
    }

    @Benchmark
    public byte[] getCallerIdentityRequest() {
        return charter.serve(getCallerIdentityRequest).xml();
    }
}
