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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The S3 store Charter runs itself when no other backend is configured: S3Proxy on its {@code filesystem-nio2}
 * blob store, keeping buckets and objects under one directory (the data directory's {@code s3}).
 *
 * <p>S3Proxy brings a large class path of its own (Jetty, Jackson 2 and 3, Guava, cloud SDKs, logback) that must
 * not meet Charter's; so its jars, which the {@code s3store} module copies to one directory, are loaded in a class
 * loader of their own whose parent is the platform class loader (the JDK only), and started through the one bridge
 * class of that module, {@code io.charter.s3store.EmbeddedS3Proxy}, by reflection.
 *
 * <p>The store listens on {@code 127.0.0.1} only, on a free port, and accepts only requests signed with a credential
 * drawn at random for this start: nothing else on the machine can read or write it past Charter. {@link #endpoint()}
 * is where it is and that credential, for {@link S3Backend} (or a benchmark measuring the store alone).
 *
 * <p>Thread-safe: the endpoint is fixed at start; {@link #close()} may be called more than once, from any thread.
 */
public final class EmbeddedS3Store implements AutoCloseable {

    /** The bridge class in the {@code s3store} module. */
    private static final String BRIDGE = "io.charter.s3store.EmbeddedS3Proxy";
    private static final String LOOPBACK = "127.0.0.1";
    /** S3Proxy checks no region; this is the one forwarded requests are signed for. */
    private static final String REGION = "us-east-1";
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final BackendEndpoint endpoint;
    private final AutoCloseable proxy;
    private final URLClassLoader loader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedS3Store(BackendEndpoint endpoint, AutoCloseable proxy, URLClassLoader loader) {
        this.endpoint = endpoint;
        this.proxy = proxy;
        this.loader = loader;
    }

    /**
     * Starts the store and returns once it listens.
     *
     * @param library   the directory of S3Proxy's jars and the bridge's ({@code s3store/target/lib}; the launcher and
     *                  the tests pass it as the system property {@code charter.s3store.lib})
     * @param directory where the buckets and objects are kept; created owner-only if absent (an existing one is made
     *                  owner-only)
     * @throws IOException if the library is missing or incomplete, or S3Proxy does not start
     */
    public static EmbeddedS3Store start(Path library, Path directory) throws IOException {
        requireNonNull(library, "library is null");
        requireNonNull(directory, "directory is null");
        List<URL> jars = jarsIn(library);
        createOwnerOnly(directory);
        SecureRandom random = new SecureRandom();
        String accessKeyId = accessKeyId(random);
        String secret = secret(random);

        URLClassLoader loader = new URLClassLoader("charter-s3store", jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        AtomicReference<URI> bound = new AtomicReference<>();
        Consumer<URI> boundTo = bound::set;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // S3Proxy's libraries look classes and services up through the thread's context class loader, and the
        // threads Jetty starts inherit it: during the start it is the store's own.
        thread.setContextClassLoader(loader);
        try {
            Method start = loader.loadClass(BRIDGE).getMethod("start", Path.class, String.class, int.class,
                    String.class, String.class, Consumer.class);
            AutoCloseable proxy = (AutoCloseable) start.invoke(null, directory.toAbsolutePath(), LOOPBACK, 0,
                    accessKeyId, secret, boundTo);
            BackendEndpoint endpoint = new BackendEndpoint(bound.get(), accessKeyId, secret, REGION);
            return new EmbeddedS3Store(endpoint, proxy, loader);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            closeQuietly(loader, e);
            throw new IOException("the S3 store's library " + library + " does not hold the bridge " + BRIDGE
                    + " (build it: ./mvnw package -pl s3store)", e);
        } catch (InvocationTargetException e) {
            closeQuietly(loader, e);
            Throwable cause = e.getCause();
            throw new IOException("the embedded S3 store did not start: " + cause, cause);
        } catch (RuntimeException | Error e) {
            closeQuietly(loader, e);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Where the store listens and the credential it accepts. */
    public BackendEndpoint endpoint() {
        return endpoint;
    }

    /** Stops the store (its listener and threads) and closes its class loader. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            proxy.close();
        } catch (IOException | RuntimeException e) {
            closeQuietly(loader, e);
            throw e;
        } catch (Exception e) {
            closeQuietly(loader, e);
            throw new IOException("the embedded S3 store did not stop cleanly: " + e, e);
        }
        loader.close();
    }

    @Override
    public String toString() {
        return "EmbeddedS3Store[" + endpoint + "]";
    }

    private static List<URL> jarsIn(Path library) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(library, "*.jar")) {
            for (Path jar : entries) {
                jars.add(toUrl(jar));
            }
        } catch (NoSuchFileException e) {
            throw new IOException("the S3 store's library " + library
                    + " does not exist (build it: ./mvnw package -pl s3store)", e);
        }
        if (jars.isEmpty()) {
            throw new IOException("the S3 store's library " + library
                    + " holds no jars (build it: ./mvnw package -pl s3store)");
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
    private static String accessKeyId(SecureRandom random) {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    /** 240 random bits, forty characters like an AWS secret. */
    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void closeQuietly(URLClassLoader loader, Throwable failure) {
        try {
            loader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
