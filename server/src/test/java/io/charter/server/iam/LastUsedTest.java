package io.charter.server.iam;

import static io.charter.server.AwsErrors.iamFails;
import static io.charter.server.PolicyDocuments.TRUST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** GetAccessKeyLastUsed and GetRole's RoleLastUsed, kept across a restart. */
class LastUsedTest {

    @Test
    void keysAndRolesRememberTheirLastUse() throws Exception {
        Path dir = Files.createTempDirectory("charter-last-used");
        String keyId;
        String roleArn;
        Instant firstRun = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TestServer server = TestServer.start(Clock.fixed(firstRun, ZoneOffset.UTC), dir)) {
            NewAccessKey root = server.rootKey();
            try (IamClient iam = server.iam(root.accessKeyId(), root.secretAccessKey())) {
                iam.createUser(r -> r.userName("walker"));
                var key = iam.createAccessKey(r -> r.userName("walker")).accessKey();
                keyId = key.accessKeyId();
                AccessKeyLastUsed never = iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed();
                assertNull(never.lastUsedDate());
                assertEquals("N/A", never.serviceName());
                assertEquals("N/A", never.region());

                iam.putUserPolicy(r -> r.userName("walker").policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
                        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
                roleArn = iam.createRole(r -> r.roleName("used").assumeRolePolicyDocument(TRUST)).role().arn();
                assertNull(iam.getRole(r -> r.roleName("used")).role().roleLastUsed().lastUsedDate());
                try (StsClient walker = server.sts(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                    Credentials c = walker.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")).credentials();
                    try (StsClient asRole = server.sts(TestServer.session(c))) {
                        asRole.getCallerIdentity();
                    }
                }
                AccessKeyLastUsed used = iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed();
                assertEquals(firstRun, used.lastUsedDate());
                assertEquals("sts", used.serviceName());
                assertEquals("eu-west-1", used.region());
                var roleLastUsed = iam.getRole(r -> r.roleName("used")).role().roleLastUsed();
                assertEquals(firstRun, roleLastUsed.lastUsedDate());
                assertEquals("eu-west-1", roleLastUsed.region());
                iamFails("NoSuchEntity", 404, () -> iam.getAccessKeyLastUsed(r -> r.accessKeyId(
                        "AKIA" + keyId.substring(4, 14) + "ZZZZZZ")));
            }
        }
        try (TestServer again = TestServer.start(Clock.fixed(firstRun.plusSeconds(60), ZoneOffset.UTC), dir);
                IamClient iam = again.iam(keysOf(dir)[0], keysOf(dir)[1])) {
            assertEquals(firstRun, iam.getAccessKeyLastUsed(r -> r.accessKeyId(keyId)).accessKeyLastUsed().lastUsedDate(),
                    "last use survives a restart");
            assertEquals(firstRun, iam.getRole(r -> r.roleName("used")).role().roleLastUsed().lastUsedDate());
        }
    }

    /** The root key saved in the credentials file of a data directory. */
    private static String[] keysOf(Path dir) throws Exception {
        String text = Files.readString(dir.resolve("credentials"));
        String id = text.replaceAll("(?s).*aws_access_key_id = (\\S+).*", "$1");
        String secret = text.replaceAll("(?s).*aws_secret_access_key = (\\S+).*", "$1");
        return new String[] {id, secret};
    }
}
