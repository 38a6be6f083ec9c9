package io.charter.server.cli;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.PolicyDocuments.policy;
import static io.charter.server.PolicyDocuments.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.metadata.InstanceCredentialsFile;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.identity.InstanceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Registered instances through {@code charter instances} and the instance calls: the credential
 * {@code register} writes identifies the machine and does nothing but fetch its role's
 * credentials (a session named after the instance, carrying {@code ec2:SourceInstanceARN}, only
 * when the role trusts EC2), and the task roles granted to it; deregistering refuses it at once.
 */
class InstancesCommandTest {
    private static final TestClock CLOCK = new TestClock();
    private static final String EC2_TRUST = trust("{\"Service\":\"ec2.amazonaws.com\"}", "\"sts:AssumeRole\"", "");
    private static final String TASKS_TRUST = trust("{\"Service\":\"ecs-tasks.amazonaws.com\"}", "\"sts:AssumeRole\"", "");
    private static TestServer server;
    private static IamClient rootIam;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(CLOCK, Duration.ofMinutes(15));
        rootIam = server.rootIam();
        dir = Files.createTempDirectory("charter-instances");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code charter ARGS --port P --data-dir D} in-process as root; returns its exit code, output and errors. */
    private static String[] charter(String... args) {
        return InProcessCli.run(server, args);
    }

    private static InstanceCredentialsFile register(String name) throws IOException {
        Path file = dir.resolve(name + ".credentials");
        String[] result = charter("instances", "register", name, "--credentials-file", file.toString());
        assertEquals("0", result[0], result[1] + result[2]);
        String id = result[1].strip();
        assertTrue(id.matches("i-[0-9a-f]{17}"), "the instance id on a line of its own: " + result[1]);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        InstanceCredentialsFile credential = InstanceCredentialsFile.read(file);
        assertEquals(id, credential.instanceId());
        assertFalse(result[2].contains(credential.secretAccessKey()), "the secret is only in the file");
        return credential;
    }

    private static CharterClient as(InstanceCredentialsFile credential) {
        return new CharterClient(server.endpoint(),
                io.charter.sigv4.Credentials.of(credential.accessKeyId(), credential.secretAccessKey()), CLOCK);
    }

    private static JsonNode fetch(InstanceCredentialsFile credential) throws IOException, InterruptedException {
        return as(credential).admin("GetInstanceCredentials", "{\"IncludeCredentials\":true}");
    }

    private static void attach(InstanceCredentialsFile instance, String profileName, String roleName, String trustPolicy) {
        rootIam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(trustPolicy));
        rootIam.createInstanceProfile(r -> r.instanceProfileName(profileName));
        rootIam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
        InstanceProfile profile = server.server().domain().instanceProfiles()
                .find(TestServer.ACCOUNT, profileName).orElseThrow();
        server.server().domain().instances().associate(TestServer.ACCOUNT, instance.instanceId(), profile);
    }

    private static AwsSessionCredentials session(JsonNode answer) {
        JsonNode c = answer.path("Credentials");
        return AwsSessionCredentials.create(c.path("AccessKeyId").asText(), c.path("SecretAccessKey").asText(),
                c.path("SessionToken").asText());
    }

    @Test
    void anInstanceLearnsWhatItIsAndHasNoCredentialsWithoutAProfile() throws Exception {
        InstanceCredentialsFile instance = register("bare");
        JsonNode answer = fetch(instance);
        assertEquals(instance.instanceId(), answer.path("InstanceId").asText());
        assertEquals("arn:aws:ec2:us-east-1:" + TestServer.ACCOUNT + ":instance/" + instance.instanceId(),
                answer.path("InstanceArn").asText());
        assertEquals("us-east-1a", answer.path("AvailabilityZone").asText());
        assertEquals("optional", answer.path("MetadataOptions").path("HttpTokens").asText());
        assertEquals(1, answer.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt());
        assertEquals("enabled", answer.path("MetadataOptions").path("HttpEndpoint").asText());
        assertTrue(answer.path("InstanceProfile").isMissingNode(), answer.toString());
        assertTrue(answer.path("Credentials").isMissingNode(), answer.toString());
    }

    @Test
    void theAttachedRolesCredentialsAreASessionNamedAfterTheInstance() throws Exception {
        InstanceCredentialsFile instance = register("web");
        attach(instance, "web-profile", "web-role", EC2_TRUST);
        // Only from this instance: ec2:SourceInstanceARN is in every request its role's session makes.
        rootIam.putRolePolicy(r -> r.roleName("web-role").policyName("from-the-instance").policyDocument(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                        + "{\"ec2:SourceInstanceARN\":\"arn:aws:ec2:us-east-1:" + TestServer.ACCOUNT + ":instance/"
                        + instance.instanceId() + "\"}}}")));
        JsonNode answer = fetch(instance);
        assertEquals("Success", answer.path("CredentialsCode").asText(), answer.toString());
        assertEquals("web-role", answer.path("InstanceProfile").path("RoleName").asText());
        assertTrue(answer.path("InstanceProfile").path("Arn").asText().endsWith(":instance-profile/web-profile"));
        Instant expiration = Instant.ofEpochSecond(answer.path("Credentials").path("Expiration").asLong());
        assertEquals(CLOCK.instant().plus(Duration.ofMinutes(15)).getEpochSecond(), expiration.getEpochSecond());
        AwsSessionCredentials role = session(answer);
        try (StsClient sts = server.sts(role)) {
            assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/web-role/" + instance.instanceId(),
                    sts.getCallerIdentity().arn());
        }
        try (IamClient iam = server.iam(role)) {
            iam.listRoles();
        }
        // AWS's policy refusing credentials IMDSv1 may have delivered: these may have been (tokens optional)...
        rootIam.putRolePolicy(r -> r.roleName("web-role").policyName("imds-v2-only").policyDocument(policy(
                "{\"Effect\":\"Deny\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\",\"Condition\":"
                        + "{\"NumericLessThan\":{\"ec2:RoleDelivery\":\"2.0\"}}},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}")));
        try (IamClient iam = server.iam(session(fetch(instance)))) {
            fails("AccessDenied", 403, iam::listUsers);
        }
        // ... and once the instance requires tokens, they were not.
        server.server().domain().instances().modifyMetadataOptions(TestServer.ACCOUNT, instance.instanceId(),
                java.util.Optional.of("required"), java.util.Optional.empty(), java.util.Optional.empty());
        try (IamClient iam = server.iam(session(fetch(instance)))) {
            iam.listUsers();
        }
        // Asked without IncludeCredentials: the view alone, nothing minted.
        JsonNode view = as(instance).admin("GetInstanceCredentials", "{}");
        assertEquals("Success", view.path("CredentialsCode").asText());
        assertTrue(view.path("Credentials").isMissingNode());
    }

    @Test
    void aRoleThatDoesNotTrustEc2GivesNoCredentials() throws Exception {
        InstanceCredentialsFile instance = register("untrusting");
        attach(instance, "untrusting-profile", "untrusting-role",
                trust("{\"AWS\":\"arn:aws:iam::" + TestServer.ACCOUNT + ":root\"}", "\"sts:AssumeRole\"", ""));
        JsonNode answer = fetch(instance);
        assertEquals("AssumeRoleUnauthorizedAccess", answer.path("CredentialsCode").asText(), answer.toString());
        assertTrue(answer.path("CredentialsMessage").asText().contains("untrusting-role"));
        assertTrue(answer.path("Credentials").isMissingNode());
    }

    @Test
    void theInstanceCredentialOpensNothingElse() throws Exception {
        InstanceCredentialsFile instance = register("locked");
        AwsBasicCredentials key = AwsBasicCredentials.create(instance.accessKeyId(), instance.secretAccessKey());
        try (IamClient iam = server.iam(key)) {
            fails("AccessDenied", 403, iam::listRoles);
        }
        try (StsClient sts = server.sts(key)) {
            fails("AccessDenied", 403, sts::getCallerIdentity);
            fails("AccessDenied", 403, () -> sts.getSessionToken());
        }
        IOException revoke = assertThrows(IOException.class, () -> as(instance).admin("RevokeSession",
                "{\"AccessKeyId\":\"ASIAEXAMPLEEXAMPLE12\"}"));
        assertTrue(revoke.getMessage().startsWith("AccessDeniedException"), revoke.getMessage());
        // And nothing but an instance's own credential fetches an instance's credentials.
        CharterClient root = new CharterClient(server.endpoint(), io.charter.sigv4.Credentials.of(
                server.rootKey().accessKeyId(), server.rootKey().secretAccessKey()), CLOCK);
        IOException notAnInstance = assertThrows(IOException.class,
                () -> root.admin("GetInstanceCredentials", "{}"));
        assertTrue(notAnInstance.getMessage().startsWith("AccessDeniedException"), notAnInstance.getMessage());
    }

    @Test
    void deregisteringRefusesTheCredentialAtOnce() throws Exception {
        InstanceCredentialsFile instance = register("leaving");
        fetch(instance);
        String[] result = charter("instances", "deregister", instance.instanceId());
        assertEquals("0", result[0], result[1] + result[2]);
        IOException refused = assertThrows(IOException.class, () -> fetch(instance));
        assertTrue(refused.getMessage().startsWith("UnrecognizedClientException"), refused.getMessage());
        String[] again = charter("instances", "deregister", instance.instanceId());
        assertEquals("1", again[0]);
        assertTrue(again[2].contains("ResourceNotFoundException"), again[2]);
    }

    @Test
    void onlyPrincipalsAllowedToRegisterDo() throws Exception {
        AwsBasicCredentials reader = server.userWithKey("instance-reader", policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"));
        CharterClient client = new CharterClient(server.endpoint(),
                io.charter.sigv4.Credentials.of(reader.accessKeyId(), reader.secretAccessKey()), CLOCK);
        IOException denied = assertThrows(IOException.class, () -> client.admin("RegisterInstance", "{\"Name\":\"x\"}"));
        assertTrue(denied.getMessage().contains("charter:RegisterInstance"), denied.getMessage());
        IOException invalid = assertThrows(IOException.class, () -> client.admin("RegisterInstance", "{\"Name\":\"\"}"));
        assertTrue(invalid.getMessage().startsWith("ValidationException"), invalid.getMessage());
    }

    @Test
    void containersGetTheTaskRolesGrantedToTheirInstanceOnly() throws Exception {
        InstanceCredentialsFile instance = register("tasks");
        String taskRole = rootIam.createRole(r -> r.roleName("task-role").assumeRolePolicyDocument(TASKS_TRUST))
                .role().arn();
        String ec2Role = rootIam.createRole(r -> r.roleName("not-for-tasks").assumeRolePolicyDocument(EC2_TRUST))
                .role().arn();
        String[] refused = charter("instances", "grant-task-role", instance.instanceId(), ec2Role);
        assertEquals("1", refused[0]);
        assertTrue(refused[2].contains("ecs-tasks.amazonaws.com"), refused[2]);

        IOException notGranted = assertThrows(IOException.class, () -> as(instance).admin("GetTaskRoleCredentials",
                "{\"RoleArn\":\"" + taskRole + "\",\"ContainerName\":\"api\"}"));
        assertTrue(notGranted.getMessage().startsWith("AccessDeniedException"), notGranted.getMessage());

        String[] granted = charter("instances", "grant-task-role", instance.instanceId(), taskRole);
        assertEquals("0", granted[0], granted[1] + granted[2]);
        assertTrue(fetch(instance).path("TaskRoleArns").toString().contains(taskRole));
        JsonNode answer = as(instance).admin("GetTaskRoleCredentials",
                "{\"RoleArn\":\"" + taskRole + "\",\"ContainerName\":\"api\"}");
        try (StsClient sts = server.sts(session(answer))) {
            assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/task-role/api",
                    sts.getCallerIdentity().arn());
        }

        // No container passes for an instance: that name is an instance's own session's.
        IOException spoof = assertThrows(IOException.class, () -> as(instance).admin("GetTaskRoleCredentials",
                "{\"RoleArn\":\"" + taskRole + "\",\"ContainerName\":\"" + instance.instanceId() + "\"}"));
        assertTrue(spoof.getMessage().startsWith("ValidationException"), spoof.getMessage());
        // Granting again changes nothing.
        assertEquals("0", charter("instances", "grant-task-role", instance.instanceId(), taskRole)[0]);
        assertEquals(1, fetch(instance).path("TaskRoleArns").size());

        assertEquals("0", charter("instances", "revoke-task-role", instance.instanceId(), taskRole)[0]);
        assertThrows(IOException.class, () -> as(instance).admin("GetTaskRoleCredentials",
                "{\"RoleArn\":\"" + taskRole + "\",\"ContainerName\":\"api\"}"));
    }

    @Test
    void registerNeverOverwritesACredentialOrLeavesAnInstanceWithoutOne() throws Exception {
        Path taken = dir.resolve("taken.credentials");
        Files.writeString(taken, "someone else's");
        int before = server.server().domain().instances().inAccount(TestServer.ACCOUNT).size();
        String[] refused = charter("instances", "register", "again", "--credentials-file", taken.toString());
        assertEquals("1", refused[0]);
        assertTrue(refused[2].contains("--force"), refused[2]);
        String[] nowhere = charter("instances", "register", "nowhere", "--credentials-file",
                dir.resolve("missing/dir/x.credentials").toString());
        assertEquals("1", nowhere[0]);
        assertEquals(before, server.server().domain().instances().inAccount(TestServer.ACCOUNT).size(),
                "no instance was registered");
        assertEquals("someone else's", Files.readString(taken));
    }

    @Test
    void aCredentialsFileOpenToOthersIsRefused() throws Exception {
        Path file = dir.resolve("open.credentials");
        Files.writeString(file, InstanceCredentialsFile.text("i-0123456789abcdef0", "ACCAEXAMPLE", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException open = assertThrows(IOException.class, () -> InstanceCredentialsFile.read(file));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        assertFalse(open.getMessage().contains("wJalrXUtnFEMI"));
    }
}
