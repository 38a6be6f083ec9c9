package io.charter.bench;

import io.charter.server.CharterServer;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.config.CharterConfig;
import io.charter.server.http.ApiEndpoint;
import io.charter.server.http.RequestIds;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.protocol.DecodedRequest;
import io.charter.server.protocol.FormParameters;
import io.charter.server.protocol.QueryCodec;
import io.charter.server.protocol.StructValue;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.SignableRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Charter server started in this process on a fresh store in a temporary directory, as
 * {@code charter serve} starts it (its HTTP listener is bound to a free loopback port and left
 * idle), seeded like the HTTP benchmark: a role {@code bench-role} trusting the account, and a
 * user {@code bench-caller} with an access key and an inline policy allowing
 * {@code sts:AssumeRole} on it. The seeding goes through the same steps as every benchmarked
 * request ({@link #serve}), signed with the bootstrap root key.
 *
 * <p>{@link #serve} runs the API endpoint's own request path ({@code ApiEndpoint.serve}) for a
 * POST Query request without HTTP: SigV4 parse, authenticate, decode, the credential rules, the
 * operation (which authorizes), encode. Not run: reading the body from the socket, the
 * header-size check and writing the response.
 */
final class InProcessCharter implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String ROLE_NAME = "bench-role";
    static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/" + ROLE_NAME;
    static final String USER_NAME = "bench-caller";

    /** Temporary or long-term credentials to sign with. */
    record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        SignedQueryRequest sign(String service, Map<String, String> params) {
            return SignedQueryRequest.sign(service, params, accessKeyId, secretAccessKey, sessionToken);
        }
    }

    /** What one request produced: the decoded request, the operation's output and the encoded XML. */
    record Served(DecodedRequest request, StructValue output, byte[] xml) {
    }

    private final Path dataDir;
    private final CharterServer server;
    private final Clock clock;
    private final QueryCodec codec;
    private final Credentials root;
    private final Credentials user;

    private InProcessCharter(Path dataDir, CharterServer server, Clock clock) {
        this.dataDir = dataDir;
        this.server = server;
        this.clock = clock;
        this.codec = server.requestPath().registry().queryCodec();
        NewAccessKey rootKey = server.bootstrapKey().orElseThrow();
        this.root = new Credentials(rootKey.accessKeyId(), rootKey.secretAccessKey(), Optional.empty());
        this.user = seed();
    }

    /** Starts a server on a new store and seeds it. */
    static InProcessCharter start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("charter-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Clock clock = Clock.systemUTC();
        CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir.resolve("data"), ACCOUNT, 1 << 20,
                Duration.ofSeconds(1), Duration.ofDays(30));
        return new InProcessCharter(dataDir, CharterServer.start(config, clock), clock);
    }

    private Credentials seed() {
        serve(root.sign("iam", iam("CreateRole", "RoleName", ROLE_NAME, "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}")));
        serve(root.sign("iam", iam("CreateUser", "UserName", USER_NAME)));
        serve(root.sign("iam", iam("PutUserPolicy", "UserName", USER_NAME, "PolicyName", "assume-bench-role",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + ROLE_ARN + "\"}]}")));
        StructValue key = serve(root.sign("iam", iam("CreateAccessKey", "UserName", USER_NAME))).output()
                .struct("AccessKey");
        return new Credentials(key.string("AccessKeyId"), key.string("SecretAccessKey"), Optional.empty());
    }

    /** The parameters of an IAM action: {@code Action}, {@code Version}, then the given pairs. */
    static Map<String, String> iam(String action, String... pairs) {
        return params(action, "2010-05-08", pairs);
    }

    /** The parameters of an STS action. */
    static Map<String, String> sts(String action, String... pairs) {
        return params(action, "2011-06-15", pairs);
    }

    private static Map<String, String> params(String action, String version, String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", action);
        params.put("Version", version);
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    /** The bootstrap account's root user. */
    Credentials root() {
        return root;
    }

    /** {@code bench-caller}: may assume {@code bench-role}. */
    Credentials user() {
        return user;
    }

    /** Temporary credentials of {@code bench-role}, assumed by {@code bench-caller}. */
    Credentials roleSession(String sessionName) {
        StructValue c = serve(user.sign("sts", sts("AssumeRole", "RoleArn", ROLE_ARN, "RoleSessionName", sessionName)))
                .output().struct("Credentials");
        return new Credentials(c.string("AccessKeyId"), c.string("SecretAccessKey"), Optional.of(c.string("SessionToken")));
    }

    /** The server's store file. */
    Path store() {
        return dataDir.resolve("data").resolve("charter.db");
    }

    CharterServer server() {
        return server;
    }

    Clock clock() {
        return clock;
    }

    /** Steps 1 to 12 of authentication, on the current snapshot: what {@code ApiEndpoint} does before decoding. */
    Caller authenticate(SignableRequest signable) {
        Authenticator authenticator = server.requestPath().authenticator();
        ParsedSignature signature = authenticator.parse(signable, clock.instant());
        return authenticator.authenticate(signature, signable, server.directory().current());
    }

    /** The context an operation is given for {@code caller}, as {@code ApiEndpoint} builds it for a loopback client. */
    OperationContext context(Caller caller) {
        return new OperationContext(caller, server.directory().current(), clock.instant(), "127.0.0.1", false,
                RequestIds.next(), SignedQueryRequest.REGION);
    }

    /**
     * Serves one signed request as the API endpoint does, without HTTP.
     *
     * @throws io.charter.server.error.ServiceException what the endpoint would answer as an AWS error
     */
    Served serve(SignedQueryRequest request) {
        SignableRequest signable = request.signable();
        CharterServer.RequestPath path = server.requestPath();
        ParsedSignature signature = path.authenticator().parse(signable, clock.instant());
        String requestId = RequestIds.next();
        ApiEndpoint.Served served = path.endpoint().serve(signature, signable,
                scope -> codec.decode(FormParameters.parseForm(request.body()), Optional.of(scope)),
                "127.0.0.1", false, requestId);
        return new Served(served.request(), served.output(),
                codec.encodeResult(served.request(), served.output(), requestId));
    }

    @Override
    @SuppressWarnings("Finally") // the data directory goes even when closing failed; its own failure is reported then
    public void close() {
        try {
            server.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
