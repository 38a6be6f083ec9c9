package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * EC2's wire protocol on Charter's endpoint: a request whose signature is scoped to {@code ec2} is
 * answered in EC2's envelope and with EC2's codes, whether it comes from the AWS SDK for Java v2,
 * the AWS CLI, or a raw signed POST or GET; an EC2 operation Charter does not serve is an
 * {@code InvalidAction}.
 */
class Ec2ProtocolEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private static TestClock clock;
    private static TestServer server;
    private static NewAccessKey root;

    @BeforeAll
    static void start() {
        clock = new TestClock();
        server = TestServer.start(clock);
        root = server.rootKey();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Ec2Exception call(String keyId, String secret) {
        try (Ec2Client ec2 = server.ec2(AwsBasicCredentials.create(keyId, secret))) {
            return assertThrows(Ec2Exception.class, ec2::describeInstances);
        }
    }

    @Test
    void anOperationNotServedIsAnInvalidActionForTheSdk() {
        Ec2Exception e;
        try (Ec2Client ec2 = server.ec2(AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey()))) {
            e = assertThrows(Ec2Exception.class, ec2::describeRegions);
        }
        assertEquals("InvalidAction", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("The action DescribeRegions is not valid for this web service.", e.awsErrorDetails().errorMessage());
        assertFalse(e.requestId() == null || e.requestId().isEmpty(), "the SDK reads EC2's RequestID");
    }

    @Test
    void aBadSignatureOrAnUnknownKeyIsAnAuthFailure() {
        Ec2Exception badSignature = call(root.accessKeyId(), "x".repeat(40));
        assertEquals("AuthFailure", badSignature.awsErrorDetails().errorCode());
        assertEquals(401, badSignature.statusCode());
        assertEquals("AWS was not able to validate the provided access credentials",
                badSignature.awsErrorDetails().errorMessage());
        Ec2Exception unknownKey = call("AKIAIOSFODNN7EXAMPLE", "x".repeat(40));
        assertEquals("AuthFailure", unknownKey.awsErrorDetails().errorCode());
        assertEquals(401, unknownKey.statusCode());
    }

    @Test
    void theEnvelopeIsEc2sByteForByte() throws Exception {
        HttpResponse<String> response = server.postSigned("Action=DescribeRegions&Version=2016-11-15",
                Credentials.of(root.accessKeyId(), root.secretAccessKey()), "ec2", clock.instant());
        assertEquals(400, response.statusCode());
        assertEquals("text/xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertEquals(DECLARATION + "<Response><Errors><Error><Code>InvalidAction</Code>"
                + "<Message>The action DescribeRegions is not valid for this web service.</Message></Error></Errors>"
                + "<RequestID>" + requestId + "</RequestID></Response>", response.body());
        // The same server still answers IAM in the Query protocol's envelope.
        HttpResponse<String> iam = server.postSigned("Action=NoSuchAction&Version=2010-05-08",
                Credentials.of(root.accessKeyId(), root.secretAccessKey()), "iam", clock.instant());
        assertEquals(400, iam.statusCode());
        assertTrue(iam.body().startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"),
                iam.body());
    }

    @Test
    void aSignatureOutsideTheClockSkewIsARequestExpired() throws Exception {
        HttpResponse<String> response = server.postSigned("Action=DescribeInstances&Version=2016-11-15",
                Credentials.of(root.accessKeyId(), root.secretAccessKey()), "ec2", clock.instant().minus(Duration.ofMinutes(20)));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>RequestExpired</Code>"), response.body());
    }

    @Test
    void aPresignedGetIsReadAsEc2sToo() throws Exception {
        URI endpoint = server.endpoint();
        SignableRequest presigned = new SigV4Signer().presign(
                new SignableRequest("GET", "/", "Action=DescribeInstances&Version=2016-11-15",
                        List.of(new Header("Host", "127.0.0.1:" + endpoint.getPort())), Payload.ofUtf8("")),
                SigningParams.of(Credentials.of(root.accessKeyId(), "y".repeat(40)), "us-east-1", "ec2", clock.instant()),
                Duration.ofMinutes(5)).request();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(endpoint.resolve("/?" + presigned.rawQuery())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(DECLARATION + "<Response><Errors><Error><Code>AuthFailure</Code>"),
                response.body());
    }

    @Test
    void theCliSeesEc2sCodes() {
        URI endpoint = server.endpoint();
        Processes.Result notServed = Processes.aws(Processes.cli(endpoint, root.accessKeyId(), root.secretAccessKey(), null),
                TIMEOUT, "ec2", "describe-regions");
        Processes.assertCliError(notServed, "InvalidAction");
        Processes.Result badSecret = Processes.aws(Processes.cli(endpoint, root.accessKeyId(), "z".repeat(40), null),
                TIMEOUT, "ec2", "describe-iam-instance-profile-associations");
        Processes.assertCliError(badSecret, "AuthFailure");
        Processes.Result unknownKey = Processes.aws(Processes.cli(endpoint, "AKIAIOSFODNN7EXAMPLE", "z".repeat(40), null),
                TIMEOUT, "ec2", "describe-instances");
        Processes.assertCliError(unknownKey, "AuthFailure");
    }
}
