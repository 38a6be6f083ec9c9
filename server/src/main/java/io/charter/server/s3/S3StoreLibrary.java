package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * S3Proxy's class path, loaded in a class loader of its own, from which embedded S3 stores are started.
 *
 * <p>S3Proxy brings a large class path (Jetty, Jackson 2 and 3, Guava, cloud SDKs, logback) that must not meet
 * Charter's; so its jars, which the {@code s3store} module copies to one directory ({@code s3store/target/lib}), are
 * loaded by a class loader whose parent is the platform class loader (the JDK only), and a store is started through
 * the one bridge class of that module, {@code io.charter.s3store.EmbeddedS3Proxy}, by reflection.
 *
 * <p>Loading the classes is most of a store's start (measured on a 2-core machine: about 0.8 s for the first store
 * of a JVM and 0.4 s for each later one with a fresh class loader, against 15 to 35 ms for a later store started
 * from the same library); a process that starts many stores (tests) keeps one library for them all.
 *
 * <p>Thread-safe: stores may be started from several threads at once. Close the library after the stores started
 * from it.
 */
public final class S3StoreLibrary implements AutoCloseable {

    private static final String BRIDGE = "io.charter.s3store.EmbeddedS3Proxy";
    private static final String LOOPBACK = "127.0.0.1";
    /** S3Proxy checks no region; this is the one forwarded requests are signed for. */
    private static final String REGION = "us-east-1";
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final String BUILD_IT = " (build it: ./mvnw package -pl s3store)";

    private final Path directory;
    private final URLClassLoader loader;
    private final Method start;
    private final SecureRandom random = new SecureRandom();

    private S3StoreLibrary(Path directory, URLClassLoader loader, Method start) {
        this.directory = directory;
        this.loader = loader;
        this.start = start;
    }

    /**
     * Loads the jars of {@code directory} (the launcher and the tests pass it as the system property
     * {@code charter.s3store.lib}).
     *
     * @throws IOException if the directory is missing or does not hold the bridge
     */
    public static S3StoreLibrary load(Path directory) throws IOException {
        requireNonNull(directory, "directory is null");
        URLClassLoader loader = new URLClassLoader("charter-s3store", jarsIn(directory).toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        try {
            Method start = loader.loadClass(BRIDGE).getMethod("start", Path.class, String.class, int.class,
                    String.class, String.class, Consumer.class);
            return new S3StoreLibrary(directory, loader, start);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            closeQuietly(loader, e);
            throw new IOException("the S3 store's library " + directory + " does not hold the bridge " + BRIDGE
                    + BUILD_IT, e);
        }
    }

    /**
     * Starts a store on {@code 127.0.0.1}, on a free port, accepting only a credential drawn at random now, and
     * returns once it listens.
     *
     * @param storeDirectory where its buckets and objects are kept; created owner-only if absent (an existing one is
     *                       made owner-only)
     * @throws IOException if S3Proxy does not start
     */
    public EmbeddedS3Store start(Path storeDirectory) throws IOException {
        return start(storeDirectory, Optional.empty());
    }

    /** Starts a store that owns this library: closing the store closes it. */
    EmbeddedS3Store startOwning(Path storeDirectory) throws IOException {
        return start(storeDirectory, Optional.of(this));
    }

    private EmbeddedS3Store start(Path storeDirectory, Optional<S3StoreLibrary> owned) throws IOException {
        requireNonNull(storeDirectory, "storeDirectory is null");
        createOwnerOnly(storeDirectory);
        String accessKeyId = accessKeyId();
        String secret = secret();
        AtomicReference<URI> bound = new AtomicReference<>();
        Consumer<URI> boundTo = bound::set;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // S3Proxy's libraries look classes and services up through the thread's context class loader, and the
        // threads Jetty starts inherit it: during the start it is the store's own.
        thread.setContextClassLoader(loader);
        try {
            AutoCloseable proxy = (AutoCloseable) start.invoke(null, storeDirectory.toAbsolutePath(), LOOPBACK, 0,
                    accessKeyId, secret, boundTo);
            return new EmbeddedS3Store(new BackendEndpoint(bound.get(), accessKeyId, secret, REGION), proxy, owned);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IOException("the embedded S3 store did not start: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IOException("the S3 store's bridge " + BRIDGE + " cannot be called" + BUILD_IT, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Closes the class loader (its jars). */
    @Override
    public void close() throws IOException {
        loader.close();
    }

    @Override
    public String toString() {
        return "S3StoreLibrary[" + directory + "]";
    }

    private static List<URL> jarsIn(Path directory) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : entries) {
                jars.add(toUrl(jar));
            }
        } catch (NoSuchFileException e) {
            throw new IOException("the S3 store's library " + directory + " does not exist" + BUILD_IT, e);
        }
        if (jars.isEmpty()) {
            throw new IOException("the S3 store's library " + directory + " holds no jars" + BUILD_IT);
        }
        return jars;
    }

    private static URL toUrl(Path jar) throws IOException {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException("not a usable jar path: " + jar, e);
        }
    }

    private static void createOwnerOnly(Path directory) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (Files.isDirectory(directory)) {
            if (posix) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } else if (posix) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Twenty characters, upper-case base32, like AWS's key ids (this one never leaves the process). */
    private String accessKeyId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    /** 240 random bits: forty characters, like an AWS secret. */
    private String secret() {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void closeQuietly(AutoCloseable closeable, Throwable failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
