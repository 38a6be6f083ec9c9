package io.charter.server.concurrency;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Two nodes sharing one store (a SQLite file, or a PostgreSQL database when the suite runs on it),
 * as two {@code charter serve} processes would, each half of the contenders calling one of them: a
 * unique name, a quota, a deletion against a dependent write, and tags hold across the processes
 * exactly as within one (each write's preconditions are read under the store's write lock — the
 * file's, or the {@code store_generation} row's — whatever snapshot the node answering it holds).
 */
class TwoNodeRacesTest {
    private static final int CONTENDERS = 8;
    private static final int ROUNDS = 4;

    private static final TestClock CLOCK = new TestClock();
    private static TestServer first;
    private static TestServer second;
    private static AwsCredentials root;
    private static IamClient admin;

    @BeforeAll
    static void start() throws IOException {
        Path dataDir = Files.createTempDirectory("charter-two-node-races");
        first = TestServer.start(CLOCK, dataDir);
        second = TestServer.start(CLOCK, dataDir);
        root = first.rootCredentials();
        admin = first.iam(root);
    }

    @AfterAll
    static void stop() {
        admin.close();
        second.close();
        first.close();
    }

    /** Contenders alternately of the first and the second node. */
    private static Race acrossNodes() {
        List<IamClient> clients = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            clients.add((i % 2 == 0 ? first : second).iam(root));
        }
        return new Race(clients);
    }

    /** Both nodes catch up with each other's writes (what each does every second on its own). */
    private static void followEachOther() {
        first.server().followStore();
        second.server().followStore();
    }

    @Test
    void oneUserOfANameAcrossNodes() throws InterruptedException {
        try (Race race = acrossNodes()) {
            for (int round = 0; round < ROUNDS; round++) {
                String n = "same-name-" + round;
                List<Race.Call> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    String path = "/c" + i + "/";
                    calls.add(iam -> iam.createUser(r -> r.userName(n).path(path)));
                }
                List<Outcome> outcomes = race.run(calls);
                assertEquals(1, Outcome.acknowledged(outcomes), n + ": " + outcomes);
                String winner = null;
                for (int i = 0; i < CONTENDERS; i++) {
                    if (outcomes.get(i).acknowledged()) {
                        winner = "/c" + i + "/";
                    } else {
                        outcomes.get(i).assertRefused("EntityAlreadyExists", "User with name " + n + " already exists.");
                    }
                }
                followEachOther();
                for (TestServer node : List.of(first, second)) {
                    try (IamClient iam = node.iam(root)) {
                        assertEquals(winner, iam.getUser(r -> r.userName(n)).user().path());
                    }
                }
            }
        }
    }

    @Test
    void twoAccessKeysPerUserAcrossNodes() throws InterruptedException {
        try (Race race = acrossNodes()) {
            for (int round = 0; round < ROUNDS; round++) {
                String n = "keys-" + round;
                admin.createUser(r -> r.userName(n));
                followEachOther();
                List<Race.Call> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    calls.add(iam -> iam.createAccessKey(r -> r.userName(n)));
                }
                List<Outcome> outcomes = race.run(calls);
                assertEquals(2, Outcome.acknowledged(outcomes), n + ": " + outcomes);
                Set<String> acknowledged = new TreeSet<>();
                for (Outcome outcome : outcomes) {
                    if (outcome.acknowledged()) {
                        acknowledged.add(outcome.response(CreateAccessKeyResponse.class).accessKey().accessKeyId());
                    } else {
                        outcome.assertRefused("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
                    }
                }
                followEachOther();
                for (TestServer node : List.of(first, second)) {
                    try (IamClient iam = node.iam(root)) {
                        assertEquals(acknowledged, iam.listAccessKeys(r -> r.userName(n)).accessKeyMetadata().stream()
                                .map(AccessKeyMetadata::accessKeyId).collect(Collectors.toCollection(TreeSet::new)));
                    }
                }
            }
        }
    }

    @Test
    void deleteUserOnOneNodeAgainstPutUserPolicyOnTheOther() throws InterruptedException {
        try (Race race = acrossNodes()) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> names = new ArrayList<>();
                List<Race.Call> calls = new ArrayList<>();
                for (int pair = 0; pair < CONTENDERS / 2; pair++) {
                    String n = "pair-" + round + "-" + pair;
                    names.add(n);
                    admin.createUser(r -> r.userName(n));
                    // Contender 2p calls the first node, 2p + 1 the second: which node deletes alternates.
                    Race.Call delete = iam -> iam.deleteUser(r -> r.userName(n));
                    Race.Call put = iam -> iam.putUserPolicy(r -> r.userName(n).policyName("p")
                            .policyDocument(ALLOW_GET_OBJECT));
                    calls.addAll(pair % 2 == 0 ? List.of(delete, put) : List.of(put, delete));
                }
                followEachOther();
                List<Outcome> outcomes = race.run(calls);
                followEachOther();
                for (int pair = 0; pair < names.size(); pair++) {
                    String n = names.get(pair);
                    Outcome deletion = outcomes.get(pair % 2 == 0 ? 2 * pair : 2 * pair + 1);
                    Outcome put = outcomes.get(pair % 2 == 0 ? 2 * pair + 1 : 2 * pair);
                    if (deletion.acknowledged()) {
                        put.assertRefused("NoSuchEntity", null);
                        assertTrue(admin.listUsers().users().stream().noneMatch(u -> u.userName().equals(n)), n);
                    } else {
                        deletion.assertRefused("DeleteConflict", "Cannot delete entity, must delete policies first.");
                        assertTrue(put.acknowledged(), n + ": " + put);
                        assertEquals(List.of("p"), admin.listUserPolicies(r -> r.userName(n)).policyNames(), n);
                    }
                }
            }
        }
    }

    @Test
    void tagsFromBothNodesAreAllKept() throws InterruptedException {
        admin.createUser(r -> r.userName("tagged"));
        followEachOther();
        Set<String> expected = new TreeSet<>();
        try (Race race = acrossNodes()) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Race.Call> calls = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    String added = "c" + i + "-r" + round;
                    String removed = "c" + i + "-r" + (round - 1);
                    // Each contender adds a key of its own and removes the one it added the round before.
                    calls.add(round % 2 == 0
                            ? iam -> iam.tagUser(r -> r.userName("tagged").tags(Tag.builder().key(added).value("v").build()))
                            : iam -> iam.untagUser(r -> r.userName("tagged").tagKeys(removed)));
                }
                List<Outcome> outcomes = race.run(calls);
                for (int i = 0; i < CONTENDERS; i++) {
                    assertTrue(outcomes.get(i).acknowledged(), outcomes.get(i).toString());
                    if (round % 2 == 0) {
                        expected.add("c" + i + "-r" + round);
                    } else {
                        expected.remove("c" + i + "-r" + (round - 1));
                    }
                }
                followEachOther();
                for (TestServer node : List.of(first, second)) {
                    try (IamClient iam = node.iam(root)) {
                        assertEquals(expected, iam.listUserTags(r -> r.userName("tagged")).tags().stream()
                                .map(Tag::key).collect(Collectors.toCollection(TreeSet::new)), "round " + round);
                    }
                }
            }
        }
    }
}
