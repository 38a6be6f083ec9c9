package io.charter.server;

import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.HttpLimits;
import io.charter.server.config.S3Settings;
import io.charter.server.crypto.MasterKey;
import io.charter.server.domain.Users;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.store.Database;
import io.charter.server.store.StoreLocation;
import io.charter.server.store.TokenKeyRepository;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionTokenCodec;
import io.charter.server.token.TokenKeys;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A real Charter server on a free port over a real store (a SQLite file in a fresh temporary
 * directory, or PostgreSQL: {@link TestStores}), for tests. The clock is injected: a test that needs a request to look stale moves the server's
 * clock instead of sleeping.
 */
public final class TestServer implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";

    private final CharterServer server;
    private final Path dataDir;
    private final StoreLocation store;

    private TestServer(CharterServer server, Path dataDir, StoreLocation store) {
        this.server = server;
        this.dataDir = dataDir;
        this.store = store;
    }

    public static TestServer start() {
        return start(Clock.systemUTC());
    }

    public static TestServer start(Clock clock) {
        try {
            Path dataDir = Files.createTempDirectory("charter-test");
            return start(clock, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Clock clock, Path dataDir) {
        return start(clock, dataDir, HttpLimits.DEFAULTS);
    }

    /** A server whose HTTP timeouts and connection bound are {@code limits} (say, a header timeout of a second). */
    public static TestServer start(HttpLimits limits) {
        try {
            return start(Clock.systemUTC(), Files.createTempDirectory("charter-test"), limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server on {@code store}, whatever {@value TestStores#PROPERTY} says, with the master key of
     * {@code dataDir} (say, the SQLite store a test migrates, then the PostgreSQL store it migrated to;
     * or one reached through a {@link LoopbackForwarder}). Servers on one store and one data
     * directory are nodes of one deployment.
     */
    public static TestServer start(Clock clock, Path dataDir, StoreLocation store) {
        return start(clock, dataDir, HttpLimits.DEFAULTS, store);
    }

    private static TestServer start(Clock clock, Path dataDir, HttpLimits limits) {
        return start(clock, dataDir, limits, TestStores.forDataDir(dataDir));
    }

    private static TestServer start(Clock clock, Path dataDir, HttpLimits limits, StoreLocation store) {
        return start(clock, dataDir, limits, store, S3Settings.DEFAULTS);
    }

    /** A server whose registered instances' role sessions last {@code instanceSession}. */
    public static TestServer start(Clock clock, Duration instanceSession) {
        try {
            Path dataDir = Files.createTempDirectory("charter-test");
            CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, ACCOUNT, 1024 * 1024, Duration.ofSeconds(5),
                    Duration.ofDays(30), HttpLimits.DEFAULTS, TestStores.forDataDir(dataDir),
                    CharterConfig.DEFAULT_MAX_STALENESS, S3Settings.DEFAULTS, instanceSession);
            return new TestServer(CharterServer.start(config, clock), dataDir, config.store());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server whose S3 is {@code s3} (say, with a virtual-hosted domain). */
    public static TestServer start(S3Settings s3) {
        try {
            Path dataDir = Files.createTempDirectory("charter-test");
            return start(Clock.systemUTC(), dataDir, HttpLimits.DEFAULTS, TestStores.forDataDir(dataDir), s3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer start(Clock clock, Path dataDir, HttpLimits limits, StoreLocation store, S3Settings s3) {
        CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, ACCOUNT, 1024 * 1024, Duration.ofSeconds(5),
                Duration.ofDays(30), limits, store, CharterConfig.DEFAULT_MAX_STALENESS, s3);
        return new TestServer(CharterServer.start(config, clock), dataDir, config.store());
    }

    public CharterServer server() {
        return server;
    }

    public URI endpoint() {
        return URI.create(server.endpoint());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where this server keeps its state. */
    public StoreLocation store() {
        return store;
    }

    /**
     * AWS's own wording of an error message: an AccessDenied message without the encoded
     * authorization failure message Charter appends.
     */
    public static String awsWording(String message) {
        int at = message.indexOf(AuthorizationMessages.PREFIX);
        return at < 0 ? message : message.substring(0, at);
    }

    /** The root key created at bootstrap. */
    public NewAccessKey rootKey() {
        return server.bootstrapKey().orElseThrow(() -> new IllegalStateException("store existed already"));
    }

    /**
     * A session token for {@code claims}, sealed as another node sharing this server's store would
     * seal it (its own connection to the store, the same master key and keyring): tests forge
     * sessions of any kind without an API that mints them.
     */
    public String seal(SessionClaims claims) {
        try (Database store = this.store.open()) {
            SecureRandom random = new SecureRandom();
            TokenKeys keys = TokenKeys.loadOrCreate(store, new TokenKeyRepository(),
                    MasterKey.loadOrCreate(dataDir.resolve("master.key"), random), Clock.systemUTC(), random);
            return new SessionTokenCodec(keys, random).seal(claims);
        }
    }

    /** Creates an IAM user of {@link #ACCOUNT} through the domain layer: set-up that needs no signed call. */
    public Identity createUser(String name, String path) {
        return server.domain().users().create(new Users.NewUser(ACCOUNT, name, path, List.of(), Optional.empty()),
                Instant.now()).value();
    }

    /** Creates an access key of {@code owner} through the domain layer. */
    public NewAccessKey createAccessKey(Identity owner) {
        return server.domain().accessKeys().create(owner, Instant.now());
    }

    /** Makes an access key inactive through the domain layer. */
    public void deactivate(NewAccessKey key) {
        server.domain().accessKeys().setStatus(key.accessKeyId(), AccessKeyStatus.Inactive);
    }

    /** The root key created at bootstrap, as the SDK's credentials. */
    public AwsBasicCredentials rootCredentials() {
        NewAccessKey key = rootKey();
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    /** An IAM client of the root user of {@link #ACCOUNT}, with the key created at bootstrap. */
    public IamClient rootIam() {
        return iam(rootCredentials());
    }

    /**
     * Creates an IAM user of {@link #ACCOUNT} with an access key and, unless {@code policy} is null,
     * that document as its inline policy "p", through signed calls of the root user; returns the
     * user's key.
     */
    public AwsBasicCredentials userWithKey(String name, String policy) {
        try (IamClient root = rootIam()) {
            return userWithKey(root, name, policy);
        }
    }

    /**
     * Creates an IAM user with an access key and, unless {@code policy} is null, that document as its
     * inline policy "p", through the calls of {@code admin} (a client that records what it is sent,
     * say, or the root user of another account); returns the user's key.
     */
    public static AwsBasicCredentials userWithKey(IamClient admin, String name, String policy) {
        admin.createUser(r -> r.userName(name));
        if (policy != null) {
            admin.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
        }
        AccessKey key = admin.createAccessKey(r -> r.userName(name)).accessKey();
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    /** The temporary credentials an STS call returned, as the SDK's session credentials. */
    public static AwsSessionCredentials session(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    /** An IAM client of the AWS SDK for Java v2 for this server, with the given long-term key, no retries. */
    public IamClient iam(String accessKeyId, String secret) {
        return iam(AwsBasicCredentials.create(accessKeyId, secret));
    }

    /**
     * An IAM client of the AWS SDK for Java v2 for this server, with any credentials, no retries,
     * and the given interceptors (say, one that records every response body).
     */
    public IamClient iam(AwsCredentials credentials, ExecutionInterceptor... interceptors) {
        return iam(StaticCredentialsProvider.create(credentials), interceptors);
    }

    /**
     * An IAM client of the AWS SDK for Java v2 for this server, with credentials from {@code provider}
     * (say, one that assumes a role again whenever they are stale), no retries, and the given interceptors.
     */
    public IamClient iam(AwsCredentialsProvider provider, ExecutionInterceptor... interceptors) {
        return IamClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .executionInterceptors(List.of(interceptors)))
                .build();
    }

    /**
     * An STS client of the AWS SDK for Java v2 for this server, no retries. It signs with region
     * eu-west-1: with an endpoint override, clients sign with their configured region, and any must work.
     */
    public StsClient sts(AwsCredentials credentials) {
        return sts(credentials, Region.EU_WEST_1);
    }

    /** An STS client of the AWS SDK for Java v2 for this server that signs with {@code region}, no retries. */
    public StsClient sts(AwsCredentials credentials, Region region) {
        return StsClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * An EC2 client of the AWS SDK for Java v2 for this server, in us-east-1, no retries. Its HTTP
     * client is Apache's: {@code HttpURLConnection} (the other clients' here) does not hand over the
     * body of a 401, the status of EC2's {@code AuthFailure}, so the SDK would see no error code.
     */
    public Ec2Client ec2(AwsCredentials credentials) {
        return ec2(credentials, Region.US_EAST_1);
    }

    /** As {@link #ec2(AwsCredentials)}, signing for {@code region} (EC2 is regional: so are registered instances). */
    public Ec2Client ec2(AwsCredentials credentials, Region region) {
        return Ec2Client.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * POSTs a Query-protocol form {@code body} to this server over HTTP/1.1, signed with Charter's own
     * signer for {@code service} in us-east-1 at {@code time}: a time of the server's test clock, where
     * the SDK would sign with real time. Returns the response as sent.
     */
    public HttpResponse<String> postSigned(String body, io.charter.sigv4.Credentials credentials, String service,
            Instant time) throws IOException, InterruptedException {
        SignableRequest request = new SigV4Signer().sign(
                new SignableRequest("POST", "/", "", List.of(
                        new Header("Host", "127.0.0.1:" + endpoint().getPort()),
                        new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                        Payload.ofUtf8(body)),
                SigningParams.of(credentials, "us-east-1", service, time)).request();
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload().bytes()));
        request.headers().stream().filter(h -> !h.name().equalsIgnoreCase("host")).forEach(h -> http.header(h.name(), h.value()));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
