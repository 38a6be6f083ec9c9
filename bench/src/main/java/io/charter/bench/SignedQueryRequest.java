package io.charter.bench;

import static java.util.Objects.requireNonNull;

import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SignableRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * An AWS Query request (a form-encoded POST to {@code /}) as it reaches the server: the header
 * lines in the order the client sent them and the body bytes. It is signed by the AWS SDK for
 * Java v2's own SigV4 signer ({@link AwsV4HttpSigner}), with the headers the SDK's STS and IAM
 * clients send, so the server code under benchmark verifies a signature it did not produce.
 *
 * @param headers the header lines, {@code Host} first, as on the wire
 * @param body the form body
 */
record SignedQueryRequest(List<Header> headers, byte[] body) {
    /** The endpoint the requests are addressed to; only its host and port are signed. */
    static final String HOST = "127.0.0.1:8600";
    static final String REGION = "us-east-1";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    SignedQueryRequest {
        headers = List.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
    }

    /**
     * Signs {@code params} (with {@code Action} and {@code Version}) for {@code service} now.
     *
     * @param sessionToken the session token of temporary credentials
     */
    static SignedQueryRequest sign(String service, Map<String, String> params, String accessKeyId, String secret,
            Optional<String> sessionToken) {
        StringBuilder form = new StringBuilder();
        params.forEach((name, value) -> {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + HOST + "/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("amz-sdk-invocation-id", UUID.randomUUID().toString())
                .putHeader("amz-sdk-request", "attempt=1; max=4")
                .putHeader("User-Agent", "aws-sdk-java/2.33.4 md/io#sync md/http#UrlConnection ua/2.1 os/Linux lang/java#25 "
                        + "md/OpenJDK_64-Bit_Server_VM#25 md/vendor#Eclipse_Adoptium md/en_US m/D,N")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        AwsCredentialsIdentity identity = sessionToken.isPresent()
                ? AwsSessionCredentialsIdentity.create(accessKeyId, secret, sessionToken.get())
                : AwsCredentialsIdentity.create(accessKeyId, secret);
        SdkHttpRequest signed = SIGNER.sign(r -> r
                .identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION))
                .request();
        List<Header> headers = new ArrayList<>();
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            headers.add(new Header("Host", HOST));
        }
        signed.forEachHeader((name, values) -> values.forEach(value -> headers.add(new Header(name, value))));
        // Added by the HTTP client after signing.
        headers.add(new Header("Accept", "*/*"));
        headers.add(new Header("Connection", "keep-alive"));
        return new SignedQueryRequest(headers, body);
    }

    /**
     * The request as the API endpoint builds it from what it received: a copy of the header lines
     * and a new payload (whose SHA-256 is computed again), as for every request on the wire.
     */
    SignableRequest signable() {
        List<Header> received = new ArrayList<>(headers.size());
        for (Header header : headers) {
            received.add(new Header(header.name(), header.value()));
        }
        return new SignableRequest("POST", "/", "", received, Payload.of(body));
    }
}
