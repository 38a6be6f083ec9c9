package io.charter.server.domain;

import io.charter.policy.PolicyType;
import io.charter.server.crypto.MasterKey;
import io.charter.server.identity.AccessKey;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.BucketIndex;
import io.charter.server.identity.BucketPolicy;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Group;
import io.charter.server.identity.GroupIndex;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.MfaDeviceIndex;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.RevokedSession;
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.SnapshotBuilder;
import io.charter.server.identity.StoredPolicy;
import io.charter.server.identity.Tag;
import io.charter.server.identity.Unresolvable;
import io.charter.server.store.BucketRepository;
import io.charter.server.store.BucketRepository.BucketRow;
import io.charter.server.store.GroupRepository;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.MfaDeviceRepository;
import io.charter.server.store.MfaDeviceRow;
import io.charter.server.store.PermissionRepository;
import io.charter.server.store.PermissionRows.AttachmentRow;
import io.charter.server.store.PermissionRows.InlineRow;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.TagRow;
import io.charter.server.store.PermissionRows.VersionRow;
import io.charter.server.store.RevokedSessionRepository;
import io.charter.server.store.RoleRepository.RoleRow;
import io.charter.server.store.RoleRepository;
import io.charter.server.store.SealedAccessKey;
import io.charter.server.store.SnapshotChanges.Change;
import io.charter.server.store.SnapshotChanges.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the store into an {@link IdentitySnapshot}: whole ({@link #loadAll}), or item by item,
 * applying the changes the journal names to the current snapshot ({@link #apply}). Both turn rows
 * into the snapshot's values the same way and reuse from the current snapshot what has not changed
 * (stored policy documents and their compiled forms, opened secrets), so a policy is compiled at
 * most once per snapshot lineage, when a request first needs it.
 * Stateless apart from its collaborators; thread-safe.
 */
final class SnapshotLoader {
    private final IdentityRepository identities;
    private final PermissionRepository permissions;
    private final RoleRepository roles;
    private final GroupRepository groups;
    private final MfaDeviceRepository mfaDevices;
    private final RevokedSessionRepository revocations;
    private final BucketRepository buckets;
    private final MasterKey masterKey;
    private final Clock clock;
    private final List<ManagedPolicy> awsManaged;

    SnapshotLoader(Directory.Repositories store, MasterKey masterKey, Clock clock, List<ManagedPolicy> awsManaged) {
        this.identities = store.identities();
        this.permissions = store.permissions();
        this.roles = store.roles();
        this.groups = store.groups();
        this.mfaDevices = store.mfaDevices();
        this.revocations = store.revocations();
        this.buckets = store.buckets();
        this.masterKey = masterKey;
        this.clock = clock;
        this.awsManaged = List.copyOf(awsManaged);
    }

    /** The whole store, reusing from {@code previous} what has not changed. */
    IdentitySnapshot loadAll(Connection c, IdentitySnapshot previous) throws SQLException {
        Documents documents = new Documents();
        Map<String, Identity> principals = new HashMap<>();
        for (Identity principal : identities.listPrincipals(c)) {
            principals.put(principal.uniqueId(), principal);
        }
        Map<String, Credential> credentials = new HashMap<>();
        for (SealedAccessKey row : identities.listAccessKeys(c)) {
            Identity owner = principals.get(row.principalId());
            if (owner != null) {
                credentials.put(row.accessKeyId(), credential(row, owner, previous));
            }
        }
        Map<String, ManagedPolicy> managed = new HashMap<>();
        for (ManagedPolicy policy : awsManaged) {
            managed.put(policy.arn(), policy);
        }
        Map<String, List<VersionRow>> versions = permissions.listVersions(c);
        for (PolicyRow row : permissions.listPolicies(c)) {
            ManagedPolicy policy = managedPolicy(row, versions.getOrDefault(row.policyId(), List.of()), previous, documents);
            managed.put(policy.arn(), policy);
        }
        Map<String, List<String>> attachments = new HashMap<>();
        for (AttachmentRow row : permissions.listAttachments(c)) {
            attachments.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(row.policyArn());
        }
        GroupIndex groupIndex = groups(c);
        Map<String, List<InlineRow>> inlineRows = new HashMap<>();
        for (InlineRow row : permissions.listInline(c)) {
            inlineRows.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(row);
        }
        Map<String, List<InlinePolicy>> inline = new HashMap<>();
        inlineRows.forEach((entityId, rows) -> inline.put(entityId,
                inlinePolicies(entityId, rows, Optional.ofNullable(principals.get(entityId)), groupIndex, previous, documents)));
        Map<String, List<Tag>> tags = new HashMap<>();
        for (TagRow row : permissions.listTags(c)) {
            tags.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(new Tag(row.key(), row.value()));
        }
        Map<String, RoleDetails> roleDetails = new HashMap<>();
        for (RoleRow row : roles.list(c)) {
            roleDetails.put(row.roleId(), roleDetails(row, Optional.ofNullable(principals.get(row.roleId())), previous,
                    documents));
        }
        return IdentitySnapshot.of(credentials, principals, managed, copyValues(attachments), copyValues(inline),
                copyValues(tags), permissions.listBoundaries(c), roleDetails).withGroups(groupIndex)
                .withMfaDevices(mfaDevices(c))
                .withRevokedSessions(revokedSessions(c))
                .withBuckets(BucketIndex.of(buckets.list(c).stream().map(row -> bucket(row, previous)).toList()));
    }

    /** {@code current} with the items {@code changes} names read again from the store. */
    IdentitySnapshot apply(Connection c, IdentitySnapshot current, Collection<Change> changes) throws SQLException {
        SnapshotBuilder next = new SnapshotBuilder(current);
        Documents documents = new Documents();
        // Whole tables first: an entity's inline policies are named after their owner, who may be a new group.
        for (Change change : changes) {
            switch (change.kind()) {
                case GROUPS -> next.groups(groups(c));
                case MFA_DEVICES -> next.mfaDevices(mfaDevices(c));
                case REVOKED_SESSIONS -> next.revokedSessions(revokedSessions(c));
                default -> {
                }
            }
        }
        for (Change change : changes) {
            if (change.kind() == Kind.ENTITY) {
                entity(c, change.item(), current, next, documents);
            } else if (change.kind() == Kind.BUCKET) {
                next.bucket(change.item(), buckets.find(c, change.item()).map(row -> bucket(row, current)));
            } else if (change.kind() == Kind.POLICY) {
                Optional<PolicyRow> row = permissions.findPolicy(c, change.item());
                if (row.isPresent()) {
                    next.putPolicy(managedPolicy(row.get(), permissions.versionsOf(c, change.item()), current, documents));
                } else {
                    // A deleted policy's row is gone, and with it its ARN: found by id (deletes are rare).
                    current.managedPolicies().values().stream()
                            .filter(p -> !p.awsManaged() && p.policyId().equals(change.item())).findFirst()
                            .ifPresent(p -> next.removePolicy(p.arn()));
                }
            }
        }
        // Keys last: a new key's owner may be new in the same changes.
        for (Change change : changes) {
            if (change.kind() == Kind.ACCESS_KEY) {
                Optional<SealedAccessKey> row = identities.findAccessKey(c, change.item());
                Optional<Identity> owner = row.flatMap(r -> next.principal(r.principalId()));
                if (owner.isPresent()) {
                    next.putCredential(credential(row.get(), owner.get(), current));
                } else {
                    next.removeCredential(change.item());
                }
            }
        }
        return next.build();
    }

    /** Reads again everything keyed by one unique id: principal, attachments, inline policies, tags, boundary, role. */
    private void entity(Connection c, String id, IdentitySnapshot current, SnapshotBuilder next, Documents documents)
            throws SQLException {
        Optional<Identity> principal = identities.findPrincipal(c, id);
        principal.ifPresentOrElse(next::putPrincipal, () -> next.removePrincipal(id));
        next.attachments(id, permissions.attachmentsOf(c, id));
        next.inlinePolicies(id, inlinePolicies(id, permissions.inlineOf(c, id), principal, next.groups(), current, documents));
        next.tags(id, permissions.tagsOf(c, id).stream().map(t -> new Tag(t.key(), t.value())).toList());
        next.boundary(id, permissions.boundaryOf(c, id));
        Optional<RoleRow> role = roles.find(c, id);
        next.role(id, role.map(r -> roleDetails(r, principal, current, documents)));
    }

    private Credential credential(SealedAccessKey row, Identity owner, IdentitySnapshot previous) {
        Credential known = previous.credentials().get(row.accessKeyId());
        String secret = known != null ? known.key().secret() : masterKey.open(row.sealedSecret(), row.accessKeyId());
        AccessKey key = new AccessKey(new AccessKeyId(row.accessKeyId()), row.accountId(), row.principalId(), secret,
                AccessKeyStatus.valueOf(row.status()), row.createdAt());
        return new Credential(key, owner);
    }

    private static ManagedPolicy managedPolicy(PolicyRow row, List<VersionRow> versions, IdentitySnapshot previous,
            Documents documents) {
        String arn = Arns.policy(row.accountId(), row.path(), row.name());
        ManagedPolicy before = previous.managedPolicies().get(arn);
        List<PolicyVersion> stored = new ArrayList<>();
        for (VersionRow version : versions) {
            Optional<PolicyVersion> reused = before == null || !before.policyId().equals(row.policyId())
                    ? Optional.empty() : before.version(version.versionId());
            stored.add(reused.orElseGet(() -> new PolicyVersion(version.versionId(),
                    documents.stored(version.document(), PolicyType.IDENTITY, arn), version.createdAt())));
        }
        if (stored.stream().noneMatch(v -> v.versionId().equals(row.defaultVersionId()))) {
            // A default version that is missing must not break the snapshot (and with it every
            // account): it stands in as a policy that allows nothing.
            stored.add(new PolicyVersion(row.defaultVersionId(), Unresolvable.POLICY, row.updatedAt()));
        }
        return new ManagedPolicy(arn, row.policyId(), Optional.of(row.accountId()), row.name(), row.path(),
                row.description(), row.defaultVersionId(), stored, row.createdAt(), row.updatedAt());
    }

    private static List<InlinePolicy> inlinePolicies(String entityId, List<InlineRow> rows, Optional<Identity> owner,
            GroupIndex groupIndex, IdentitySnapshot previous, Documents documents) {
        String ownerName = owner.map(Identity::arn)
                .orElseGet(() -> groupIndex.byId(entityId).map(Group::arn).orElse(entityId));
        List<InlinePolicy> out = new ArrayList<>();
        for (InlineRow row : rows) {
            Optional<InlinePolicy> reused = previous.inlinePolicies(entityId).stream()
                    .filter(p -> p.name().equals(row.name()) && p.stored().text().equals(row.document()))
                    .findFirst();
            out.add(reused.orElseGet(() -> new InlinePolicy(row.name(),
                    documents.stored(row.document(), PolicyType.IDENTITY, ownerName + " inline policy " + row.name()))));
        }
        return out;
    }

    private static RoleDetails roleDetails(RoleRow row, Optional<Identity> role, IdentitySnapshot previous,
            Documents documents) {
        RoleDetails before = previous.roles().get(row.roleId());
        StoredPolicy trust = before != null && before.trust().text().equals(row.trustPolicy())
                ? before.trust()
                : documents.stored(row.trustPolicy(), PolicyType.TRUST,
                        role.map(Identity::arn).orElse(row.roleId()) + " trust policy");
        return new RoleDetails(trust, row.description(), row.maxSessionDuration());
    }

    /** A stored bucket, its policy compiled once per text: reused from {@code previous} while unchanged. */
    private static Bucket bucket(BucketRow row, IdentitySnapshot previous) {
        Optional<BucketPolicy> policy = row.policy().map(text -> previous.bucket(row.name())
                .flatMap(Bucket::policy).filter(p -> p.text().equals(text))
                .orElseGet(() -> BucketPolicy.compile(text, Arns.bucket(row.name()) + " bucket policy")));
        return new Bucket(row.name(), row.accountId(), row.region(), row.createdAt(), policy);
    }

    private GroupIndex groups(Connection c) throws SQLException {
        return GroupIndex.of(groups.listGroups(c), groups.listMemberships(c));
    }

    private MfaDeviceIndex mfaDevices(Connection c) throws SQLException {
        return MfaDeviceIndex.of(mfaDevices.list(c).stream().map(MfaDeviceRow::device).toList());
    }

    private Map<String, Instant> revokedSessions(Connection c) throws SQLException {
        Instant now = clock.instant();
        Map<String, Instant> revoked = new HashMap<>();
        for (RevokedSession row : revocations.list(c)) {
            if (!row.keepUntil().isBefore(now)) {
                revoked.put(row.accessKeyId(), row.revokedAt());
            }
        }
        return revoked;
    }

    private static <V> Map<String, List<V>> copyValues(Map<String, List<V>> map) {
        Map<String, List<V>> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /**
     * Stores documents for one load, compiled on first use and once per distinct text: roles
     * created from one template share their trust policy's compilation, each under its own name.
     */
    private static final class Documents {
        private final Map<String, StoredPolicy.Text> trust = new HashMap<>();
        private final Map<String, StoredPolicy.Text> identity = new HashMap<>();

        StoredPolicy stored(String document, PolicyType type, String name) {
            Map<String, StoredPolicy.Text> texts = type == PolicyType.TRUST ? trust : identity;
            return texts.computeIfAbsent(document, text -> new StoredPolicy.Text(text, type)).named(name);
        }
    }
}
