package io.charter.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The bucket index answers by name and by account (sorted by name) alike whether it was built
 * whole or changed bucket by bucket, and a change leaves the index it started from as it was.
 */
class BucketIndexTest {
    private static final String A = "111111111111";
    private static final String B = "222222222222";
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    private static Bucket bucket(String name, String account) {
        return new Bucket(name, account, "us-east-1", AT, Optional.empty());
    }

    @Test
    void builtWholeItListsEachAccountsBucketsByName() {
        BucketIndex index = BucketIndex.of(List.of(bucket("c", A), bucket("a", A), bucket("b", B), bucket("b-2", A)));

        assertEquals(List.of("a", "b-2", "c"), index.inAccount(A).stream().map(Bucket::name).toList());
        assertEquals(List.of(bucket("b", B)), index.inAccount(B));
        assertEquals(List.of(), index.inAccount("333333333333"));
        assertEquals(Optional.of(bucket("c", A)), index.bucket("c"));
        assertEquals(Optional.empty(), index.bucket("C"));
        assertThrows(IllegalArgumentException.class, () -> BucketIndex.of(List.of(bucket("a", A), bucket("a", B))));
    }

    @Test
    void aChangeReplacesWhatItNamesAndLeavesTheIndexItStartedFrom() {
        BucketIndex before = BucketIndex.of(List.of(bucket("a", A), bucket("c", A), bucket("b", B)));
        Bucket withPolicy = bucket("c", A).withPolicy(Optional.of(BucketPolicy.compile(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::c/*\"}]}", "c policy")));

        BucketIndex after = before.with(Map.of("b", Optional.empty(), "c", Optional.of(withPolicy),
                "bb", Optional.of(bucket("bb", A)), "gone-already", Optional.empty()));

        assertEquals(List.of(bucket("a", A), bucket("bb", A), withPolicy), after.inAccount(A));
        assertEquals(List.of(), after.inAccount(B));
        assertEquals(Map.of(A, 3), counts(after));
        assertEquals(Optional.empty(), after.bucket("b"));
        assertEquals(Optional.of(withPolicy), after.bucket("c"));
        assertEquals(List.of(bucket("a", A), bucket("c", A)), before.inAccount(A), "the index it started from");
        assertEquals(Optional.of(bucket("b", B)), before.bucket("b"));
        assertSame(after, after.with(Map.of("a", Optional.of(bucket("a", A)), "zz", Optional.empty())),
                "a change that changes nothing is the same index");
    }

    @Test
    void manyChangesAgreeWithTheIndexBuiltWhole() {
        Random random = new Random(14);
        Map<String, Bucket> expected = new HashMap<>();
        BucketIndex index = BucketIndex.EMPTY;
        for (int step = 0; step < 5_000; step++) {
            String name = "bucket-" + random.nextInt(600);
            Map<String, Optional<Bucket>> change = new HashMap<>();
            if (random.nextInt(3) == 0) {
                expected.remove(name);
                change.put(name, Optional.empty());
            } else {
                Bucket b = bucket(name, random.nextBoolean() ? A : B);
                expected.put(name, b);
                change.put(name, Optional.of(b));
            }
            index = index.with(change);
        }
        BucketIndex whole = BucketIndex.of(expected.values());
        assertEquals(whole.byName(), index.byName());
        assertEquals(whole.byAccount(), index.byAccount());
        assertEquals(new TreeMap<>(expected).values().stream().filter(b -> b.accountId().equals(A)).toList(),
                index.inAccount(A));
    }

    private static Map<String, Integer> counts(BucketIndex index) {
        Map<String, Integer> counts = new HashMap<>();
        index.byAccount().forEach((account, list) -> counts.put(account, list.size()));
        return counts;
    }
}
