package io.charter.server.concurrency;

import io.charter.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * Contending clients: a fixed set of threads, each with its own IAM client of the AWS SDK for Java
 * v2, which send one call each from a common start line (a {@link CyclicBarrier}) and record what
 * each call came to ({@link Outcome}). Tests then check the store's final state against the
 * acknowledged calls alone, an invariant that holds under any interleaving.
 *
 * <p>Not thread-safe: one test thread runs its rounds one after another.
 */
final class Race implements AutoCloseable {
    /** Generous: a round of a few calls takes milliseconds; this only stops a hung round. */
    private static final long ROUND_TIMEOUT_SECONDS = 60;

    /** One IAM call, sent with a contender's client; returns the SDK's response. */
    @FunctionalInterface
    interface Call {
        Object send(IamClient iam);
    }

    private final List<IamClient> clients;
    private final ExecutorService threads;

    /** Contenders each with their own client; the race closes them. */
    Race(List<IamClient> clients) {
        this.clients = List.copyOf(clients);
        this.threads = Executors.newFixedThreadPool(clients.size());
    }

    /** {@code contenders} clients of {@code server}, all with {@code credentials}. */
    static Race on(TestServer server, AwsCredentials credentials, int contenders) {
        List<IamClient> clients = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            clients.add(server.iam(credentials));
        }
        return new Race(clients);
    }

    /**
     * Sends {@code calls} at once, call {@code i} with contender {@code i}'s client, and returns
     * their outcomes in the same order once all have answered. A server failure, a transport error
     * or a hung round fails the test.
     */
    List<Outcome> run(List<Call> calls) throws InterruptedException {
        if (calls.size() > clients.size()) {
            throw new IllegalArgumentException(calls.size() + " calls for " + clients.size() + " contenders");
        }
        CyclicBarrier startLine = new CyclicBarrier(calls.size());
        List<Future<Outcome>> answers = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            IamClient client = clients.get(i);
            Call call = calls.get(i);
            answers.add(threads.submit(() -> {
                startLine.await();
                try {
                    return new Outcome.Acknowledged(call.send(client));
                } catch (IamException e) {
                    return Outcome.of(e);
                }
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> answer : answers) {
            try {
                outcomes.add(answer.get(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new AssertionError("a contender failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("a round did not finish in " + ROUND_TIMEOUT_SECONDS + " s", e);
            }
        }
        return outcomes;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        clients.forEach(IamClient::close);
    }
}
