package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The buckets of every account, by name (names are global, as in S3) and by owning account (sorted
 * by name, as ListBuckets answers), as part of an {@link IdentitySnapshot}. A change makes the next
 * index by laying the changed buckets and the changed accounts' lists over this index's maps
 * ({@link LayeredMap}), so it costs what it changed (and the owning account's list, at most
 * 10,000 buckets), not every bucket of the server. Immutable, thread-safe.
 */
public final class BucketIndex {
    private static final Comparator<Bucket> BY_NAME = Comparator.comparing(Bucket::name);

    public static final BucketIndex EMPTY = of(List.of());

    private final Map<String, Bucket> byName;
    private final Map<String, List<Bucket>> byAccount;

    private BucketIndex(Map<String, Bucket> byName, Map<String, List<Bucket>> byAccount) {
        this.byName = byName;
        this.byAccount = byAccount;
    }

    /** Indexes {@code buckets}, whose names are distinct. */
    public static BucketIndex of(Collection<Bucket> buckets) {
        Map<String, Bucket> byName = new HashMap<>();
        Map<String, List<Bucket>> byAccount = new HashMap<>();
        for (Bucket bucket : buckets) {
            if (byName.put(bucket.name(), bucket) != null) {
                throw new IllegalArgumentException("two buckets are named " + bucket.name());
            }
            byAccount.computeIfAbsent(bucket.accountId(), k -> new ArrayList<>()).add(bucket);
        }
        byAccount.replaceAll((account, list) -> {
            list.sort(BY_NAME);
            return List.copyOf(list);
        });
        return new BucketIndex(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byAccount));
    }

    /** The bucket of this exact name. */
    public Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The account's buckets, sorted by name. */
    public List<Bucket> inAccount(String accountId) {
        return byAccount.getOrDefault(accountId, List.of());
    }

    /** Every bucket by name (read-only). */
    public Map<String, Bucket> byName() {
        return byName;
    }

    /** Each account's buckets, sorted by name (read-only; accounts without buckets are absent). */
    public Map<String, List<Bucket>> byAccount() {
        return byAccount;
    }

    /**
     * This index with each bucket {@code changes} names replaced by the one given, or removed when
     * none is; this index is not changed.
     */
    public BucketIndex with(Map<String, Optional<Bucket>> changes) {
        Map<String, Bucket> names = new HashMap<>();
        Map<String, List<Bucket>> accounts = new HashMap<>();
        for (Map.Entry<String, Optional<Bucket>> change : changes.entrySet()) {
            String name = requireNonNull(change.getKey(), "name is null");
            Bucket before = byName.get(name);
            Bucket after = change.getValue().orElse(null);
            if (after != null && !after.name().equals(name)) {
                throw new IllegalArgumentException("the bucket " + after.name() + " given for " + name);
            }
            if (Objects.equals(before, after)) {
                continue;
            }
            names.put(name, after);
            if (before != null) {
                List<Bucket> list = accounts.computeIfAbsent(before.accountId(), a -> new ArrayList<>(inAccount(a)));
                list.remove(position(list, name));
            }
            if (after != null) {
                List<Bucket> list = accounts.computeIfAbsent(after.accountId(), a -> new ArrayList<>(inAccount(a)));
                list.add(-position(list, name) - 1, after);
            }
        }
        if (names.isEmpty()) {
            return this;
        }
        Map<String, List<Bucket>> lists = new HashMap<>();
        accounts.forEach((account, list) -> lists.put(account, list.isEmpty() ? null : List.copyOf(list)));
        return new BucketIndex(LayeredMap.with(byName, names), LayeredMap.with(byAccount, lists));
    }

    /** Where {@code name} is in a list sorted by name, or {@code -(insertion point) - 1}, as binary search says. */
    private static int position(List<Bucket> sorted, String name) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = sorted.get(middle).name().compareTo(name);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }
}
