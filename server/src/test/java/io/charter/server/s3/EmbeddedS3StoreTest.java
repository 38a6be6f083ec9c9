package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: loopback only, its own random credential, its own class loader, stopped on close. */
class EmbeddedS3StoreTest {

    @TempDir
    Path data;

    @Test
    void listensOnLoopbackOnlyWithAFreshCredential() throws IOException {
        try (EmbeddedS3Store first = TestS3Stores.start(data.resolve("first"));
                EmbeddedS3Store second = TestS3Stores.start(data.resolve("second"))) {
            BackendEndpoint endpoint = first.endpoint();
            assertEquals("http", endpoint.uri().getScheme());
            assertEquals("127.0.0.1", endpoint.uri().getHost());
            assertTrue(endpoint.uri().getPort() > 0);
            assertEquals(20, endpoint.accessKeyId().length());
            assertEquals(40, endpoint.secretAccessKey().length());
            assertFalse(endpoint.toString().contains(endpoint.secretAccessKey()), endpoint.toString());

            BackendEndpoint other = second.endpoint();
            assertNotEquals(endpoint.accessKeyId(), other.accessKeyId());
            assertNotEquals(endpoint.secretAccessKey(), other.secretAccessKey());
            assertNotEquals(endpoint.uri().getPort(), other.uri().getPort());

            for (InetAddress address : nonLoopbackAddresses()) {
                assertThrows(ConnectException.class, () -> connect(address, endpoint.uri().getPort()),
                        "not listening on " + address);
            }
            connect(InetAddress.getLoopbackAddress(), endpoint.uri().getPort());
        }
    }

    @Test
    void keepsItsObjectsInAnOwnerOnlyDirectory() throws IOException {
        Path directory = data.resolve("s3");
        try (EmbeddedS3Store store = TestS3Stores.start(directory);
                S3Backend backend = new S3Backend(store.endpoint())) {
            try (BackendResponse created = backend.send(BackendRequest.withoutBody("PUT", "/kept", "", List.of()))) {
                assertEquals(200, created.status());
            }
            assertTrue(Files.isDirectory(directory.resolve("kept")), "the bucket is a directory of the store's");
            if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
            }
        }
    }

    @Test
    void refusesEveryOtherCredential() throws IOException {
        try (EmbeddedS3Store store = TestS3Stores.start(data.resolve("s3"))) {
            BackendEndpoint real = store.endpoint();
            BackendEndpoint wrongSecret = new BackendEndpoint(real.uri(), real.accessKeyId(),
                    "x" + real.secretAccessKey().substring(1), real.region());
            BackendEndpoint wrongKey = new BackendEndpoint(real.uri(), "AKIAIOSFODNN7EXAMPLE", real.secretAccessKey(),
                    real.region());
            try (S3Backend backend = new S3Backend(wrongSecret);
                    BackendResponse response = backend.send(BackendRequest.withoutBody("PUT", "/mine", "", List.of()))) {
                assertEquals(403, response.status());
                assertTrue(S3BackendTest.text(response).contains("<Code>SignatureDoesNotMatch</Code>"));
            }
            try (S3Backend backend = new S3Backend(wrongKey);
                    BackendResponse response = backend.send(BackendRequest.withoutBody("PUT", "/mine", "", List.of()))) {
                assertEquals(403, response.status());
                assertTrue(S3BackendTest.text(response).contains("<Code>InvalidAccessKeyId</Code>"));
            }
            try (S3Backend backend = new S3Backend(real);
                    BackendResponse response = backend.send(BackendRequest.withoutBody("GET", "/", "", List.of()))) {
                assertEquals(200, response.status());
                assertFalse(S3BackendTest.text(response).contains("<Name>mine</Name>"), "no bucket was made");
            }
        }
    }

    @Test
    void closingStopsIt() throws IOException {
        EmbeddedS3Store store = TestS3Stores.start(data.resolve("s3"));
        int port = store.endpoint().uri().getPort();
        connect(InetAddress.getLoopbackAddress(), port);
        store.close();
        store.close();
        assertThrows(ConnectException.class, () -> connect(InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void aStoreStartedOnItsOwnLoadsItsOwnLibraryAndServes() throws IOException {
        EmbeddedS3Store store = EmbeddedS3Store.start(TestS3Stores.libraryDirectory(), data.resolve("s3"));
        int port = store.endpoint().uri().getPort();
        try (S3Backend backend = new S3Backend(store.endpoint());
                BackendResponse created = backend.send(BackendRequest.withoutBody("PUT", "/alone", "", List.of()))) {
            assertEquals(200, created.status());
        } finally {
            store.close();
        }
        assertThrows(ConnectException.class, () -> connect(InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void aMissingOrIncompleteLibraryIsNamed() throws IOException {
        Path missing = data.resolve("no-lib");
        IOException e = assertThrows(IOException.class, () -> EmbeddedS3Store.start(missing, data.resolve("s3")));
        assertEquals("the S3 store's library " + missing + " does not exist (build it: ./mvnw package -pl s3store)",
                e.getMessage());

        Path empty = Files.createDirectories(data.resolve("empty-lib"));
        e = assertThrows(IOException.class, () -> S3StoreLibrary.load(empty));
        assertEquals("the S3 store's library " + empty + " holds no jars (build it: ./mvnw package -pl s3store)",
                e.getMessage());
    }

    @Test
    void theEndpointIsAllABenchmarkNeeds() throws IOException {
        try (EmbeddedS3Store store = TestS3Stores.start(data.resolve("s3"))) {
            BackendEndpoint endpoint = store.endpoint();
            BackendEndpoint copy = new BackendEndpoint(URI.create(endpoint.uri().toString()), endpoint.accessKeyId(),
                    endpoint.secretAccessKey(), endpoint.region());
            try (S3Backend backend = new S3Backend(copy);
                    BackendResponse response = backend.send(BackendRequest.withoutBody("GET", "/", "", List.of()))) {
                assertEquals(200, response.status());
                assertEquals(Optional.of("application/xml"), response.header("content-type").map(t -> t.split(";")[0]));
            }
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .toList();
    }
}
