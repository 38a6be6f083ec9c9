package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import io.charter.server.audit.EventLookup;
import io.charter.server.audit.RecordedEvent;
import io.charter.server.identity.NewAccessKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The audit trail read back with unchanged clients after a scripted walkthrough: a user is created
 * and given a key and a password, assumes a role of its account, is denied a call, assumes a role of
 * another account, and an unknown key is refused. The AWS CLI's {@code cloudtrail lookup-events}
 * and boto3's paginator then find each call with CloudTrail's record; the cross-account AssumeRole
 * is in both accounts under one {@code sharedEventID}; and no stored record of either account holds
 * any secret the walkthrough made (keys' secrets, session tokens, the password). S3's bucket calls are
 * recorded (management events), its object calls not (data events: no trail selects them).
 */
class AuditTrailEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String A = TestServer.ACCOUNT;

    private static Processes.Result aws(Map<String, String> env, String... args) {
        return Processes.aws(env, TIMEOUT, args);
    }

    private static JsonNode ok(Processes.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return json(result.stdout().isBlank() ? "{}" : result.stdout());
    }

    @Test
    void theWalkthroughIsReadBackWithTheCliAndBoto3AndHoldsNoSecret() {
        try (TestServer server = TestServer.start()) {
            List<String> secrets = new ArrayList<>();
            NewAccessKey rootKey = server.rootKey();
            secrets.add(rootKey.secretAccessKey());
            Map<String, String> root = Processes.cli(server.endpoint(), rootKey.accessKeyId(), rootKey.secretAccessKey(),
                    null);
            String b = ok(aws(root, "organizations", "create-account", "--email", "b@example.com", "--account-name", "b"))
                    .get("CreateAccountStatus").get("AccountId").asText();

            ok(aws(root, "iam", "create-user", "--user-name", "alice"));
            ok(aws(root, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\","
                            + "\"sts:SetSourceIdentity\"],\"Resource\":\"*\"}]}"));
            String password = "Audit-Pa55word-" + System.nanoTime();
            secrets.add(password);
            ok(aws(root, "iam", "create-login-profile", "--user-name", "alice", "--password", password));
            JsonNode key = ok(aws(root, "iam", "create-access-key", "--user-name", "alice")).get("AccessKey");
            secrets.add(key.get("SecretAccessKey").asText());
            Map<String, String> alice = Processes.cli(server.endpoint(), key.get("AccessKeyId").asText(),
                    key.get("SecretAccessKey").asText(), null);
            ok(aws(root, "iam", "create-role", "--role-name", "ops", "--assume-role-policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                            + A + ":root\"},\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]}]}"));

            JsonNode ops = ok(aws(alice, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + A + ":role/ops",
                    "--role-session-name", "alice-ops", "--source-identity", "alice"));
            collect(secrets, ops);
            Processes.assertCliError(aws(alice, "iam", "list-users"), "AccessDenied");
            JsonNode cross = ok(aws(alice, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + b
                    + ":role/OrganizationAccountAccessRole", "--role-session-name", "alice-in-b"));
            collect(secrets, cross);
            Map<String, String> inB = session(server, cross);
            ok(aws(inB, "sts", "get-caller-identity"));
            Processes.assertCliError(aws(Processes.cli(server.endpoint(), "AKIAUNKNOWNKEY000000", "x".repeat(40), null),
                    "iam", "get-user"), "InvalidClientTokenId");

            // S3: a bucket's creation is a management event, recorded; an object's upload a data event,
            // recorded only for a trail that selects it (none is served).
            ok(aws(root, "s3api", "create-bucket", "--bucket", "audited-bucket"));
            ok(aws(root, "s3api", "put-object", "--bucket", "audited-bucket", "--key", "k", "--body",
                    Processes.resource("/e2e/audit_lookup.py")));

            // The CLI, as a security engineer runs it, in account A.
            JsonNode assumes = ok(aws(root, "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=EventName,AttributeValue=AssumeRole")).get("Events");
            assertEquals(2, assumes.size(), assumes.toString());
            JsonNode newest = json(assumes.get(0).get("CloudTrailEvent").asText());
            JsonNode older = json(assumes.get(1).get("CloudTrailEvent").asText());
            assertEquals("alice-in-b", newest.get("requestParameters").get("roleSessionName").asText());
            assertEquals("alice-ops", older.get("requestParameters").get("roleSessionName").asText());
            for (JsonNode record : List.of(newest, older)) {
                assertEquals("1.11", record.get("eventVersion").asText());
                assertEquals("sts.amazonaws.com", record.get("eventSource").asText());
                assertEquals("IAMUser", record.get("userIdentity").get("type").asText());
                assertEquals("alice", record.get("userIdentity").get("userName").asText());
                assertEquals(key.get("AccessKeyId").asText(), record.get("userIdentity").get("accessKeyId").asText());
                assertEquals("AwsApiCall", record.get("eventType").asText());
                assertEquals("Management", record.get("eventCategory").asText());
                assertTrue(record.get("readOnly").asBoolean());
                assertEquals(A, record.get("recipientAccountId").asText());
                JsonNode credentials = record.get("responseElements").get("credentials");
                assertFalse(credentials.has("secretAccessKey"), record.toString());
                assertEquals("HIDDEN_DUE_TO_SECURITY_REASONS", credentials.get("sessionToken").asText());
            }
            assertEquals(cross.get("Credentials").get("AccessKeyId").asText(),
                    newest.get("responseElements").get("credentials").get("accessKeyId").asText());
            assertEquals("alice", older.get("responseElements").get("sourceIdentity").asText());
            assertFalse(older.has("sharedEventID"), "a same-account AssumeRole is recorded once");
            String shared = newest.get("sharedEventID").asText();

            // Account B's own history holds the cross-account AssumeRole, under the same sharedEventID.
            JsonNode inBHistory = ok(aws(inB, "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=EventName,AttributeValue=AssumeRole")).get("Events");
            assertEquals(1, inBHistory.size(), inBHistory.toString());
            JsonNode bRecord = json(inBHistory.get(0).get("CloudTrailEvent").asText());
            assertEquals(shared, bRecord.get("sharedEventID").asText());
            assertEquals(b, bRecord.get("recipientAccountId").asText());
            assertEquals(A, bRecord.get("userIdentity").get("accountId").asText());
            assertFalse(bRecord.get("eventID").asText().equals(newest.get("eventID").asText()));
            // The session's own calls, in B, as the assumed role: the oldest its GetCallerIdentity
            // (then the lookup above; a lookup's own record is committed after it read).
            JsonNode sessionCalls = ok(aws(inB, "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=AccessKeyId,AttributeValue=" + cross.get("Credentials").get("AccessKeyId").asText()))
                    .get("Events");
            assertEquals(2, sessionCalls.size(), sessionCalls.toString());
            assertEquals("LookupEvents", sessionCalls.get(0).get("EventName").asText());
            JsonNode sessionCall = json(sessionCalls.get(1).get("CloudTrailEvent").asText());
            assertEquals("GetCallerIdentity", sessionCall.get("eventName").asText());
            JsonNode identity = sessionCall.get("userIdentity");
            assertEquals("AssumedRole", identity.get("type").asText());
            assertEquals("Role", identity.get("sessionContext").get("sessionIssuer").get("type").asText());
            assertEquals("OrganizationAccountAccessRole",
                    identity.get("sessionContext").get("sessionIssuer").get("userName").asText());
            assertEquals("false", identity.get("sessionContext").get("attributes").get("mfaAuthenticated").asText());

            // boto3, one event a page: the denied call, and everything alice did.
            JsonNode denied = boto3(server, rootKey, "EventName", "ListUsers");
            assertEquals(1, denied.get("Events").size(), denied.toString());
            JsonNode deniedRecord = denied.get("Events").get(0).get("Record");
            assertEquals("AccessDenied", deniedRecord.get("errorCode").asText());
            assertTrue(deniedRecord.get("errorMessage").asText().contains("iam:ListUsers"), deniedRecord.toString());
            JsonNode byAlice = boto3(server, rootKey, "Username", "alice");
            Set<String> names = new TreeSet<>();
            byAlice.get("Events").forEach(e -> names.add(e.get("EventName").asText()));
            assertEquals(Set.of("AssumeRole", "ListUsers"), names, byAlice.toString());
            assertEquals(3, byAlice.get("Events").size());
            JsonNode unknown = boto3(server, rootKey, "AccessKeyId", "AKIAUNKNOWNKEY000000");
            assertEquals(1, unknown.get("Events").size(), unknown.toString());
            JsonNode unknownRecord = unknown.get("Events").get(0).get("Record");
            assertEquals("InvalidClientTokenId", unknownRecord.get("errorCode").asText());
            assertEquals("Unknown", unknownRecord.get("userIdentity").get("type").asText());
            assertEquals("GetUser", unknownRecord.get("eventName").asText());
            JsonNode loginProfile = boto3(server, rootKey, "EventName", "CreateLoginProfile").get("Events").get(0)
                    .get("Record");
            assertEquals("HIDDEN_DUE_TO_SECURITY_REASONS",
                    loginProfile.get("requestParameters").get("password").asText());
            assertEquals("Root", loginProfile.get("userIdentity").get("type").asText());

            JsonNode s3Events = ok(aws(root, "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=EventSource,AttributeValue=s3.amazonaws.com")).get("Events");
            assertEquals(1, s3Events.size(), s3Events.toString());
            JsonNode createBucket = json(s3Events.get(0).get("CloudTrailEvent").asText());
            assertEquals("CreateBucket", createBucket.get("eventName").asText());
            assertEquals("audited-bucket", createBucket.get("requestParameters").get("bucketName").asText());
            assertEquals("Root", createBucket.get("userIdentity").get("type").asText());
            assertEquals("AWS::S3::Bucket", s3Events.get(0).get("Resources").get(0).get("ResourceType").asText());

            // No record of either account holds a secret the walkthrough made.
            List<String> records = new ArrayList<>();
            records.addAll(allRecords(server, A));
            records.addAll(allRecords(server, b));
            assertTrue(records.size() >= 15, "records: " + records.size());
            for (String record : records) {
                for (String secret : secrets) {
                    assertFalse(record.contains(secret), "a record holds a secret: " + record);
                }
            }
        }
    }

    private static void collect(List<String> secrets, JsonNode assumed) {
        secrets.add(assumed.get("Credentials").get("SecretAccessKey").asText());
        secrets.add(assumed.get("Credentials").get("SessionToken").asText());
    }

    private static Map<String, String> session(TestServer server, JsonNode assumed) {
        JsonNode c = assumed.get("Credentials");
        return Processes.cli(server.endpoint(), c.get("AccessKeyId").asText(), c.get("SecretAccessKey").asText(),
                c.get("SessionToken").asText());
    }

    private static JsonNode boto3(TestServer server, NewAccessKey key, String attribute, String value) {
        Processes.Result result = Processes.run(List.of("python3", Processes.resource("/e2e/audit_lookup.py"),
                server.endpoint().toString(), attribute, value), Processes.keys(key.accessKeyId(), key.secretAccessKey()),
                TIMEOUT);
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode out = json(result.stdout());
        assertFalse(out.has("Error"), out.toString());
        return out;
    }

    /** Every record the account's trail holds, read page by page. */
    static List<String> allRecords(TestServer server, String account) {
        List<String> records = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            RecordedEvent.Page page = server.server().auditTrail().lookup(new EventLookup(account, Optional.empty(), "",
                    Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)), token, 50));
            page.events().forEach(e -> records.add(e.record()));
            token = page.nextToken();
        } while (token.isPresent());
        return records;
    }
}
