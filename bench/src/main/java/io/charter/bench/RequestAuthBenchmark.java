package io.charter.bench;

import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.service.ServiceRegistry;
import io.charter.sigv4.SignableRequest;
import java.util.Map;
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
 * Authentication plus authorization of one signed request in process, with the server's own
 * {@code Authenticator} and {@code Authorizer} over a real store ({@link InProcessCharter}): an
 * IAM {@code GetRole} of {@code bench-role}, signed by the AWS SDK's signer, is parsed and
 * verified (SigV4), its caller resolved (key lookup in the identity snapshot, or the session token
 * opened), the credential rules applied, and {@code iam:GetRole} on the role decided by the
 * policy engine over the caller's policies, as the GetRole operation asks before it reads
 * anything. The operation itself, decoding and encoding are not included (see
 * {@link AssumeRoleBenchmark} for whole requests).
 *
 * <p>Callers: {@code user}, the IAM user {@code bench-caller} with its long-term key, an inline
 * policy and the AWS managed {@code IAMReadOnlyAccess}; {@code role-session}, a session of
 * {@code bench-role} (assumed by that user), whose role has the AWS managed
 * {@code ReadOnlyAccess} attached (≈ 155 KB, thousands of actions).
 *
 * <p>{@code authenticate} measures the authentication alone, so the difference is what the
 * authorization adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestAuthBenchmark {
    @Param({"user", "role-session"})
    public String caller;

    private InProcessCharter charter;
    private InProcessCharter.Credentials credentials;
    private SignedQueryRequest request;
    private ServiceRegistry.Registered getRole;

    @Setup(Level.Trial)
    public void start() {
        charter = InProcessCharter.start();
        getRole = charter.server().requestPath().registry().operation("iam", "GetRole").orElseThrow();
        InProcessCharter.Credentials root = charter.root();
        charter.serve(root.sign("iam", InProcessCharter.iam("AttachUserPolicy", "UserName", InProcessCharter.USER_NAME,
                "PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));
        charter.serve(root.sign("iam", InProcessCharter.iam("AttachRolePolicy", "RoleName", InProcessCharter.ROLE_NAME,
                "PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));
        credentials = caller.equals("user") ? charter.user() : charter.roleSession("bench-session");
    }

    /** Signs anew every iteration (a signature is valid for 15 minutes) and checks the request is allowed. */
    @Setup(Level.Iteration)
    public void sign() {
        request = credentials.sign("iam", InProcessCharter.iam("GetRole", "RoleName", InProcessCharter.ROLE_NAME));
        charter.serve(request);
    }

    @TearDown(Level.Trial)
    public void stop() {
        charter.close();
    }

    @Benchmark
    public Caller authenticate() {
        SignableRequest signable = request.signable();
        return charter.authenticate(signable);
    }

    @Benchmark
    public OperationContext authenticateAndAuthorize() {
        SignableRequest signable = request.signable();
        Caller authenticated = charter.authenticate(signable);
        getRole.service().sessionRules().check(authenticated, "iam", "GetRole");
        OperationContext context = charter.context(authenticated);
        charter.server().requestPath().authorizer().authorize(context, "iam:GetRole", InProcessCharter.ROLE_ARN, Map.of());
        return context;
    }
}
