package io.charter.server.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Tags are merged inside the write's transaction: many clients tagging and untagging one user at
 * once lose no acknowledged tag, and no removed tag comes back (a read-merge-write from a snapshot
 * outside the transaction loses most of them at eight writers).
 */
class ConcurrentTagsTest {
    private static final int WRITERS = 8;
    private static final int TAGS_EACH = 6;

    @Test
    void concurrentTagAndUntagCallsOnOneUserLoseNothing() throws Exception {
        try (TestServer server = TestServer.start()) {
            NewAccessKey root = server.rootKey();
            try (IamClient admin = server.iam(root.accessKeyId(), root.secretAccessKey())) {
                admin.createUser(r -> r.userName("tagged"));
            }
            // Every writer adds its own keys, one call each, all at once.
            inParallel(server, root, (iam, writer) -> {
                for (int i = 0; i < TAGS_EACH; i++) {
                    String key = "w" + writer + "-" + i;
                    iam.tagUser(r -> r.userName("tagged").tags(Tag.builder().key(key).value("v" + key).build()));
                }
            });
            Map<String, String> expected = new TreeMap<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                for (int i = 0; i < TAGS_EACH; i++) {
                    expected.put("w" + writer + "-" + i, "vw" + writer + "-" + i);
                }
            }
            assertEquals(expected, tags(server, root));

            // Every writer removes its keys one by one and adds one new key, all at once.
            inParallel(server, root, (iam, writer) -> {
                for (int i = 0; i < TAGS_EACH; i++) {
                    String key = "w" + writer + "-" + i;
                    iam.untagUser(r -> r.userName("tagged").tagKeys(key));
                }
                iam.tagUser(r -> r.userName("tagged").tags(Tag.builder().key("new" + writer).value("n").build()));
            });
            Map<String, String> remaining = new TreeMap<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                remaining.put("new" + writer, "n");
            }
            assertEquals(remaining, tags(server, root));
        }
    }

    /** What one writer does with its own client. */
    private interface Writer {
        void write(IamClient iam, int writer);
    }

    private static void inParallel(TestServer server, NewAccessKey root, Writer work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                done.add(pool.submit(() -> {
                    try (IamClient iam = server.iam(root.accessKeyId(), root.secretAccessKey())) {
                        start.await();
                        work.write(iam, id);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(); // every call was acknowledged (an error fails the test here)
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> tags(TestServer server, NewAccessKey root) {
        try (IamClient iam = server.iam(root.accessKeyId(), root.secretAccessKey())) {
            Map<String, String> tags = new TreeMap<>();
            iam.listUserTags(r -> r.userName("tagged").maxItems(100)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        }
    }
}
