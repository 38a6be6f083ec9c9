package io.charter.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.PolicyDocuments;
import io.charter.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Tag and untag calls on one entity of every taggable kind, eight at once, round after round: the
 * entity's tags after every round are exactly what the acknowledged calls imply. Each contender owns
 * its keys, so its own calls (one per round, rounds one after another) fix what each key holds, and
 * the others' calls must neither lose its tags nor bring back what it removed.
 */
class ConcurrentTaggingTest {
    private static final int CONTENDERS = 8;
    private static final int ROUNDS = 24;
    /** Keys each contender cycles through: 8 × 6 = 48 stays within the 50 tags an entity may have. */
    private static final int KEYS_EACH = 6;

    private static TestServer server;
    private static AwsCredentials root;
    private static IamClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.rootCredentials();
        admin = server.iam(root);
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    /** A taggable kind of entity, through its own IAM calls. */
    enum Taggable {
        USER {
            @Override
            String create(IamClient iam, String name) {
                iam.createUser(r -> r.userName(name));
                return name;
            }

            @Override
            Object tag(IamClient iam, String id, List<Tag> tags) {
                return iam.tagUser(r -> r.userName(id).tags(tags));
            }

            @Override
            Object untag(IamClient iam, String id, List<String> keys) {
                return iam.untagUser(r -> r.userName(id).tagKeys(keys));
            }

            @Override
            List<Tag> list(IamClient iam, String id) {
                return iam.listUserTags(r -> r.userName(id)).tags();
            }
        },
        ROLE {
            @Override
            String create(IamClient iam, String name) {
                iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(PolicyDocuments.TRUST));
                return name;
            }

            @Override
            Object tag(IamClient iam, String id, List<Tag> tags) {
                return iam.tagRole(r -> r.roleName(id).tags(tags));
            }

            @Override
            Object untag(IamClient iam, String id, List<String> keys) {
                return iam.untagRole(r -> r.roleName(id).tagKeys(keys));
            }

            @Override
            List<Tag> list(IamClient iam, String id) {
                return iam.listRoleTags(r -> r.roleName(id)).tags();
            }
        },
        POLICY {
            @Override
            String create(IamClient iam, String name) {
                return iam.createPolicy(r -> r.policyName(name).policyDocument(PolicyDocuments.ALLOW_GET_OBJECT)).policy().arn();
            }

            @Override
            Object tag(IamClient iam, String id, List<Tag> tags) {
                return iam.tagPolicy(r -> r.policyArn(id).tags(tags));
            }

            @Override
            Object untag(IamClient iam, String id, List<String> keys) {
                return iam.untagPolicy(r -> r.policyArn(id).tagKeys(keys));
            }

            @Override
            List<Tag> list(IamClient iam, String id) {
                return iam.listPolicyTags(r -> r.policyArn(id)).tags();
            }
        },
        INSTANCE_PROFILE {
            @Override
            String create(IamClient iam, String name) {
                iam.createInstanceProfile(r -> r.instanceProfileName(name));
                return name;
            }

            @Override
            Object tag(IamClient iam, String id, List<Tag> tags) {
                return iam.tagInstanceProfile(r -> r.instanceProfileName(id).tags(tags));
            }

            @Override
            Object untag(IamClient iam, String id, List<String> keys) {
                return iam.untagInstanceProfile(r -> r.instanceProfileName(id).tagKeys(keys));
            }

            @Override
            List<Tag> list(IamClient iam, String id) {
                return iam.listInstanceProfileTags(r -> r.instanceProfileName(id)).tags();
            }
        },
        MFA_DEVICE {
            @Override
            String create(IamClient iam, String name) {
                return iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(name)).virtualMFADevice().serialNumber();
            }

            @Override
            Object tag(IamClient iam, String id, List<Tag> tags) {
                return iam.tagMFADevice(r -> r.serialNumber(id).tags(tags));
            }

            @Override
            Object untag(IamClient iam, String id, List<String> keys) {
                return iam.untagMFADevice(r -> r.serialNumber(id).tagKeys(keys));
            }

            @Override
            List<Tag> list(IamClient iam, String id) {
                return iam.listMFADeviceTags(r -> r.serialNumber(id)).tags();
            }
        };

        /** Creates the entity; returns what its calls name it by (a name, an ARN or a serial number). */
        abstract String create(IamClient iam, String name);

        abstract Object tag(IamClient iam, String id, List<Tag> tags);

        abstract Object untag(IamClient iam, String id, List<String> keys);

        abstract List<Tag> list(IamClient iam, String id);
    }

    /** What contender {@code contender} does in round {@code round}: tags one or two of its keys, or untags two. */
    private record Step(int contender, int round) {
        boolean untags() {
            return round % 4 == 3;
        }

        List<String> untagged() {
            return List.of(key((round + 1) % KEYS_EACH), key((round + 3) % KEYS_EACH));
        }

        Map<String, String> tagged() {
            Map<String, String> tags = new TreeMap<>();
            tags.put(key(round % KEYS_EACH), "r" + round);
            if (round % 4 == 1) {
                tags.put(key((round + 2) % KEYS_EACH), "r" + round + "b");
            }
            return tags;
        }

        private String key(int i) {
            return "c" + contender + "-k" + i;
        }

        Race.Call call(Taggable kind, String id) {
            if (untags()) {
                return iam -> kind.untag(iam, id, untagged());
            }
            List<Tag> tags = tagged().entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
            return iam -> kind.tag(iam, id, tags);
        }

        /** Applies this step, acknowledged, to the tags expected. */
        void applyTo(Map<String, String> expected) {
            if (untags()) {
                untagged().forEach(expected::remove);
            } else {
                expected.putAll(tagged());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Taggable.class)
    void everyAcknowledgedTagAndUntagHolds(Taggable kind) throws InterruptedException {
        String id = kind.create(admin, "tagged-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Map<String, String> expected = new TreeMap<>();
        try (Race race = Race.on(server, root, CONTENDERS)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Step> steps = new ArrayList<>();
                List<Race.Call> calls = new ArrayList<>();
                for (int contender = 0; contender < CONTENDERS; contender++) {
                    Step step = new Step(contender, round);
                    steps.add(step);
                    calls.add(step.call(kind, id));
                }
                List<Outcome> outcomes = race.run(calls);
                for (int i = 0; i < outcomes.size(); i++) {
                    // The entity exists and stays within its quota: no call has a reason to be refused.
                    assertTrue(outcomes.get(i).acknowledged(), "round " + round + ": " + outcomes.get(i));
                    steps.get(i).applyTo(expected);
                }
                assertEquals(expected, tags(kind, id), "after round " + round);
            }
        }
    }

    private static Map<String, String> tags(Taggable kind, String id) {
        Map<String, String> tags = new TreeMap<>();
        kind.list(admin, id).forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }
}
