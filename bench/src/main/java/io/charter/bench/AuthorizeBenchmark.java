package io.charter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.server.CharterServer;
import io.charter.server.http.ApiEndpoint;
import io.charter.server.http.RequestIds;
import io.charter.server.protocol.JsonCodec;
import io.charter.server.protocol.StructValue;
import io.charter.sigv4.Header;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SignableRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code charter:Authorize} without HTTP, on a real server and store started in process
 * ({@link InProcessCharter}): the service user {@code orders-service} (allowed
 * {@code charter:Authorize}) forwards a {@code GET /orders/42} that {@code bench-caller} signed for
 * the service {@code orders} (allowed {@code orders:GetOrder} by an inline policy).
 * {@code authorizeRequest} is the whole Authorize call as the API endpoint serves it, from the
 * received header lines and JSON body to the JSON answer: the service's signature and its
 * {@code charter:Authorize}, decoding, the forwarded request's SigV4 and key, the decision, encoding.
 * Both requests are signed by the AWS SDK for Java v2's signer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthorizeBenchmark {
    private static final String TARGET = "Charter_20261101.Authorize";
    private static final String ORDER = "arn:aws:orders:us-east-1:" + InProcessCharter.ACCOUNT + ":order/42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private InProcessCharter charter;
    private JsonCodec codec;
    private InProcessCharter.Credentials service;
    private List<Header> headers;
    private byte[] body;

    @Setup(Level.Trial)
    public void start() {
        charter = InProcessCharter.start();
        codec = charter.server().requestPath().registry().jsonCodec();
        InProcessCharter.Credentials root = charter.root();
        charter.serve(root.sign("iam", InProcessCharter.iam("PutUserPolicy", "UserName", InProcessCharter.USER_NAME,
                "PolicyName", "orders", "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":\"orders:GetOrder\",\"Resource\":\"" + ORDER + "\"}]}")));
        charter.serve(root.sign("iam", InProcessCharter.iam("CreateUser", "UserName", "orders-service")));
        charter.serve(root.sign("iam", InProcessCharter.iam("PutUserPolicy", "UserName", "orders-service",
                "PolicyName", "authorize", "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":\"charter:Authorize\",\"Resource\":\"*\"}]}")));
        StructValue key = charter.serve(root.sign("iam", InProcessCharter.iam("CreateAccessKey", "UserName",
                "orders-service"))).output().struct("AccessKey");
        service = new InProcessCharter.Credentials(key.string("AccessKeyId"), key.string("SecretAccessKey"),
                Optional.empty());
    }

    /** Signs anew every iteration (a signature is valid for 15 minutes) and checks the call is allowed. */
    @Setup(Level.Iteration)
    public void sign() {
        InProcessCharter.Credentials user = charter.user();
        SdkHttpRequest forwarded = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(user.accessKeyId(), user.secretAccessKey()))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                        .uri(URI.create("https://orders.example.com/orders/42")).build())
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "orders")
                .putProperty(AwsV4HttpSigner.REGION_NAME, SignedQueryRequest.REGION)).request();
        ObjectNode input = JSON.createObjectNode();
        ObjectNode request = input.putObject("Request");
        request.put("Method", "GET").put("Path", "/orders/42");
        ArrayNode lines = request.putArray("Headers");
        if (forwarded.firstMatchingHeader("Host").isEmpty()) {
            lines.addObject().put("Name", "Host").put("Value", "orders.example.com");
        }
        forwarded.forEachHeader((name, values) -> values.forEach(v -> lines.addObject().put("Name", name).put("Value", v)));
        request.put("PayloadHash", HexFormat.of().formatHex(sha256(new byte[0])));
        input.put("Action", "orders:GetOrder");
        input.putArray("Resources").add(ORDER);
        try {
            body = JSON.writeValueAsBytes(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SdkHttpRequest signed = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(service.accessKeyId(), service.secretAccessKey()))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                        .uri(URI.create("http://" + SignedQueryRequest.HOST + "/"))
                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("X-Amz-Target", TARGET)
                        .putHeader("Content-Length", Integer.toString(body.length)).build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "charter")
                .putProperty(AwsV4HttpSigner.REGION_NAME, SignedQueryRequest.REGION)).request();
        List<Header> received = new ArrayList<>();
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            received.add(new Header("Host", SignedQueryRequest.HOST));
        }
        signed.forEachHeader((name, values) -> values.forEach(v -> received.add(new Header(name, v))));
        headers = List.copyOf(received);
        String answer = new String(authorizeRequest(), StandardCharsets.UTF_8);
        if (!answer.contains("\"Decision\":\"allowed\"")) {
            throw new IllegalStateException("the benchmark's Authorize call is not allowed: " + answer);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        charter.close();
    }

    /** One Authorize call as the endpoint serves it, without HTTP. */
    @Benchmark
    public byte[] authorizeRequest() {
        SignableRequest signable = new SignableRequest("POST", "/", "", headers, Payload.of(body));
        CharterServer.RequestPath path = charter.server().requestPath();
        ParsedSignature signature = path.authenticator().parse(signable, charter.clock().instant());
        ApiEndpoint.Served served = path.endpoint().serve(signature, signable, scope -> codec.decode(TARGET, body),
                "127.0.0.1", false, RequestIds.next());
        return codec.encodeResult(served.request(), served.output());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
