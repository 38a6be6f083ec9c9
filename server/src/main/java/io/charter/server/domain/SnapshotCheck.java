package io.charter.server.domain;

import io.charter.server.store.SnapshotChanges.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import io.charter.server.identity.IdentitySnapshot;

/**
 * Compares a snapshot updated item by item with one read whole from the same store (policies by
 * their text and name, everything else by value), for {@code charter.snapshot.check}: a journal
 * entry a repository forgot would otherwise leave a node authorizing with stale state.
 */
final class SnapshotCheck {
    private SnapshotCheck() {
    }

    static void requireSame(IdentitySnapshot incremental, IdentitySnapshot whole, Collection<Change> changes) {
        List<String> differences = new ArrayList<>();
        compare("credentials", incremental.credentials(), whole.credentials(), v -> v, differences);
        compare("principals", incremental.principals(), whole.principals(), v -> v, differences);
        compare("principalsByName", incremental.principalsByName(), whole.principalsByName(), v -> v, differences);
        compare("credentialsByPrincipal", incremental.credentialsByPrincipal(), whole.credentialsByPrincipal(),
                v -> v, differences);
        compare("managedPolicies", incremental.managedPolicies(), whole.managedPolicies(),
                p -> List.of(p.arn(), p.policyId(), p.description(), p.defaultVersionId(), p.updatedAt(),
                        p.versions().stream().map(v -> List.of(v.versionId(), v.stored().text(),
                                v.createdAt())).toList()), differences);
        compare("attachments", incremental.attachments(), whole.attachments(), v -> v, differences);
        compare("inlinePolicies", incremental.inlinePolicies(), whole.inlinePolicies(),
                l -> l.stream().map(p -> List.of(p.name(), p.stored().text())).toList(), differences);
        compare("tags", incremental.tags(), whole.tags(), v -> v, differences);
        compare("boundaries", incremental.boundaries(), whole.boundaries(), v -> v, differences);
        compare("roles", incremental.roles(), whole.roles(),
                r -> List.of(r.trust().text(), r.description(), r.maxSessionDuration()), differences);
        if (!incremental.groups().equals(whole.groups())) {
            differences.add("groups");
        }
        if (!incremental.mfaDevices().equals(whole.mfaDevices())) {
            differences.add("mfaDevices");
        }
        compare("buckets", incremental.buckets().byName(), whole.buckets().byName(),
                b -> List.of(b.accountId(), b.region(), b.createdAt(), b.policy().map(p -> p.text())), differences);
        compare("bucketsByAccount", incremental.buckets().byAccount(), whole.buckets().byAccount(),
                l -> l.stream().map(b -> b.name()).toList(), differences);
        // A revocation past its keeping time leaves a whole read but may stay in an updated one (harmlessly).
        if (!incremental.revokedSessions().entrySet().containsAll(whole.revokedSessions().entrySet())) {
            differences.add("revokedSessions");
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the snapshot updated with " + changes + " differs from the store in "
                    + differences);
        }
    }

    private static <V> void compare(String name, Map<String, V> incremental, Map<String, V> whole,
            Function<? super V, ?> value, List<String> differences) {
        if (!incremental.keySet().equals(whole.keySet())) {
            differences.add(name + " keys (only updated: " + minus(incremental, whole) + ", only whole: "
                    + minus(whole, incremental) + ")");
            return;
        }
        for (Map.Entry<String, V> entry : whole.entrySet()) {
            if (!Objects.equals(value.apply(incremental.get(entry.getKey())), value.apply(entry.getValue()))) {
                differences.add(name + "[" + entry.getKey() + "]");
            }
        }
    }

    private static List<String> minus(Map<String, ?> a, Map<String, ?> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).limit(5).toList();
    }
}
