package io.charter.server.identity;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.crypto.MasterKey;
import io.charter.server.store.AccountRecord;
import io.charter.server.store.Database;
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
import io.charter.server.store.InstanceProfileRepository;
import io.charter.server.store.OrganizationRepository;
import io.charter.server.store.RevokedSessionRepository;
import io.charter.server.store.RoleRepository;
import io.charter.server.store.StoreGeneration;
import io.charter.server.store.SealedAccessKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The IAM state: every write goes to the store in one transaction, then the immutable
 * {@link IdentitySnapshot} is rebuilt, so a writer reads its own write at once and a failed write
 * leaves nothing behind. Requests read {@link #snapshot()} and never touch the store.
 *
 * <p>The rebuild reloads the store but reuses the compiled form of every policy document that
 * has not changed, so a policy is compiled once, when written.
 *
 * <p>Thread-safe: writes are serialised by the store; the snapshot is swapped atomically.
 */
public final class Directory {
    private final Database database;
    private final IdentityRepository identities;
    private final PermissionRepository permissions;
    private final RoleRepository roles = new RoleRepository();
    private final OrganizationRepository organizations = new OrganizationRepository();
    private final InstanceProfileRepository instanceProfiles = new InstanceProfileRepository();
    private final MfaDeviceRepository mfaDevices = new MfaDeviceRepository();
    private final GroupRepository groups;
    private final MasterKey masterKey;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<ManagedPolicy> awsManaged;
    private final AtomicReference<IdentitySnapshot> snapshot = new AtomicReference<>(IdentitySnapshot.EMPTY);
    /** Set when a rebuild failed: the snapshot may lag the store, so requests are refused. */
    private volatile boolean stale;
    /** The store generation the snapshot was built from (see {@link #followStore}). */
    private volatile long generation = -1;
    private final RevokedSessionRepository revocations = new RevokedSessionRepository();

    /**
     * @param awsManaged the AWS managed policies every account can attach (never stored)
     */
    public Directory(Database database, IdentityRepository identities, PermissionRepository permissions,
            MasterKey masterKey, Clock clock, RandomGenerator random, List<ManagedPolicy> awsManaged) {
        this(database, identities, permissions, new GroupRepository(), masterKey, clock, random, awsManaged);
    }

    /**
     * @param awsManaged the AWS managed policies every account can attach (never stored)
     */
    public Directory(Database database, IdentityRepository identities, PermissionRepository permissions,
            GroupRepository groups, MasterKey masterKey, Clock clock, RandomGenerator random,
            List<ManagedPolicy> awsManaged) {
        this.database = database;
        this.identities = identities;
        this.permissions = permissions;
        this.groups = groups;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
        this.awsManaged = List.copyOf(awsManaged);
    }

    /**
     * The current snapshot. If the last rebuild failed, the snapshot may be older than the store;
     * rather than authorize with stale permissions (a revoked key or a new Deny not yet in force),
     * every request is refused until a rebuild succeeds.
     */
    public IdentitySnapshot snapshot() {
        if (stale) {
            throw new io.charter.server.protocol.ServiceException(io.charter.server.protocol.AwsErrorCode.SERVICE_UNAVAILABLE,
                    "The service is unavailable. Please try again later.");
        }
        return snapshot.get();
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** A change to the store: runs in one transaction. */
    @FunctionalInterface
    public interface Change<T> {
        T apply(Connection connection, Writes writes) throws SQLException;
    }

    /** The repositories a {@link Change} writes through. */
    public record Writes(IdentityRepository identities, PermissionRepository permissions, RoleRepository roles,
            GroupRepository groups, OrganizationRepository organizations, InstanceProfileRepository instanceProfiles) {
    }

    /** Applies {@code change} in one transaction, then rebuilds the snapshot. */
    public <T> T write(Change<T> change) {
        Writes writes = new Writes(identities, permissions, roles, groups, organizations, instanceProfiles);
        try {
            return database.inTransaction(c -> {
                T result = change.apply(c, writes);
                StoreGeneration.advance(c);
                return result;
            });
        } finally {
            refresh();
        }
    }

    /** Reads from the store (for control-plane state the snapshot does not hold); changes nothing. */
    public <T> T read(Change<T> query) {
        Writes repositories = new Writes(identities, permissions, roles, groups, organizations, instanceProfiles);
        return database.withHandle(c -> query.apply(c, repositories));
    }

    /**
     * Rebuilds the snapshot from the store. Reading and publishing happen under the store's lock,
     * so a snapshot built from older state can never replace one built from newer state.
     */
    public void refresh() {
        try {
            database.withHandle(c -> {
                // Read first: a change committed by another node while loading advances the
                // generation past this one, so the next follow loads again.
                long loadedFrom = StoreGeneration.read(c);
                snapshot.set(load(c, snapshot.get()));
                generation = loadedFrom;
                return null;
            });
            stale = false;
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        }
    }

    /**
     * Reloads the snapshot if another node sharing the store changed it since the snapshot was
     * built; returns whether it reloaded. Called periodically by {@link StoreFollower}.
     */
    public boolean followStore() {
        long stored = database.withHandle(StoreGeneration::read);
        if (stored == generation && !stale) {
            return false;
        }
        refresh();
        return true;
    }

    /**
     * Revokes one session by its temporary access key id, on every node sharing the store: the
     * revocation is kept until no session issued before now can still be valid. Revoking again
     * keeps the first revocation; returns the revocation as stored.
     */
    public RevokedSessionRepository.Row revokeSession(String accessKeyId, String accountId) {
        Instant now = clock.instant();
        return write((c, w) -> {
            revocations.prune(c, now);
            revocations.insert(c, new RevokedSessionRepository.Row(accessKeyId, accountId, now,
                    now.plus(io.charter.server.token.Keyring.MAX_SESSION)));
            return revocations.find(c, accessKeyId).orElseThrow();
        });
    }

    private IdentitySnapshot load(Connection c, IdentitySnapshot previous) throws SQLException {
        Map<String, Principal> principals = new HashMap<>();
        for (Principal principal : identities.listPrincipals(c)) {
            principals.put(principal.uniqueId(), principal);
        }
        Map<String, Credential> credentials = new HashMap<>();
        for (SealedAccessKey row : identities.listAccessKeys(c)) {
            Principal owner = principals.get(row.principalId());
            if (owner == null) {
                continue;
            }
            Credential known = previous.credentials().get(row.accessKeyId());
            String secret = known != null ? known.key().secret() : masterKey.open(row.sealedSecret(), row.accessKeyId());
            AccessKey key = new AccessKey(new AccessKeyId(row.accessKeyId()), row.accountId(), row.principalId(), secret,
                    AccessKeyStatus.valueOf(row.status()), row.createdAt());
            credentials.put(row.accessKeyId(), new Credential(key, owner));
        }

        Map<String, ManagedPolicy> managed = new HashMap<>();
        for (ManagedPolicy policy : awsManaged) {
            managed.put(policy.arn(), policy);
        }
        Map<String, List<VersionRow>> versions = permissions.listVersions(c);
        for (PolicyRow row : permissions.listPolicies(c)) {
            String arn = "arn:aws:iam::" + row.accountId() + ":policy" + row.path() + row.name();
            ManagedPolicy before = previous.managedPolicies().get(arn);
            List<PolicyVersion> compiled = new ArrayList<>();
            for (VersionRow version : versions.getOrDefault(row.policyId(), List.of())) {
                Optional<PolicyVersion> reused = before == null || !before.policyId().equals(row.policyId())
                        ? Optional.empty() : before.version(version.versionId());
                compiled.add(reused.orElseGet(() -> new PolicyVersion(version.versionId(),
                        compile(version.document(), PolicyType.IDENTITY, arn), version.createdAt())));
            }
            if (compiled.stream().noneMatch(v -> v.versionId().equals(row.defaultVersionId()))) {
                // A default version that is missing must not break the snapshot (and with it every
                // account): it stands in as a policy that allows nothing.
                compiled.add(new PolicyVersion(row.defaultVersionId(), Unresolvable.POLICY, row.updatedAt()));
            }
            managed.put(arn, new ManagedPolicy(arn, row.policyId(), Optional.of(row.accountId()), row.name(), row.path(),
                    row.description(), row.defaultVersionId(), compiled, row.createdAt(), row.updatedAt()));
        }

        Map<String, List<String>> attachments = new HashMap<>();
        for (AttachmentRow row : permissions.listAttachments(c)) {
            attachments.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(row.policyArn());
        }
        Groups groupIndex = Groups.of(groups.listGroups(c), groups.listMemberships(c));
        Map<String, List<InlinePolicy>> inline = new HashMap<>();
        for (InlineRow row : permissions.listInline(c)) {
            Optional<InlinePolicy> reused = previous.inlinePolicies(row.entityId()).stream()
                    .filter(p -> p.name().equals(row.name()) && p.document().text().equals(row.document()))
                    .findFirst();
            Principal owner = principals.get(row.entityId());
            String ownerName = owner != null ? owner.arn()
                    : groupIndex.byId(row.entityId()).map(Group::arn).orElse(row.entityId());
            String label = ownerName + " inline policy " + row.name();
            inline.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(reused.orElseGet(
                    () -> new InlinePolicy(row.name(), compile(row.document(), PolicyType.IDENTITY, label))));
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        for (TagRow row : permissions.listTags(c)) {
            tags.computeIfAbsent(row.entityId(), k -> new ArrayList<>()).add(new Tag(row.key(), row.value()));
        }
        Map<String, RoleDetails> roleDetails = new HashMap<>();
        for (RoleRepository.RoleRow row : roles.list(c)) {
            RoleDetails before = previous.roles().get(row.roleId());
            Principal role = principals.get(row.roleId());
            io.charter.policy.Policy trust = before != null && before.trustPolicy().text().equals(row.trustPolicy())
                    ? before.trustPolicy()
                    : compile(row.trustPolicy(), PolicyType.TRUST, (role == null ? row.roleId() : role.arn()) + " trust policy");
            roleDetails.put(row.roleId(), new RoleDetails(trust, row.description(), row.maxSessionDuration()));
        }
        return IdentitySnapshot.of(credentials, principals, managed, copyValues(attachments), copyValues(inline),
                copyValues(tags), permissions.listBoundaries(c), roleDetails).withGroups(groupIndex)
                .withMfaDevices(MfaDevices.of(mfaDevices.list(c).stream().map(MfaDeviceRow::device).toList()))
                .withRevokedSessions(revokedSessions(c));
    }

    private Map<String, Instant> revokedSessions(Connection c) throws SQLException {
        Instant now = clock.instant();
        Map<String, Instant> revoked = new HashMap<>();
        for (RevokedSessionRepository.Row row : revocations.list(c)) {
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
     * Compiles a stored document. It was validated when written, so it compiles; should it not
     * (say after an engine change), it stands in as a policy that allows nothing rather than break
     * the snapshot of every account.
     */
    private static Policy compile(String document, PolicyType type, String name) {
        return Policy.parse(document, type, Integer.MAX_VALUE).policy().map(p -> p.withName(name))
                .orElse(type == PolicyType.TRUST ? Unresolvable.TRUST : Unresolvable.POLICY);
    }

    /**
     * Creates the management account, its root principal and a root access key, all in one
     * transaction, unless the store has its management account already. Returns the new key only
     * when it was created. A store bootstrapped for another account id is refused: the account id
     * is chosen once, at first start.
     */
    public Optional<NewAccessKey> bootstrap(String accountId) {
        return write((c, w) -> {
            Optional<AccountRecord> management = w.identities().listAccounts(c).stream()
                    .filter(AccountRecord::management).findFirst();
            if (management.isPresent()) {
                if (!management.get().accountId().equals(accountId)) {
                    throw new BootstrapMismatchException(management.get().accountId(), accountId);
                }
                return Optional.<NewAccessKey>empty();
            }
            Instant now = clock.instant();
            w.identities().insertAccount(c, new AccountRecord(accountId, "management", Optional.empty(), true, now));
            Principal root = new Principal(accountId, accountId, PrincipalKind.ROOT, accountId, "/", now);
            w.identities().insertPrincipal(c, root);
            return Optional.of(insertKey(c, root, now));
        });
    }

    public List<AccountRecord> accounts() {
        return database.withHandle(identities::listAccounts);
    }

    /** Creates an IAM user; the caller has checked the name. */
    public Principal createUser(String accountId, String name, String path) {
        return write((c, w) -> {
            Principal p = new Principal(UniqueId.USER.mint(random), accountId, PrincipalKind.USER, name, path,
                    clock.instant());
            w.identities().insertPrincipal(c, p);
            return p;
        });
    }

    public NewAccessKey createAccessKey(Principal owner) {
        return write((c, w) -> insertKey(c, owner, clock.instant()));
    }

    /** Returns whether the key existed. */
    public boolean setAccessKeyStatus(String accessKeyId, AccessKeyStatus status) {
        return write((c, w) -> w.identities().updateAccessKeyStatus(c, accessKeyId, status.name()));
    }

    /** Inserts a new active key for {@code owner} on the caller's transaction. */
    public NewAccessKey insertKey(Connection c, Principal owner, Instant now) throws SQLException {
        AccessKeyId id = AccessKeyId.mint(AccessKeyId.Kind.LONG_TERM, owner.accountId(), random);
        String secret = SecretAccessKey.mint(random);
        identities.insertAccessKey(c, new SealedAccessKey(id.value(), owner.accountId(), owner.uniqueId(),
                masterKey.seal(secret, id.value()), AccessKeyStatus.Active.name(), now));
        return new NewAccessKey(id.value(), secret, owner);
    }
}
