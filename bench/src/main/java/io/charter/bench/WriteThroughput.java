package io.charter.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * IAM writes per second over HTTP: {@code CLIENTS} threads, each with a user name of its own,
 * alternating {@code CreateUser} and {@code DeleteUser} of that user as fast as the server answers
 * (closed loop), through the AWS SDK for Java v2's IAM client (no retries), signed with the
 * credentials in {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}. Each call is one
 * write transaction on the server (journalled, the store generation advanced). After
 * {@code WARMUP_S} seconds of the same load, counts the calls answered in {@code SECONDS} seconds
 * and their latencies, and prints one line in the shared harness's style:
 *
 * <pre>Write c=8 RESULT requests=… wps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… errors=0 all_writes=…</pre>
 *
 * <p>{@code all_writes} counts every write the run made, warm-up and the last DeleteUser included
 * (what the store saw: for counting the store's work per write).
 *
 * <p>Any failed call (an AWS error or a transport failure) is counted in {@code errors} and makes
 * the exit status 1: a write benchmark that loses writes measures nothing.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.charter.bench.WriteThroughput
 * http://127.0.0.1:PORT CLIENTS SECONDS [WARMUP_S=3] [NAME_PREFIX=w]}
 */
public final class WriteThroughput {
    private WriteThroughput() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        if (args.length < 3) {
            System.err.println("usage: WriteThroughput http://127.0.0.1:PORT CLIENTS SECONDS [WARMUP_S] [NAME_PREFIX]");
            System.exit(2);
        }
        URI endpoint = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        Duration measured = Duration.ofSeconds(Long.parseLong(args[2]));
        Duration warmup = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 3);
        String prefix = args.length > 4 ? args[4] : "w";
        // The JDK's HTTP client keeps 5 idle connections per host unless told more: one per client thread.
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, clients)));
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            System.err.println("WriteThroughput: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (an identity allowed iam:CreateUser and iam:DeleteUser)");
            System.exit(2);
        }
        try (IamClient iam = IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long measureUntil = measureFrom + measured.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Tally>> tallies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String user = prefix + "-" + ProcessHandle.current().pid() + "-" + i;
                tallies.add(pool.submit(() -> writeUntil(iam, user, measureFrom, measureUntil)));
            }
            pool.shutdown();
            long[] latencies = new long[0];
            long errors = 0;
            long all = 0;
            for (Future<Tally> future : tallies) {
                Tally tally = future.get();
                latencies = concat(latencies, tally.latenciesNanos());
                errors += tally.errors();
                all += tally.all();
            }
            Arrays.sort(latencies);
            double seconds = measured.toNanos() / 1e9;
            System.out.printf(Locale.ROOT,
                    "Write c=%d RESULT requests=%d wps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d all_writes=%d%n",
                    clients, latencies.length, latencies.length / seconds, millis(latencies, 0.50), millis(latencies, 0.90),
                    millis(latencies, 0.99), millis(latencies, 1.0), errors, all);
            if (errors > 0) {
                System.exit(1);
            }
        }
    }

    /**
     * What one client measured: the latency of each call that ended inside the window, the
     * failures, and every write it made.
     */
    private record Tally(long[] latenciesNanos, long errors, long all) {
    }

    /** One client's loop: CreateUser, DeleteUser, … until {@code until}; calls ending in the window are counted. */
    private static Tally writeUntil(IamClient iam, String user, long from, long until) {
        long[] latencies = new long[4096];
        int count = 0;
        long errors = 0;
        long all = 0;
        boolean exists = false;
        while (true) {
            long before = System.nanoTime();
            if (before >= until) {
                break;
            }
            try {
                if (exists) {
                    iam.deleteUser(r -> r.userName(user));
                } else {
                    iam.createUser(r -> r.userName(user));
                }
                exists = !exists;
                all++;
            } catch (RuntimeException e) {
                errors++;
                System.err.println("WriteThroughput: " + (exists ? "DeleteUser " : "CreateUser ") + user + " failed: " + e);
                if (errors > 10) {
                    break;
                }
                continue;
            }
            long after = System.nanoTime();
            if (before >= from && after <= until) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = after - before;
            }
        }
        if (exists) {
            iam.deleteUser(r -> r.userName(user));
            all++;
        }
        return new Tally(Arrays.copyOf(latencies, count), errors, all);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
