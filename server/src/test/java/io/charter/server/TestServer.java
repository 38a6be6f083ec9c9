package io.charter.server;

import io.charter.server.config.CharterConfig;
import io.charter.server.domain.Users;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.NewAccessKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A real Charter server on a free port over a real SQLite file in a fresh temporary directory,
 * for tests. The clock is injected: a test that needs a request to look stale moves the server's
 * clock instead of sleeping.
 */
public final class TestServer implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";

    private final CharterServer server;
    private final Path dataDir;

    private TestServer(CharterServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
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
        CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, ACCOUNT, 1024 * 1024, Duration.ofSeconds(5),
                Duration.ofDays(30));
        return new TestServer(CharterServer.start(config, clock), dataDir);
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

    /**
     * AWS's own wording of an error message: an AccessDenied message without the encoded
     * authorization failure message Charter appends.
     */
    public static String awsWording(String message) {
        int at = message.indexOf(io.charter.server.auth.AuthorizationMessages.PREFIX);
        return at < 0 ? message : message.substring(0, at);
    }

    /** The root key created at bootstrap. */
    public NewAccessKey rootKey() {
        return server.bootstrapKey().orElseThrow(() -> new IllegalStateException("store existed already"));
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

    /** An IAM client of the AWS SDK for Java v2 for this server, with the given long-term key, no retries. */
    public IamClient iam(String accessKeyId, String secret) {
        return iam(AwsBasicCredentials.create(accessKeyId, secret));
    }

    /**
     * An IAM client of the AWS SDK for Java v2 for this server, with any credentials, no retries,
     * and the given interceptors (say, one that records every response body).
     */
    public IamClient iam(AwsCredentials credentials,
            software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return IamClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
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
        return StsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
