package io.charter.server.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.OptionalInt;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema, versioned: the migrations beside this class in {@code migrations/}
 * ({@code V<number>__<description>.sql}, SQL that SQLite and PostgreSQL both accept), applied by
 * Flyway in the order of their numbers, each in its own transaction, and recorded in
 * {@code flyway_schema_history}. Nodes starting together against one PostgreSQL database apply
 * them once (Flyway locks the history table). Never edit a released one.
 *
 * <p>A store made before Flyway recorded its migrations in {@code schema_migrations}; the first
 * start with Flyway takes its newest version as Flyway's baseline and applies only what follows.
 */
public final class Migrations {
    /** The folder on the class path holding the migrations. */
    static final String FOLDER = "io/charter/server/store/migrations";
    /** The table where Charter recorded its migrations before Flyway, left as it was. */
    private static final String LEGACY_TABLE = "schema_migrations";
    private static final String HISTORY_TABLE = "flyway_schema_history";
    /** The folder of the audit trail's migrations, versioned on their own ({@link #applyAudit}). */
    static final String AUDIT_FOLDER = "io/charter/server/store/audit-migrations";
    private static final String AUDIT_HISTORY_TABLE = "audit_schema_history";

    private Migrations() {
    }

    /** Applies what is missing; returns how many migrations ran. */
    public static int apply(Database database) {
        return apply(database, Migrations.class.getClassLoader(), FOLDER);
    }

    /**
     * Applies what is missing of the audit trail's schema ({@code audit-migrations/}, recorded in
     * {@value #AUDIT_HISTORY_TABLE}): in the SQLite file of its own beside the embedded store, or in
     * the shared PostgreSQL schema beside the IAM state, whose own history it leaves alone.
     */
    public static int applyAudit(Database database) {
        try {
            MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(database.dataSource())
                    .locations("classpath:" + AUDIT_FOLDER)
                    .table(AUDIT_HISTORY_TABLE)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    // The shared schema already holds the IAM state's tables: not a reason to refuse.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .loggers("slf4j")
                    .load().migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException("the audit trail's schema could not be migrated: " + e.getMessage(), e);
        }
    }

    /** Applies what is missing of the migrations in {@code folder} on the class path of {@code loader}. */
    static int apply(Database database, ClassLoader loader, String folder) {
        OptionalInt legacy = database.withHandle(Migrations::legacyVersion);
        var configuration = Flyway.configure(loader)
                .dataSource(database.dataSource())
                .locations("classpath:" + folder)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers("slf4j");
        if (legacy.isPresent()) {
            configuration = configuration.baselineOnMigrate(true)
                    .baselineVersion(Integer.toString(legacy.getAsInt()))
                    .baselineDescription("migrations applied before Flyway (" + LEGACY_TABLE + ")");
        }
        try {
            MigrateResult result = configuration.load().migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException("the store's schema could not be migrated: " + e.getMessage(), e);
        }
    }

    /**
     * The newest version the pre-Flyway runner recorded, when the store has its table and no Flyway
     * history yet; empty for a new store or one Flyway already keeps.
     */
    private static OptionalInt legacyVersion(Connection connection) throws SQLException {
        if (!hasTable(connection, LEGACY_TABLE) || hasTable(connection, HISTORY_TABLE)) {
            return OptionalInt.empty();
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT MAX(version) FROM " + LEGACY_TABLE);
                ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return OptionalInt.empty();
            }
            int version = row.getInt(1);
            return row.wasNull() ? OptionalInt.empty() : OptionalInt.of(version);
        }
    }

    /** Whether the connection's current schema has the table (names lower case, as both stores keep them). */
    private static boolean hasTable(Connection connection, String name) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        try (ResultSet tables = metaData.getTables(null, connection.getSchema(), name.toLowerCase(Locale.ROOT),
                new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
