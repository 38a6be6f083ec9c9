package io.charter.bench;

import io.charter.server.audit.AuditTrail;
import io.charter.server.audit.EventLookup;
import io.charter.server.audit.RecordedEvent;
import io.charter.server.store.AuditRepository;
import io.charter.server.store.AuditRow;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * LookupEvents' latency over a large audit trail: fills a fresh {@code audit.db} (the store a node
 * on the embedded store keeps beside {@code charter.db}, with its schema and indexes) with N records
 * of CloudTrail's size (an AssumeRole record, about 1.3 KB), spread over 10 accounts, 10,000 users
 * and the last 80 days, written in the audit log's own batches; then times pages of 50 as
 * LookupEvents reads them ({@link AuditTrail#lookup}): one user's events (about N / 10,000 of them),
 * an event name, and the whole account, newest first, plus the second page of the user's.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.charter.bench.AuditLookupBenchmark [N [DIR [SECONDS]]]}
 * (N = 1,000,000 by default; DIR a directory to keep the file in, else a temporary one, deleted; a
 * DIR already holding records is filled up to N; SECONDS bounds the loading: the lookups are then
 * timed at the size reached).
 */
public final class AuditLookupBenchmark {
    private static final int ACCOUNTS = 10;
    private static final int USERS = 10_000;
    private static final int BATCH = 10_000;
    private static final String[] NAMES = {"AssumeRole", "GetCallerIdentity", "CreateUser", "ListRoles", "GetRole",
        "PutRolePolicy", "CreateAccessKey", "DeleteUser"};

    private AuditLookupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long loadSeconds = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE / 1_000_000_000L;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("charter-audit-bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("audit.db");
        Instant now = Instant.now();
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            Migrations.applyAudit(database);
            AuditTrail trail = new AuditTrail(database);
            long present = trail.size();
            if (present < n) {
                fill(database, present, n, now, loadSeconds);
            }
            System.out.printf(Locale.ROOT, "records: %,d; file: %,d MB%n", trail.size(),
                    (Files.size(file) + sizeOr0(dir.resolve("audit.db-wal"))) >> 20);
            String account = account(42);
            Instant start = now.minus(Duration.ofDays(90));
            Instant end = now.plusSeconds(60);
            time("one user (Username=user-42), newest 50", trail, new EventLookup(account,
                    Optional.of(EventLookup.Attribute.USERNAME), "user-42", start, end, Optional.empty(), 50));
            RecordedEvent.Page first = trail.lookup(new EventLookup(account, Optional.of(EventLookup.Attribute.USERNAME),
                    "user-42", start, end, Optional.empty(), 50));
            time("one user, second page (NextToken)", trail, new EventLookup(account,
                    Optional.of(EventLookup.Attribute.USERNAME), "user-42", start, end, first.nextToken(), 50));
            time("one user, one day ten days ago", trail, new EventLookup(account,
                    Optional.of(EventLookup.Attribute.USERNAME), "user-42", now.minus(Duration.ofDays(11)),
                    now.minus(Duration.ofDays(10)), Optional.empty(), 50));
            time("EventName=CreateUser, newest 50", trail, new EventLookup(account,
                    Optional.of(EventLookup.Attribute.EVENT_NAME), "CreateUser", start, end, Optional.empty(), 50));
            time("ResourceName=role ARN, newest 50", trail, new EventLookup(account,
                    Optional.of(EventLookup.Attribute.RESOURCE_NAME), roleArn(account, 42), start, end,
                    Optional.empty(), 50));
            time("the account, no attribute, newest 50", trail, new EventLookup(account, Optional.empty(), "", start,
                    end, Optional.empty(), 50));
        } finally {
            if (args.length < 2) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(dir.resolve("audit.db" + suffix));
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private static long sizeOr0(Path path) throws IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }

    private static void fill(SqliteDatabase database, long from, long n, Instant now, long loadSeconds) {
        AuditRepository repository = new AuditRepository();
        SplittableRandom random = new SplittableRandom(from + 17);
        long span = Duration.ofDays(80).toMillis();
        long began = System.nanoTime();
        for (long i = from; i < n; i += BATCH) {
            int size = (int) Math.min(BATCH, n - i);
            List<AuditRow> rows = new ArrayList<>(size);
            for (int j = 0; j < size; j++) {
                int user = random.nextInt(USERS);
                String account = account(user);
                String name = NAMES[random.nextInt(NAMES.length)];
                long time = now.toEpochMilli() - random.nextLong(span);
                String eventId = UUID.randomUUID().toString();
                String key = "ASIA" + String.format(Locale.ROOT, "%016d", random.nextLong(10_000_000_000_000_000L));
                rows.add(new AuditRow(eventId, account, time, name, name.equals("AssumeRole")
                        || name.equals("GetCallerIdentity") ? "sts.amazonaws.com" : "iam.amazonaws.com",
                        name.startsWith("Get") || name.startsWith("List") || name.equals("AssumeRole"),
                        Optional.of("user-" + user), Optional.of(key), Optional.empty(),
                        record(eventId, account, user, name, time, key),
                        List.of(new AuditRow.Resource("AWS::IAM::Role", roleArn(account, user)),
                                new AuditRow.Resource("AWS::IAM::AccessKey", key))));
            }
            database.inTransaction(c -> {
                repository.insert(c, rows);
                return null;
            });
            long done = i + size;
            double seconds = (System.nanoTime() - began) / 1e9;
            if (done % 500_000 == 0 || done == n) {
                System.out.printf(Locale.ROOT, "loaded %,d (%,.0f records/s)%n", done, (done - from) / seconds);
            }
            if (seconds > loadSeconds) {
                System.out.printf(Locale.ROOT, "loading stopped after %.0f s at %,d records%n", seconds, done);
                return;
            }
        }
    }

    private static String account(int user) {
        return String.format(Locale.ROOT, "1000000000%02d", user % ACCOUNTS);
    }

    private static String roleArn(String account, int user) {
        return "arn:aws:iam::" + account + ":role/role-" + user;
    }

    /** A record of CloudTrail's shape and size (an AssumeRole's). */
    private static String record(String eventId, String account, int user, String name, long time, String key) {
        String when = Instant.ofEpochMilli(time).toString();
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
                + String.format(Locale.ROOT, "%016d", user) + "\",\"arn\":\"arn:aws:iam::" + account + ":user/user-" + user
                + "\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"" + key + "\",\"userName\":\"user-" + user
                + "\"},\"eventTime\":\"" + when + "\",\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.0." + (user % 250) + "\",\"userAgent\":"
                + "\"aws-cli/1.44.0 md/Botocore#1.43.11 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.3"
                + " md/pyimpl#CPython m/b,N cfg/retry-mode#standard botocore/1.43.11\",\"requestParameters\":{"
                + "\"roleArn\":\"" + roleArn(account, user) + "\",\"roleSessionName\":\"session-" + user
                + "\",\"durationSeconds\":3600},\"responseElements\":{\"credentials\":{\"accessKeyId\":\"" + key
                + "\",\"sessionToken\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"expiration\":\"Dec 8, 2026, 2:15:12 AM\"},"
                + "\"assumedRoleUser\":{\"assumedRoleId\":\"AROA0000000000000042:session-" + user + "\",\"arn\":"
                + "\"arn:aws:sts::" + account + ":assumed-role/role-" + user + "/session-" + user + "\"}},"
                + "\"requestID\":\"" + UUID.nameUUIDFromBytes(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\",\"eventID\":\"" + eventId + "\",\"readOnly\":true,\"resources\":[{\"accountId\":\"" + account
                + "\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"" + roleArn(account, user) + "\"}],\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + account + "\","
                + "\"eventCategory\":\"Management\"}";
    }

    private static void time(String what, AuditTrail trail, EventLookup lookup) {
        for (int i = 0; i < 20; i++) {
            trail.lookup(lookup);
        }
        int runs = 200;
        long[] nanos = new long[runs];
        int found = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            found = trail.lookup(lookup).events().size();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s %2d events  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what, found,
                nanos[runs / 2] / 1e6, nanos[runs * 99 / 100] / 1e6, nanos[runs - 1] / 1e6);
    }
}
