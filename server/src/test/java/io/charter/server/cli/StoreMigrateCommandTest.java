package io.charter.server.cli;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.IamTags.tag;
import static io.charter.server.PolicyDocuments.TRUST;
import static io.charter.server.PolicyDocuments.allow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.TestStores;
import io.charter.server.mfa.Base32;
import io.charter.server.mfa.Totp;
import io.charter.server.store.Database;
import io.charter.server.store.StoreLocation;
import io.charter.sigv4.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code charter store migrate}: a node's SQLite store, filled through the SDK with one of each
 * kind of thing, is copied into a fresh PostgreSQL schema, and a server started on that schema with
 * the same data directory's master key serves it all: the old access keys still sign, the sessions
 * minted before the copy (under two session-token keys) still work and a revoked one stays refused,
 * the MFA seed still opens, and every row of every table is there as it was. A store that is not
 * empty, a store in use, a bad URL and a missing data directory are refused with one sentence.
 */
class StoreMigrateCommandTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final TestClock CLOCK = new TestClock();
    private static final String MIGRATIONS = "io/charter/server/store/migrations";
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+)");
    private static final String BUCKET_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::moved-photos/*\"}]}";

    @TempDir
    Path tmp;

    /** The outcome of one {@code charter} command line run in-process. */
    private record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n" + out + err;
        }
    }

    /** Runs {@code charter ARGS} in-process with the PostgreSQL user the tests' stores take. */
    private static Run charter(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of("CHARTER_STORE_USER", "postgres"));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run migrate(Path from, StoreLocation.Postgres to) {
        return charter("store", "migrate", "--from", from.toString(), "--to", to.url());
    }

    /** What one server holds, as its clients see it. */
    private record Picture(String details, Map<String, Integer> summary,
            String mfaDevices, List<String> instanceProfiles, List<String> aliases,
            String passwordPolicy, List<String> aliceKeys, String accounts, List<List<Object>> buckets) {
    }

    private static Picture picture(TestServer server, AwsBasicCredentials root) throws Exception {
        try (IamClient iam = server.iam(root)) {
            return new Picture(
                    // The SDK's responses compare their HTTP metadata too: compared as what they hold.
                    iam.getAccountAuthorizationDetails(r -> r.maxItems(1000)).toString(),
                    new TreeMap<>(iam.getAccountSummary().summaryMapAsStrings()),
                    iam.listVirtualMFADevices().virtualMFADevices().toString(),
                    iam.listInstanceProfiles().instanceProfiles().stream()
                            .map(p -> p.instanceProfileName() + p.roles().stream().map(r -> r.roleName()).toList()).toList(),
                    iam.listAccountAliases().accountAliases(),
                    iam.getAccountPasswordPolicy().passwordPolicy().toString(),
                    iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata().stream()
                            .map(k -> k.accessKeyId() + " " + k.status() + " " + k.createDate()).toList(),
                    client(server, root).call("ListAccounts", "{}").toString(),
                    // Buckets have no IAM call: as the node's snapshot holds them.
                    server.server().directory().current().buckets(ACCOUNT).stream().map(b -> List.<Object>of(b.name(),
                            b.accountId(), b.region(), b.createdAt(), b.policy().map(p -> p.text()))).toList());
        }
    }

    private static CharterClient client(TestServer server, AwsBasicCredentials as) {
        return new CharterClient(server.endpoint(), Credentials.of(as.accessKeyId(), as.secretAccessKey()), CLOCK);
    }

    /** The code of {@code seed} for the current step of the servers' clock. */
    private static String code(String seed, long steps) {
        return Totp.code(Base32.decode(seed), Totp.step(CLOCK.instant()) + steps);
    }

    @Test
    void aStoreMovesToPostgresqlWithEverythingInIt() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        StoreLocation.Embedded sqlite = StoreLocation.Embedded.in(dataDir);
        AwsBasicCredentials root;
        AwsBasicCredentials alice;
        AwsSessionCredentials beforeRotation;
        AwsSessionCredentials afterRotation;
        AwsSessionCredentials revoked;
        String seed;
        Picture before;
        try (TestServer node = TestServer.start(CLOCK, dataDir, sqlite)) {
            root = node.rootCredentials();
            try (IamClient iam = node.iam(root)) {
                iam.createPolicy(r -> r.policyName("readers").path("/shared/").description("read IAM")
                        .policyDocument(allow("\"iam:Get*\",\"iam:List*\"")));
                String readers = "arn:aws:iam::" + ACCOUNT + ":policy/shared/readers";
                iam.createPolicyVersion(r -> r.policyArn(readers).setAsDefault(true)
                        .policyDocument(allow("\"iam:Get*\",\"iam:List*\",\"sts:GetSessionToken\"")));
                alice = node.userWithKey("alice", allow("\"sts:AssumeRole\",\"iam:GetUser\""));
                iam.tagUser(r -> r.userName("alice").tags(tag("team", "platform"), tag("cost", "42")));
                iam.createLoginProfile(r -> r.userName("alice").password("Correct-Horse-9").passwordResetRequired(true));
                iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).requireNumbers(true)
                        .passwordReusePrevention(3).allowUsersToChangePassword(true));
                iam.createUser(r -> r.userName("bounded").path("/limited/").permissionsBoundary(readers));
                iam.createGroup(r -> r.groupName("devs").path("/eng/"));
                iam.addUserToGroup(r -> r.groupName("devs").userName("alice"));
                iam.attachGroupPolicy(r -> r.groupName("devs").policyArn(readers));
                iam.putGroupPolicy(r -> r.groupName("devs").policyName("inline").policyDocument(allow("\"iam:ListUsers\"")));
                iam.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(TRUST).description("does work")
                        .maxSessionDuration(7200).tags(tag("tier", "gold")));
                iam.attachRolePolicy(r -> r.roleName("worker").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
                iam.putRolePolicy(r -> r.roleName("worker").policyName("extra").policyDocument(allow("\"iam:GetRole\"")));
                iam.createInstanceProfile(r -> r.instanceProfileName("worker-profile").path("/ec2/"));
                iam.addRoleToInstanceProfile(r -> r.instanceProfileName("worker-profile").roleName("worker"));
                iam.createAccountAlias(r -> r.accountAlias("migrating-co"));
                VirtualMFADevice device = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone")
                        .tags(tag("kind", "phone"))).virtualMFADevice();
                seed = device.base32StringSeed().asUtf8String();
                iam.enableMFADevice(r -> r.userName("alice").serialNumber(device.serialNumber())
                        .authenticationCode1(code(seed, -1)).authenticationCode2(code(seed, 0)));
            }
            JsonNode created = client(node, root).call("CreateAccount", "{\"AccountName\":\"dev\",\"Email\":\"dev@example.com\"}");
            assertEquals("SUCCEEDED", created.path("CreateAccountStatus").path("State").asText(), created.toString());
            String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/worker";
            try (StsClient sts = node.sts(alice)) {
                beforeRotation = TestServer.session(sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("before")).credentials());
                revoked = TestServer.session(sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("revoked")).credentials());
                client(node, root).admin("RevokeSession", "{\"AccessKeyId\":\"" + revoked.accessKeyId() + "\"}");
                client(node, root).admin("RotateSessionTokenKey", "{}");
                afterRotation = TestServer.session(sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("after")).credentials());
            }
            node.server().domain().buckets().create(ACCOUNT, "moved-photos", "eu-west-1");
            node.server().domain().buckets().putPolicy("moved-photos", BUCKET_POLICY);
            node.server().domain().buckets().create(ACCOUNT, "moved-logs", "us-east-1");
            before = picture(node, root);
            assertEquals(2, before.buckets().size(), before.buckets().toString());
        }

        StoreLocation.Postgres postgres = TestStores.freshSchema();
        Run run = migrate(dataDir, postgres);
        assertEquals(0, run.code(), run.all());
        assertTrue(run.out().startsWith("Copied " + sqlite.describe() + " into " + postgres.url() + ":"), run.out());
        assertTrue(run.out().contains(dataDir.toAbsolutePath().normalize().resolve("master.key")
                + ".\nEvery node needs that same key"), run.out());
        Set<String> tables = migratedTables();
        for (String table : tables) {
            assertTrue(Pattern.compile("(?m)^  " + table + " +\\d+$").matcher(run.out()).find(), table + " in\n" + run.out());
        }
        assertEquals(Set.of(), rowsThatDiffer(sqlite, postgres, tables), "rows that differ between the stores");

        try (TestServer node = TestServer.start(CLOCK, dataDir, postgres)) {
            assertFalse(node.server().bootstrapKey().isPresent(), "the copied account is not bootstrapped again");
            Picture after = picture(node, root);
            assertEquals(before, after);
            try (IamClient iam = node.iam(alice)) {
                assertEquals("alice", iam.getUser().user().userName(), "the copied key's secret opens");
            }
            for (Map.Entry<String, AwsSessionCredentials> session
                    : Map.of("before", beforeRotation, "after", afterRotation).entrySet()) {
                try (StsClient sts = node.sts(session.getValue()); IamClient iam = node.iam(session.getValue())) {
                    assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/worker/" + session.getKey(),
                            sts.getCallerIdentity().arn());
                    assertFalse(iam.listRoles().roles().isEmpty());
                }
            }
            try (IamClient iam = node.iam(revoked)) {
                fails("InvalidClientTokenId", 403, iam::listRoles);
            }
            CLOCK.advance(Duration.ofSeconds(60)); // past the steps whose codes enabled the device
            try (StsClient sts = node.sts(alice)) {
                String serial = "arn:aws:iam::" + ACCOUNT + ":mfa/alice-phone";
                assertTrue(sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(code(seed, 0)))
                        .credentials().sessionToken().length() > 0, "the copied MFA seed opens");
            }
            try (IamClient iam = node.iam(root)) {
                iam.createUser(r -> r.userName("after-the-move"));
                assertEquals(List.of("after-the-move", "alice", "bounded"),
                        iam.listUsers().users().stream().map(u -> u.userName()).sorted().toList());
            }
        }
    }

    @Test
    void aStoreThatHoldsRowsIsNotWrittenTo() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        try (TestServer node = TestServer.start(CLOCK, dataDir, StoreLocation.Embedded.in(dataDir))) {
            node.createUser("carol", "/");
        }
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        assertEquals(0, migrate(dataDir, postgres).code());
        Map<String, Long> counts = rowCounts(postgres);

        Run again = migrate(dataDir, postgres);
        assertEquals(ExitCodes.FAILURE, again.code(), again.all());
        assertEquals("", again.out());
        assertEquals("charter: the store " + postgres.url() + " is not empty (its table accounts holds rows): a store"
                + " is copied only into an empty database or schema; nothing was written.\n", again.err());
        assertEquals(counts, rowCounts(postgres), "the store as it was, its generation included");

        // A store a node has started on holds its bootstrap account: refused too.
        Path otherDir = Files.createDirectory(tmp.resolve("other"));
        StoreLocation.Postgres started = TestStores.freshSchema();
        TestServer.start(CLOCK, otherDir, started).close();
        Run intoStarted = migrate(dataDir, started);
        assertEquals(ExitCodes.FAILURE, intoStarted.code(), intoStarted.all());
        assertTrue(intoStarted.err().contains("is not empty"), intoStarted.err());
    }

    @Test
    void aStoreInUseIsNotCopied() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        StoreLocation.Postgres postgres = TestStores.freshSchema();
        try (TestServer node = TestServer.start(CLOCK, dataDir, StoreLocation.Embedded.in(dataDir))) {
            Run run = migrate(dataDir, postgres);
            assertEquals(ExitCodes.FAILURE, run.code(), run.all());
            assertEquals("charter: the store " + dataDir.resolve("charter.db") + " is in use, by a server running on its"
                    + " data directory or another process: stop it first.\n", run.err());
            node.createUser("still-writable", "/"); // the refused copy left the node's store as it was
        }
        assertEquals(Map.of(), rowCounts(postgres), "nothing made in the target");
    }

    @Test
    void badArgumentsAreRefusedWithASentence() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        String url = "postgresql://127.0.0.1:5432/charter";

        Run missing = charter("store", "migrate", "--from", tmp.resolve("absent").toString(), "--to", url);
        assertEquals(new Run(ExitCodes.BAD_CONFIGURATION, "", "charter: --from " + tmp.resolve("absent")
                + ": there is no such directory.\n"), missing);

        Run noStore = charter("store", "migrate", "--from", empty.toString(), "--to", url);
        assertEquals(new Run(ExitCodes.BAD_CONFIGURATION, "", "charter: --from " + empty + ": the directory holds no"
                + " store (charter.db); name the data directory of a node.\n"), noStore);
        try (Stream<Path> files = Files.list(empty)) {
            assertEquals(List.of(), files.toList(), "nothing made in the directory");
        }

        Files.createFile(empty.resolve("charter.db"));
        Run noKey = charter("store", "migrate", "--from", empty.toString(), "--to", url);
        assertEquals(ExitCodes.BAD_CONFIGURATION, noKey.code(), noKey.all());
        assertTrue(noKey.err().contains("holds no master.key"), noKey.err());
        Files.writeString(empty.resolve("master.key"), "not used");

        Run mysql = charter("store", "migrate", "--from", empty.toString(), "--to", "mysql://127.0.0.1/charter");
        assertEquals(new Run(ExitCodes.BAD_CONFIGURATION, "",
                "charter: the --to URL is not usable: only postgresql:// stores are supported.\n"), mysql);

        Run password = charter("store", "migrate", "--from", empty.toString(), "--to",
                "postgresql://admin:hunter2@127.0.0.1/charter");
        assertEquals(ExitCodes.BAD_CONFIGURATION, password.code(), password.all());
        assertTrue(password.err().startsWith("charter: the --to URL is not usable: it must not hold a user or password"),
                password.err());
        assertFalse(password.err().contains("hunter2"), "the password is never repeated");

        Run unreachable = charter("store", "migrate", "--from", empty.toString(), "--to", "postgresql://127.0.0.1:1/charter");
        assertEquals(ExitCodes.FAILURE, unreachable.code(), unreachable.all());
        assertTrue(unreachable.err().startsWith("charter: cannot open the PostgreSQL store postgresql://127.0.0.1:1/charter: "),
                unreachable.err());

        Run noTarget = charter("store", "migrate", "--from", empty.toString());
        assertEquals(2, noTarget.code(), noTarget.all());
        assertTrue(noTarget.err().startsWith("Missing required option: '--to=URL'"), noTarget.err());
    }

    /** The tables the migrations create, but the counter every store has its own of. */
    private static Set<String> migratedTables() throws IOException, URISyntaxException {
        Set<String> tables = new TreeSet<>();
        Path folder = Path.of(StoreMigrateCommandTest.class.getClassLoader().getResource(MIGRATIONS).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Matcher created = CREATE_TABLE.matcher(Files.readString(file));
                while (created.find()) {
                    tables.add(created.group(1));
                }
            }
        }
        tables.remove("store_generation");
        assertTrue(tables.contains("accounts") && tables.contains("snapshot_changes"), tables.toString());
        return tables;
    }

    /** The tables whose rows (as text, in any order) differ between the two stores. */
    private static Set<String> rowsThatDiffer(StoreLocation.Embedded sqlite, StoreLocation.Postgres postgres,
            Set<String> tables) throws SQLException {
        Set<String> differ = new TreeSet<>();
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + sqlite.file());
                Database target = postgres.open()) {
            for (String table : tables) {
                List<List<String>> expected = rows(source, table);
                List<List<String>> copied = target.withHandle(c -> rows(c, table));
                assertFalse(table.equals("accounts") && expected.isEmpty(), "the source holds accounts");
                if (!expected.equals(copied)) {
                    differ.add(table + ": " + expected + " became " + copied);
                }
            }
        }
        return differ;
    }

    private static List<List<String>> rows(Connection c, String table) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT * FROM " + table);
                ResultSet row = query.executeQuery()) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                String[] values = new String[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = row.getString(i + 1);
                }
                rows.add(Arrays.asList(values));
            }
        }
        rows.sort(Comparator.comparing(List::toString));
        return rows;
    }

    /** The rows of each table of the store's schema, and its generation; empty when it has no tables. */
    private static Map<String, Long> rowCounts(StoreLocation.Postgres postgres) {
        try (Database store = postgres.open()) {
            return store.withHandle(c -> {
                Map<String, Long> counts = new TreeMap<>();
                List<String> tables = new ArrayList<>();
                try (ResultSet found = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                    while (found.next()) {
                        tables.add(found.getString("TABLE_NAME"));
                    }
                }
                for (String table : tables) {
                    try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                            ResultSet row = count.executeQuery()) {
                        row.next();
                        counts.put(table, row.getLong(1));
                    }
                }
                if (tables.contains("store_generation")) {
                    try (PreparedStatement generation = c.prepareStatement("SELECT generation FROM store_generation");
                            ResultSet row = generation.executeQuery()) {
                        row.next();
                        counts.put("(generation)", row.getLong(1));
                    }
                }
                return counts;
            });
        }
    }
}
