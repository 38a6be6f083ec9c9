package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.crypto.MasterKey;
import io.charter.server.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Every node of a store needs the master key the store's secrets are sealed under: a node started
 * without it, or with another one, is refused with what to do, and starts once given a copy.
 */
class SharedMasterKeyTest {
    @TempDir
    Path dir;

    @Test
    void aNodeNeedsTheMasterKeyOfItsStore() throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        StoreLocation store = TestStores.forDataDir(first);
        AwsBasicCredentials root;
        try (TestServer node = TestServer.start(Clock.systemUTC(), first, store)) {
            root = node.rootCredentials();
            try (IamClient iam = node.rootIam()) {
                iam.createUser(r -> r.userName("alice"));
            }
        }

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TestServer.start(Clock.systemUTC(), second, store));
        assertTrue(missing.getMessage().contains("has no master.key: copy that node's master.key into " + second),
                missing.getMessage());
        assertTrue(Files.notExists(second.resolve(MasterKey.FILE_NAME)), "no key of its own is made");

        MasterKey.loadOrCreate(second.resolve(MasterKey.FILE_NAME), new SecureRandom());
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> TestServer.start(Clock.systemUTC(), second, store));
        assertTrue(other.getMessage().contains("does not open the secrets the store"), other.getMessage());

        Files.copy(first.resolve(MasterKey.FILE_NAME), second.resolve(MasterKey.FILE_NAME),
                StandardCopyOption.REPLACE_EXISTING);
        try (TestServer node = TestServer.start(Clock.systemUTC(), second, store);
                IamClient iam = node.iam(root)) {
            assertEquals("alice", iam.getUser(r -> r.userName("alice")).user().userName());
        }
    }
}
