package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One configuration setting, and {@link #all() the table of them}: everything else is derived from
 * it — the command-line flag, the {@code CHARTER_*} environment variable, the key in the optional
 * configuration file, the options and help of {@code charter serve} and of the commands that call
 * a running server, and the conversion into {@link CharterConfig}. Precedence is flag, then
 * environment, then file, then the default. The configuration file itself is named by
 * {@link ConfigLoader#CONFIG_FILE_FLAG} or {@link ConfigLoader#CONFIG_FILE_VARIABLE}, not by a
 * setting. Immutable.
 *
 * @param <T> the type of the converted value
 */
public final class Setting<T> {
    // key, default, parameter label; description (help); taken by the client commands; check and conversion
    public static final Setting<String> HOST = new Setting<>("host", "127.0.0.1", "ADDRESS",
            "Address the server listens on",
            Clients.TAKE, new SettingParser.Host());
    public static final Setting<Integer> PORT = new Setting<>("port", "8600", "PORT",
            "Port the server listens on, 0 for any free one",
            Clients.TAKE, new SettingParser.WholeNumber(0, 65535));
    public static final Setting<Path> DATA_DIR = new Setting<>("data-dir", "./data", "DIR",
            "Data directory",
            Clients.TAKE, new SettingParser.Directory());
    public static final Setting<String> ACCOUNT_ID = new Setting<>("account-id", "123456789012", "ID",
            "Bootstrap account id",
            Clients.IGNORE, new SettingParser.AccountId());
    public static final Setting<Integer> MAX_BODY_BYTES = new Setting<>("max-body-bytes", "1048576", "BYTES",
            "Largest request body accepted",
            Clients.IGNORE, new SettingParser.WholeNumber(1024, 64 * 1024 * 1024));
    public static final Setting<Duration> SHUTDOWN_GRACE_SECONDS = new Setting<>("shutdown-grace-seconds", "10", "SECONDS",
            "Time in-flight requests get at shutdown",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(0, 3600), ChronoUnit.SECONDS));
    public static final Setting<Duration> TOKEN_KEY_ROTATION_DAYS = new Setting<>("token-key-rotation-days", "30", "DAYS",
            "Age at which the session-token key is replaced",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(1, 3650), ChronoUnit.DAYS));
    public static final Setting<Duration> HEADER_TIMEOUT_SECONDS = new Setting<>("header-timeout-seconds",
            seconds(HttpLimits.DEFAULTS.headerTimeout()), "SECONDS",
            "Time a request may take from its request line to the end of its headers",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(1, 3600), ChronoUnit.SECONDS));
    public static final Setting<Duration> BODY_TIMEOUT_SECONDS = new Setting<>("body-timeout-seconds",
            seconds(HttpLimits.DEFAULTS.bodyTimeout()), "SECONDS",
            "Time a request may take from the end of its headers to its answer",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(1, 3600), ChronoUnit.SECONDS));
    public static final Setting<Duration> IDLE_TIMEOUT_SECONDS = new Setting<>("idle-timeout-seconds",
            seconds(HttpLimits.DEFAULTS.idleTimeout()), "SECONDS",
            "Time a kept-alive connection may wait for its next request",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(1, 86400), ChronoUnit.SECONDS));
    public static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("max-connections",
            Integer.toString(HttpLimits.DEFAULTS.maxConnections()), "COUNT",
            "Connections served at once",
            Clients.IGNORE, new SettingParser.WholeNumber(1, 1_000_000));

    public static final Setting<String> STORE = new Setting<>("store", "", "URL",
            "Where the IAM state is kept: empty for the SQLite file in the data directory, or"
                    + " postgresql://HOST:PORT/DATABASE shared by several nodes (no credentials in it)",
            Clients.IGNORE, new SettingParser.StoreUrl());
    public static final Setting<String> STORE_USER = new Setting<>("store-user", "", "USER",
            "PostgreSQL user (the password comes from CHARTER_STORE_PASSWORD or --store-password-file)",
            Clients.IGNORE, new SettingParser.Text());
    public static final Setting<String> STORE_PASSWORD_FILE = new Setting<>("store-password-file", "", "FILE",
            "File whose first line is the PostgreSQL password",
            Clients.IGNORE, new SettingParser.Text());
    public static final Setting<Integer> STORE_POOL_SIZE = new Setting<>("store-pool-size", "10", "COUNT",
            "Connections to PostgreSQL a node holds at most",
            Clients.IGNORE, new SettingParser.WholeNumber(1, 1000));
    public static final Setting<Duration> STORE_MAX_STALENESS_SECONDS = new Setting<>("store-max-staleness-seconds",
            seconds(CharterConfig.DEFAULT_MAX_STALENESS), "SECONDS",
            "How long requests are still served from the node's snapshot while the store cannot be reached",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(0, 86400), ChronoUnit.SECONDS));

    public static final Setting<String> S3_DOMAIN = new Setting<>("s3-domain", "", "DOMAIN",
            "Domain under which S3 buckets are also addressed virtual-hosted style, as BUCKET.DOMAIN"
                    + " (path style is always served)",
            Clients.IGNORE, new SettingParser.Text());
    public static final Setting<String> S3_BACKEND_URL = new Setting<>("s3-backend-url", "", "URL",
            "An S3-compatible endpoint that keeps the objects instead of the embedded store (its key from"
                    + " CHARTER_S3_BACKEND_ACCESS_KEY_ID and CHARTER_S3_BACKEND_SECRET_ACCESS_KEY)",
            Clients.IGNORE, new SettingParser.Text());
    public static final Setting<String> S3_BACKEND_REGION = new Setting<>("s3-backend-region", "us-east-1",
            "REGION", "The region requests to --s3-backend-url are signed for",
            Clients.IGNORE, new SettingParser.Text());

    public static final Setting<Duration> INSTANCE_SESSION_SECONDS = new Setting<>("instance-session-seconds",
            seconds(CharterConfig.DEFAULT_INSTANCE_SESSION), "SECONDS",
            "How long the role credentials a registered instance's metadata agent fetches last (EC2's last about"
                    + " six hours)",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(60, 43200), ChronoUnit.SECONDS));

    public static final Setting<Duration> AUDIT_RETENTION_DAYS = new Setting<>("audit-retention-days",
            Long.toString(AuditSettings.DEFAULT_RETENTION.toDays()), "DAYS",
            "How long the audit trail keeps each request's record (CloudTrail's event history keeps 90 days)",
            Clients.IGNORE, new SettingParser.Span(new SettingParser.WholeNumber(1, 36500), ChronoUnit.DAYS));

    private static final List<Setting<?>> ALL = List.of(
            HOST, PORT, DATA_DIR, ACCOUNT_ID, MAX_BODY_BYTES, SHUTDOWN_GRACE_SECONDS, TOKEN_KEY_ROTATION_DAYS,
            HEADER_TIMEOUT_SECONDS, BODY_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS, MAX_CONNECTIONS,
            STORE, STORE_USER, STORE_PASSWORD_FILE, STORE_POOL_SIZE, STORE_MAX_STALENESS_SECONDS,
            S3_DOMAIN, S3_BACKEND_URL, S3_BACKEND_REGION, INSTANCE_SESSION_SECONDS, AUDIT_RETENTION_DAYS);
    private static final List<Setting<?>> FOR_CLIENTS = forClients(ALL);

    /** Whether the commands that call a running server ({@code charter accounts …}) take a setting too. */
    private enum Clients { TAKE, IGNORE }

    private final String key;
    private final String defaultValue;
    private final String parameterLabel;
    private final String description;
    private final Clients clients;
    private final SettingParser<T> parser;

    private Setting(String key, String defaultValue, String parameterLabel, String description, Clients clients,
            SettingParser<T> parser) {
        this.key = requireNonNull(key, "key is null");
        this.defaultValue = requireNonNull(defaultValue, "defaultValue is null");
        this.parameterLabel = requireNonNull(parameterLabel, "parameterLabel is null");
        this.description = requireNonNull(description, "description is null");
        this.clients = requireNonNull(clients, "clients is null");
        this.parser = requireNonNull(parser, "parser is null");
    }

    /** Every setting, in the order of the documentation and of {@link CharterConfig}. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The settings the commands that call a running server take, to find it and its credentials. */
    public static List<Setting<?>> forClients() {
        return FOR_CLIENTS;
    }

    /** The setting whose flag is {@code flag}, e.g. {@code --data-dir}. */
    public static Optional<Setting<?>> byFlag(String flag) {
        for (Setting<?> setting : ALL) {
            if (setting.flag().equals(flag)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /** The key in the configuration file, e.g. {@code data-dir}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --data-dir}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, e.g. {@code CHARTER_DATA_DIR}. */
    public String environmentVariable() {
        return "CHARTER_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** What the help calls the value, e.g. {@code DIR}. */
    public String parameterLabel() {
        return parameterLabel;
    }

    /** A sentence without its full stop, e.g. {@code Data directory}. */
    public String description() {
        return description;
    }

    /** Checks and converts a value given for this setting; a value that does not convert stops the start. */
    T parse(String value) {
        Optional<T> parsed = parser.parse(value);
        if (parsed.isEmpty()) {
            throw new ConfigException("Invalid value '" + value + "' for setting " + key + " (" + flag() + ", "
                    + environmentVariable() + "): expected " + parser.expected() + ".");
        }
        return parsed.get();
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }

    private static List<Setting<?>> forClients(List<Setting<?>> settings) {
        List<Setting<?>> forClients = new ArrayList<>();
        for (Setting<?> setting : settings) {
            if (setting.clients == Clients.TAKE) {
                forClients.add(setting);
            }
        }
        return List.copyOf(forClients);
    }

    @Override
    public String toString() {
        return key;
    }
}
