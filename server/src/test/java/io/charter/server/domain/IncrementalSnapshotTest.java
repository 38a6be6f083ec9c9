package io.charter.server.domain;

import static io.charter.server.PolicyDocuments.ALLOW_GET_OBJECT;
import static io.charter.server.PolicyDocuments.TRUST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.config.CharterConfig;
import io.charter.server.crypto.MasterKey;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.PermissionRows.InlineRow;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.TagRow;
import io.charter.server.store.PermissionRows.VersionRow;
import io.charter.server.store.RoleRepository.RoleRow;
import io.charter.server.store.SnapshotChanges;
import io.charter.server.store.SqliteDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot follows writes item by item (its own and another node's, on one SQLite file),
 * shares what a write did not touch, and falls back to reading the whole store when the journal
 * cannot say what changed. The tests run with {@code charter.snapshot.check=true}, so every
 * incremental update here is also compared with a whole reload.
 */
class IncrementalSnapshotTest {
    private static final String ACCOUNT = "123456789012";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database firstStore;
    private Database secondStore;
    private Directory first;
    private Directory second;
    private final SecureRandom random = new SecureRandom();

    @BeforeEach
    void twoNodesOnOneFile() {
        assertEquals("true", System.getProperty("charter.snapshot.check"),
                "these tests expect every incremental update to be checked against a whole reload");
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), random);
        firstStore = SqliteDatabase.open(dir.resolve("charter.db"));
        Migrations.apply(firstStore);
        secondStore = SqliteDatabase.open(dir.resolve("charter.db"));
        first = new Directory(firstStore, masterKey, CLOCK, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
        second = new Directory(secondStore, masterKey, CLOCK, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
        new Accounts(first).bootstrap(ACCOUNT);
        second.refresh();
    }

    @AfterEach
    void close() {
        firstStore.close();
        secondStore.close();
    }

    @Test
    void aWriteReplacesWhatItChangedAndSharesTheRest() {
        Identity role = createRole("reader");
        IdentitySnapshot before = first.snapshot();

        Identity user = createUser("alice", "/");

        IdentitySnapshot after = first.snapshot();
        assertEquals(Optional.of(user), after.principal(ACCOUNT, IdentityKind.USER, "ALICE"));
        assertNotSame(before.principals(), after.principals());
        // Nothing about policies, roles or tags changed: the maps are the previous snapshot's own.
        assertSame(before.managedPolicies(), after.managedPolicies());
        assertSame(before.roles(), after.roles());
        assertSame(before.tags(), after.tags());
        assertSame(before.credentials(), after.credentials());
        assertTrue(after.role(role.uniqueId()).isPresent());
    }

    @Test
    void anotherNodesWritesArriveItemByItem() {
        Identity role = createRole("deployer");
        String policyArn = createPolicy("deploy");
        Identity user = createUser("bob", "/team/");
        NewAccessKey key = new AccessKeys(first).create(user, CLOCK.instant());
        first.write((c, w) -> {
            w.permissions().attach(c, role.uniqueId(), policyArn, CLOCK.instant());
            w.permissions().putInline(c, new InlineRow(user.uniqueId(), "inline", ALLOW_GET_OBJECT));
            w.permissions().replaceTags(c, user.uniqueId(), List.of(new TagRow(user.uniqueId(), "team", "blue", 0)));
            w.permissions().setBoundary(c, user.uniqueId(), policyArn);
            return null;
        });

        assertTrue(second.followStore());
        IdentitySnapshot seen = second.snapshot();
        assertEquals(List.of(policyArn), seen.attachedPolicies(role.uniqueId()));
        assertEquals("inline", seen.inlinePolicies(user.uniqueId()).get(0).name());
        assertEquals(List.of(new Tag("team", "blue")), seen.tags(user.uniqueId()));
        assertEquals(Optional.of(policyArn), seen.boundaryArn(user.uniqueId()));
        assertEquals(user, seen.credential(key.accessKeyId()).orElseThrow().principal());
        assertFalse(second.followStore(), "nothing more to apply");

        // A rename moves the name index and the owner its keys name; deleting takes everything with it.
        first.write((c, w) -> {
            w.identities().updatePrincipal(c, user.uniqueId(), "robert", "/team/");
            w.identities().updateAccessKeyStatus(c, key.accessKeyId(), "Inactive");
            return null;
        });
        second.followStore();
        seen = second.snapshot();
        assertTrue(seen.principal(ACCOUNT, IdentityKind.USER, "bob").isEmpty());
        Credential renamed = seen.credential(key.accessKeyId()).orElseThrow();
        assertEquals("robert", renamed.principal().name());
        assertEquals(AccessKeyStatus.Inactive, renamed.key().status());

        first.write((c, w) -> {
            w.identities().deleteAccessKey(c, key.accessKeyId());
            w.permissions().deleteEntity(c, user.uniqueId());
            w.permissions().setBoundary(c, user.uniqueId(), null);
            w.identities().deletePrincipal(c, user.uniqueId());
            w.permissions().detach(c, role.uniqueId(), policyArn);
            w.permissions().deletePolicy(c, policyIdOf(policyArn));
            return null;
        });
        second.followStore();
        seen = second.snapshot();
        assertTrue(seen.credential(key.accessKeyId()).isEmpty());
        assertTrue(seen.credentialsOf(user.uniqueId()).isEmpty());
        assertTrue(seen.principal(ACCOUNT, IdentityKind.USER, "robert").isEmpty());
        assertTrue(seen.inlinePolicies(user.uniqueId()).isEmpty());
        assertTrue(seen.managedPolicy(policyArn).isEmpty());
        assertTrue(seen.attachedPolicies(role.uniqueId()).isEmpty());
    }

    @Test
    void aNodeBehindWhatTheJournalStillHoldsReadsTheWholeStore() {
        Identity user = createUser("carol", "/");
        // The journal is pruned past the second node's generation (as it is after many writes).
        first.write((c, w) -> {
            SnapshotChanges.prune(c, Long.MAX_VALUE / 2);
            return null;
        });
        IdentitySnapshot before = second.snapshot();

        assertTrue(second.followStore());

        IdentitySnapshot after = second.snapshot();
        assertEquals(Optional.of(user), after.principal(ACCOUNT, IdentityKind.USER, "carol"));
        // A whole reload builds every map anew.
        assertNotSame(before.credentials(), after.credentials());
    }

    @Test
    void aWriteTheJournalDoesNotNameFailsTheCheckAndRequestsAreRefused() {
        // A repository that forgot to journal: the row changes, the journal says nothing.
        assertThrows(IllegalStateException.class, () -> first.write((c, w) -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE principals SET path = '/moved/' WHERE kind = 'ROOT'")) {
                update.executeUpdate();
            }
            return null;
        }));
        // The snapshot may lag the store: fail closed until a whole reload succeeds.
        assertThrows(ServiceException.class, first::snapshot);
        assertTrue(first.refresh());
        assertEquals("/moved/", first.snapshot().principal(ACCOUNT, IdentityKind.ROOT, ACCOUNT).orElseThrow().path());
    }

    @Test
    void rolesSharingATrustPolicyTextKeepTheirOwnNamesInExplanations() {
        Identity a = createRole("alpha");
        Identity b = createRole("beta");
        second.reload(); // a whole read compiles the shared text once

        IdentitySnapshot seen = second.snapshot();
        assertEquals(a.arn() + " trust policy", seen.role(a.uniqueId()).orElseThrow().trustPolicy().name());
        assertEquals(b.arn() + " trust policy", seen.role(b.uniqueId()).orElseThrow().trustPolicy().name());
    }

    private Identity createUser(String name, String path) {
        return new Users(first).create(new Users.NewUser(ACCOUNT, name, path, List.of(), Optional.empty()), CLOCK.instant())
                .value();
    }

    private Identity createRole(String name) {
        return first.write((c, w) -> {
            Identity role = new Identity(UniqueId.ROLE.mint(random), ACCOUNT, IdentityKind.ROLE, name, "/", CLOCK.instant());
            w.identities().insertPrincipal(c, role);
            w.roles().insert(c, new RoleRow(role.uniqueId(), TRUST, Optional.empty(), 3600));
            return role;
        });
    }

    private String createPolicy(String name) {
        return first.write((c, w) -> {
            String policyId = UniqueId.POLICY.mint(random);
            Instant now = CLOCK.instant();
            w.permissions().insertPolicy(c, new PolicyRow(policyId, ACCOUNT, name, "/", "", "v1", now, now));
            w.permissions().insertVersion(c, new VersionRow(policyId, "v1", ALLOW_GET_OBJECT, now));
            return "arn:aws:iam::" + ACCOUNT + ":policy/" + name;
        });
    }

    private String policyIdOf(String arn) {
        return first.snapshot().managedPolicy(arn).orElseThrow().policyId();
    }
}
