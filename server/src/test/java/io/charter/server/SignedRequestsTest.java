package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests signed with Charter's own SigV4 signer, sent over raw HTTP: presigned GETs, the Query
 * protocol's errors after authentication, and tampering.
 */
class SignedRequestsTest {
    private static final SigV4Signer SIGNER = new SigV4Signer();
    private static TestServer server;
    private static HttpClient http;
    private static NewAccessKey root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootKey();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String host() {
        return "127.0.0.1:" + server.endpoint().getPort();
    }

    private static SigningParams params(String service, Instant time) {
        return SigningParams.of(Credentials.of(root.accessKeyId(), root.secretAccessKey()), "us-west-2", service, time);
    }

    private static SignableRequest signedPost(String body, String service, Instant time, Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(new Header("Host", host()),
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")));
        headers.addAll(List.of(extra));
        SignableRequest request = new SignableRequest("POST", "/", "", headers, Payload.ofUtf8(body));
        return SIGNER.sign(request, params(service, time)).request();
    }

    private static HttpResponse<String> send(SignableRequest request, byte[] body) throws Exception {
        String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.endpoint() + request.rawPath() + query));
        for (Header header : request.headers()) {
            if (!header.name().equalsIgnoreCase("host")) {
                builder.header(header.name(), header.value());
            }
        }
        builder.method(request.method(), body.length == 0 && request.method().equals("GET")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(SignableRequest request) throws Exception {
        return send(request, request.payload().bytes());
    }

    @Test
    void signedPostGetCallerIdentity() throws Exception {
        HttpResponse<String> response = send(signedPost("Action=GetCallerIdentity&Version=2011-06-15", "sts", Instant.now()));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"),
                response.body());
        assertTrue(response.body().contains("<Arn>arn:aws:iam::123456789012:root</Arn>"), response.body());
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertTrue(response.body().contains("<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>"));
        assertTrue(response.headers().firstValue("Date").isPresent(), "Date header");
    }

    @Test
    void presignedGetCallerIdentity() throws Exception {
        SignableRequest unsigned = new SignableRequest("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(new Header("Host", host())), Payload.empty());
        SignableRequest presigned = SIGNER.presign(unsigned, params("sts", Instant.now()), Duration.ofSeconds(60)).request();
        HttpResponse<String> response = send(presigned);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Account>123456789012</Account>"), response.body());
    }

    @Test
    void expiredPresignedUrlIsRefused() throws Exception {
        SignableRequest unsigned = new SignableRequest("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(new Header("Host", host())), Payload.empty());
        SignableRequest presigned = SIGNER.presign(unsigned, params("sts", Instant.now().minusSeconds(120)),
                Duration.ofSeconds(60)).request();
        HttpResponse<String> response = send(presigned);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Code>RequestExpired</Code>"), response.body());
    }

    @Test
    void unknownAndUnimplementedActionsAreInvalidAction() throws Exception {
        HttpResponse<String> unknown = send(signedPost("Action=MakeCoffee&Version=2011-06-15", "sts", Instant.now()));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("<Code>InvalidAction</Code><Message>Could not find operation MakeCoffee for version"
                + " 2011-06-15</Message>"), unknown.body());
        // An operation AWS has but Charter does not implement yet does not exist here.
        HttpResponse<String> absent = send(signedPost("Action=ListSSHPublicKeys&Version=2010-05-08", "iam", Instant.now()));
        assertEquals(400, absent.statusCode());
        assertTrue(absent.body().contains("<Code>InvalidAction</Code>"), absent.body());
        assertTrue(absent.body().startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"),
                absent.body());
    }

    @Test
    void missingActionIsRefused() throws Exception {
        HttpResponse<String> response = send(signedPost("Version=2011-06-15", "sts", Instant.now()));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>MissingAction</Code>"), response.body());
    }

    @Test
    void sessionTokenThatDoesNotOpenIsInvalidClientTokenId() throws Exception {
        SignableRequest unsigned = new SignableRequest("POST", "/", "", List.of(new Header("Host", host()),
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                Payload.ofUtf8("Action=GetCallerIdentity&Version=2011-06-15"));
        SigningParams withToken = SigningParams.of(
                Credentials.of(root.accessKeyId(), root.secretAccessKey(), "not-a-token"), "us-east-1", "sts", Instant.now());
        HttpResponse<String> response = send(SIGNER.sign(unsigned, withToken).request());
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>InvalidClientTokenId</Code><Message>The security token included in the"
                + " request is invalid</Message>"), response.body());
    }

    @Test
    void tamperedBodyIsSignatureDoesNotMatch() throws Exception {
        SignableRequest request = signedPost("Action=GetCallerIdentity&Version=2011-06-15", "sts", Instant.now());
        HttpResponse<String> response = send(request,
                "Action=GetCallerIdentity&Version=2011-06-15&X=1".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
    }

    @Test
    void unservedServiceInTheScopeIsRefused() throws Exception {
        HttpResponse<String> response = send(signedPost("Action=GetCallerIdentity&Version=2011-06-15", "dynamodb", Instant.now()));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
    }

    @Test
    void signatureFromTheFutureIsRefused() throws Exception {
        HttpResponse<String> response = send(signedPost("Action=GetCallerIdentity&Version=2011-06-15", "sts",
                Instant.now().plus(Duration.ofMinutes(20))));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Message>Signature not yet current: "), response.body());
    }

    @Test
    void malformedSignedFormsAreRefused() throws Exception {
        for (String body : new String[] {"Action=GetCallerIdentity&Version=2011-06-15&X=%zz",
                "Action=GetCallerIdentity&Action=GetCallerIdentity&Version=2011-06-15"}) {
            HttpResponse<String> response = send(signedPost(body, "sts", Instant.now()));
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().contains("<Code>MalformedQueryString</Code>"), response.body());
        }
        SignableRequest unsigned = new SignableRequest("POST", "/", "", List.of(new Header("Host", host()),
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                Payload.of(new byte[] {'A', '=', (byte) 0xC3, (byte) 0x28}));
        HttpResponse<String> invalidUtf8 = send(SIGNER.sign(unsigned, params("sts", Instant.now())).request());
        assertEquals(400, invalidUtf8.statusCode());
        assertTrue(invalidUtf8.body().contains("<Code>MalformedQueryString</Code>"), invalidUtf8.body());
    }

    @Test
    void listIndexesThatCannotBePlacedAreRefusedNotDropped() throws Exception {
        for (String index : new String[] {"01", "0", "x", "1234567890"}) {
            HttpResponse<String> bad = send(signedPost("Action=CreateUser&Version=2010-05-08&UserName=idx"
                    + "&Tags.member." + index + ".Key=team&Tags.member." + index + ".Value=a", "iam", Instant.now()));
            assertEquals(400, bad.statusCode(), index);
            assertTrue(bad.body().contains("<Code>MalformedQueryString</Code>"), bad.body());
        }
    }
}
