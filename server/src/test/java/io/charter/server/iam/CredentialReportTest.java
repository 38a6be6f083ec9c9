package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;

/** The credential report: AWS's CSV columns, root first, a login profile and key uses shown, four hours of life. */
class CredentialReportTest {

    @Test
    void reportListsEveryCredentialAndExpires() throws Exception {
        TestClock clock = new TestClock();
        try (TestServer server = TestServer.start(clock)) {
            NewAccessKey root = server.rootKey();
            try (IamClient iam = server.iam(root.accessKeyId(), root.secretAccessKey())) {
                iamFails("ReportNotPresent", 410, iam::getCredentialReport);
                iam.createUser(r -> r.userName("carla"));
                iam.createLoginProfile(r -> r.userName("carla").password("Str0ng-enough-password!"));
                var key = iam.createAccessKey(r -> r.userName("carla")).accessKey();
                try (var sts = server.sts(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                    sts.getCallerIdentity();
                }
                assertEquals("COMPLETE", iam.generateCredentialReport().stateAsString());
                GetCredentialReportResponse report = iam.getCredentialReport();
                assertEquals("text/csv", report.reportFormatAsString());
                List<String> lines = Arrays.asList(report.content().asString(StandardCharsets.UTF_8).split("\n"));
                assertEquals(CredentialReportOperations.HEADER, lines.get(0));
                assertTrue(lines.get(1).startsWith("<root_account>,arn:aws:iam::123456789012:root,"), lines.get(1));
                String[] carla = lines.get(2).split(",", -1);
                assertEquals(22, carla.length);
                assertEquals("carla", carla[0]);
                assertEquals("true", carla[3], "password_enabled");
                assertEquals("true", carla[8], "access_key_1_active");
                assertTrue(carla[10].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), "last used: " + carla[10]);
                assertEquals("eu-west-1", carla[11]);
                assertEquals("sts", carla[12]);
                assertEquals("false", carla[13], "no second key");
                assertTrue(!report.content().asString(StandardCharsets.UTF_8).contains("Str0ng"), "no password in the report");

            }
            // Four hours later (signed at the server's clock: the SDK signs with real time) the report has expired.
            clock.advance(Duration.ofHours(4).plusSeconds(1));
            HttpResponse<String> expired = server.postSigned("Action=GetCredentialReport&Version=2010-05-08",
                    Credentials.of(root.accessKeyId(), root.secretAccessKey()), "iam", clock.instant());
            assertEquals(410, expired.statusCode(), expired.body());
            assertTrue(expired.body().contains("<Code>ReportExpired</Code>"), expired.body());
        }
    }
}
