package io.charter.server.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a server keeps its state: the embedded SQLite file in its data directory, or a PostgreSQL
 * database that several nodes share. Immutable; the password never appears in {@code toString()}.
 */
public sealed interface StoreLocation {

    /** Opens the store (a PostgreSQL pool is filled as it is used). */
    Database open();

    /** What an operator reads in messages: never a password. */
    String describe();

    /** The kind of store, as {@code /health} names it: {@code sqlite} or {@code postgresql}. */
    String kind();

    /** The SQLite file {@code charter.db} of a data directory. */
    record Embedded(Path file) implements StoreLocation {
        /** The file name of the embedded store inside the data directory. */
        public static final String FILE_NAME = "charter.db";

        public Embedded {
            requireNonNull(file, "file is null");
        }

        /** The store of {@code dataDir}. */
        public static Embedded in(Path dataDir) {
            return new Embedded(dataDir.resolve(FILE_NAME));
        }

        @Override
        public Database open() {
            return SqliteDatabase.open(file);
        }

        @Override
        public String describe() {
            return "sqlite:" + file;
        }

        @Override
        public String kind() {
            return "sqlite";
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param url {@code postgresql://HOST[:PORT]/DATABASE[?driver parameters]}, without credentials
     * @param user the role to connect as, if not the driver's default
     * @param password its password, if any
     * @param poolSize the most connections this node holds open
     */
    record Postgres(String url, Optional<String> user, Optional<String> password, int poolSize)
            implements StoreLocation {
        static final Pattern CREDENTIAL_PARAMETER = Pattern.compile("(^|&)(user|password)=", Pattern.CASE_INSENSITIVE);
        static final Pattern DATABASE = Pattern.compile("/[A-Za-z0-9_.\\-]{1,63}");

        public Postgres {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize below 1: " + poolSize);
            }
        }

        /** The driver's URL. */
        public String jdbcUrl() {
            return "jdbc:" + url;
        }

        @Override
        public Database open() {
            return PostgresDatabase.open(this);
        }

        @Override
        public String describe() {
            return url;
        }

        @Override
        public String kind() {
            return "postgresql";
        }

        @Override
        public String toString() {
            return "Postgres[" + url + ", user=" + user.orElse("(default)") + ", password="
                    + (password.isPresent() ? "(set)" : "(none)") + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * Checks a store URL: {@code postgresql://HOST[:PORT]/DATABASE}, optionally with driver
     * parameters after {@code ?}; a user or password in it is refused (they come from the
     * environment or a file, never the command line). Returns what is wrong, or nothing.
     */
    static Optional<String> problemWith(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("it is not a URL");
        }
        if (!"postgresql".equals(uri.getScheme())) {
            return Optional.of("only postgresql:// stores are supported");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("it must not hold a user or password: set CHARTER_STORE_USER and"
                    + " CHARTER_STORE_PASSWORD (or --store-password-file) instead");
        }
        if (uri.getHost() == null) {
            return Optional.of("it names no host");
        }
        if (uri.getRawPath() == null || !Postgres.DATABASE.matcher(uri.getRawPath()).matches()) {
            return Optional.of("it names no database (postgresql://HOST:PORT/DATABASE)");
        }
        if (uri.getRawQuery() != null && Postgres.CREDENTIAL_PARAMETER.matcher(uri.getRawQuery()).find()) {
            return Optional.of("it must not hold a user or password: set CHARTER_STORE_USER and"
                    + " CHARTER_STORE_PASSWORD (or --store-password-file) instead");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("it must not have a fragment");
        }
        return Optional.empty();
    }
}
