package io.charter.server.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the next {@link IdentitySnapshot} from the current one by replacing items, keeping the
 * derived indexes (principals by name, keys by principal) in step. A map the changes do not touch
 * is the current snapshot's own; one they touch is the current one with the changed entries laid
 * over it ({@link LayeredMap}), so the cost of a write is that of what it changed, not of the
 * store. Not thread-safe; used by one loader at a time.
 */
public final class SnapshotBuilder {
    private static final Comparator<Credential> BY_CREATION = Comparator.comparing(c -> c.key().createdAt());

    private final Copied<Credential> credentials;
    private final Copied<Identity> principals;
    private final Copied<ManagedPolicy> managedPolicies;
    private final Copied<List<String>> attachments;
    private final Copied<List<InlinePolicy>> inlinePolicies;
    private final Copied<List<Tag>> tags;
    private final Copied<String> boundaries;
    private final Copied<RoleDetails> roles;
    private final Copied<Identity> principalsByName;
    private final Copied<List<Credential>> credentialsByPrincipal;
    private GroupIndex groups;
    private MfaDeviceIndex mfaDevices;
    private Map<String, Instant> revokedSessions;
    private final BucketIndex buckets;
    /** Changed buckets by name: the bucket now, or empty for one that is gone. */
    private final Map<String, Optional<Bucket>> bucketChanges = new HashMap<>();

    public SnapshotBuilder(IdentitySnapshot base) {
        this.credentials = new Copied<>(base.credentials());
        this.principals = new Copied<>(base.principals());
        this.managedPolicies = new Copied<>(base.managedPolicies());
        this.attachments = new Copied<>(base.attachments());
        this.inlinePolicies = new Copied<>(base.inlinePolicies());
        this.tags = new Copied<>(base.tags());
        this.boundaries = new Copied<>(base.boundaries());
        this.roles = new Copied<>(base.roles());
        this.principalsByName = new Copied<>(base.principalsByName());
        this.credentialsByPrincipal = new Copied<>(base.credentialsByPrincipal());
        this.groups = base.groups();
        this.mfaDevices = base.mfaDevices();
        this.revokedSessions = base.revokedSessions();
        this.buckets = base.buckets();
    }

    /** The principal with this unique id, as built so far. */
    public Optional<Identity> principal(String uniqueId) {
        return Optional.ofNullable(principals.get(uniqueId));
    }

    /** The groups as built so far. */
    public GroupIndex groups() {
        return groups;
    }

    public void putPrincipal(Identity principal) {
        removeFromNameIndex(principal.uniqueId());
        principals.put(principal.uniqueId(), principal);
        principalsByName.put(IdentitySnapshot.nameKey(principal.accountId(), principal.kind(), principal.name()), principal);
        // A credential names its owner: the owner's keys follow a rename or a move.
        for (Credential credential : credentialsOf(principal.uniqueId())) {
            putCredential(new Credential(credential.key(), principal));
        }
    }

    /** Removes a principal and its keys. */
    public void removePrincipal(String uniqueId) {
        for (Credential credential : credentialsOf(uniqueId)) {
            removeCredential(credential.key().id().value());
        }
        removeFromNameIndex(uniqueId);
        principals.remove(uniqueId);
    }

    private void removeFromNameIndex(String uniqueId) {
        Identity before = principals.get(uniqueId);
        if (before != null) {
            principalsByName.remove(IdentitySnapshot.nameKey(before.accountId(), before.kind(), before.name()));
        }
    }

    public void putCredential(Credential credential) {
        String id = credential.key().id().value();
        removeCredential(id);
        credentials.put(id, credential);
        List<Credential> owned = new ArrayList<>(credentialsOf(credential.principal().uniqueId()));
        owned.add(credential);
        owned.sort(BY_CREATION);
        credentialsByPrincipal.put(credential.principal().uniqueId(), List.copyOf(owned));
    }

    public void removeCredential(String accessKeyId) {
        Credential before = credentials.get(accessKeyId);
        if (before == null) {
            return;
        }
        credentials.remove(accessKeyId);
        String owner = before.principal().uniqueId();
        List<Credential> rest = credentialsOf(owner).stream().filter(c -> !c.key().id().value().equals(accessKeyId)).toList();
        credentialsByPrincipal.putOrRemove(owner, rest.isEmpty() ? null : rest);
    }

    private List<Credential> credentialsOf(String principalId) {
        return Objects.requireNonNullElse(credentialsByPrincipal.get(principalId), List.<Credential>of());
    }

    public void putPolicy(ManagedPolicy policy) {
        managedPolicies.put(policy.arn(), policy);
    }

    public void removePolicy(String arn) {
        managedPolicies.remove(arn);
    }

    public void attachments(String entityId, List<String> arns) {
        attachments.putOrRemove(entityId, arns.isEmpty() ? null : List.copyOf(arns));
    }

    public void inlinePolicies(String entityId, List<InlinePolicy> policies) {
        inlinePolicies.putOrRemove(entityId, policies.isEmpty() ? null : List.copyOf(policies));
    }

    public void tags(String entityId, List<Tag> entityTags) {
        tags.putOrRemove(entityId, entityTags.isEmpty() ? null : List.copyOf(entityTags));
    }

    public void boundary(String entityId, Optional<String> policyArn) {
        boundaries.putOrRemove(entityId, policyArn.orElse(null));
    }

    public void role(String roleId, Optional<RoleDetails> details) {
        roles.putOrRemove(roleId, details.orElse(null));
    }

    public void groups(GroupIndex newGroups) {
        this.groups = newGroups;
    }

    public void mfaDevices(MfaDeviceIndex devices) {
        this.mfaDevices = devices;
    }

    public void revokedSessions(Map<String, Instant> revoked) {
        this.revokedSessions = revoked;
    }

    /** Puts the bucket of this name, or removes it when there is none. */
    public void bucket(String name, Optional<Bucket> bucket) {
        bucketChanges.put(name, bucket);
    }

    public IdentitySnapshot build() {
        return new IdentitySnapshot(credentials.result(), principals.result(), managedPolicies.result(),
                attachments.result(), inlinePolicies.result(), tags.result(), boundaries.result(), roles.result(),
                principalsByName.result(), credentialsByPrincipal.result(), groups, mfaDevices, revokedSessions,
                buckets.with(bucketChanges));
    }

    /**
     * One map of the snapshot: the current snapshot's own, read through the changes made so far;
     * the next snapshot gets the current map with the changes laid over it ({@link LayeredMap}),
     * not a copy. A change that changes nothing is not recorded.
     */
    private static final class Copied<V> {
        private final Map<String, V> original;
        /** Changed keys: the new value, or null for a removed key. */
        private final Map<String, V> changes = new HashMap<>();

        Copied(Map<String, V> original) {
            this.original = original;
        }

        V get(String key) {
            return changes.containsKey(key) ? changes.get(key) : original.get(key);
        }

        void put(String key, V value) {
            putOrRemove(key, value);
        }

        void remove(String key) {
            putOrRemove(key, null);
        }

        /** Puts the value, or removes the key when the value is null. */
        void putOrRemove(String key, V value) {
            if (!Objects.equals(get(key), value)) {
                changes.put(key, value);
            }
        }

        Map<String, V> result() {
            return changes.isEmpty() ? original : LayeredMap.with(original, changes);
        }
    }
}
