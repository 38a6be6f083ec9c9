package io.charter.server.config;

import io.charter.server.store.StoreLocation;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Resolves {@link CharterConfig} from flags, {@code CHARTER_*} environment variables and an
 * optional configuration file (Java properties syntax, keys as in {@link Setting#key()}), in that
 * precedence, for every setting of {@link Setting#all()}. Every invalid value stops the start with
 * one sentence naming the setting; nothing is silently corrected.
 */
public final class ConfigLoader {
    /** The flag naming the optional file. */
    public static final String CONFIG_FILE_FLAG = "--config";

    /** The environment variable naming the optional file, when {@link #CONFIG_FILE_FLAG} does not. */
    public static final String CONFIG_FILE_VARIABLE = "CHARTER_CONFIG";

    /** The environment variable holding the PostgreSQL password (there is no flag for it). */
    public static final String STORE_PASSWORD_VARIABLE = "CHARTER_STORE_PASSWORD";
    /** The remote S3 backend's access key id (with {@code --s3-backend-url}). */
    public static final String S3_BACKEND_KEY_ID_VARIABLE = "CHARTER_S3_BACKEND_ACCESS_KEY_ID";
    /** The remote S3 backend's secret access key; never a flag. */
    public static final String S3_BACKEND_SECRET_VARIABLE = "CHARTER_S3_BACKEND_SECRET_ACCESS_KEY";

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Resolves every setting from the flags, the environment and the configuration file.
     *
     * @param flags values given on the command line (absent settings are simply missing)
     * @param configFile the file named by {@code --config}, if any
     */
    public CharterConfig load(Map<Setting<?>, String> flags, Optional<Path> configFile) {
        Properties file = readFile(configFile.or(this::configFileFromEnvironment));
        Map<Setting<?>, String> values = new HashMap<>();
        for (Setting<?> setting : Setting.all()) {
            String value = flags.get(setting);
            if (value == null) {
                value = environment.get(setting.environmentVariable());
            }
            if (value == null) {
                value = file.getProperty(setting.key());
            }
            values.put(setting, value == null ? setting.defaultValue() : value.trim());
        }
        rejectUnknownFileKeys(file);
        // Converted in the order of the table, so that the first invalid one is reported.
        return new CharterConfig(
                value(values, Setting.HOST),
                value(values, Setting.PORT),
                value(values, Setting.DATA_DIR),
                value(values, Setting.ACCOUNT_ID),
                value(values, Setting.MAX_BODY_BYTES),
                value(values, Setting.SHUTDOWN_GRACE_SECONDS),
                value(values, Setting.TOKEN_KEY_ROTATION_DAYS),
                new HttpLimits(
                        value(values, Setting.HEADER_TIMEOUT_SECONDS),
                        value(values, Setting.BODY_TIMEOUT_SECONDS),
                        value(values, Setting.IDLE_TIMEOUT_SECONDS),
                        value(values, Setting.MAX_CONNECTIONS)),
                store(values),
                value(values, Setting.STORE_MAX_STALENESS_SECONDS),
                s3(values),
                value(values, Setting.INSTANCE_SESSION_SECONDS),
                AuditSettings.DEFAULTS.withRetention(value(values, Setting.AUDIT_RETENTION_DAYS)));
    }

    /**
     * The embedded store, or PostgreSQL with its user (a setting) and its password: from
     * {@value #STORE_PASSWORD_VARIABLE} or the first line of {@code --store-password-file}, never a flag.
     */
    private StoreLocation store(Map<Setting<?>, String> values) {
        String url = value(values, Setting.STORE);
        if (url.isEmpty()) {
            return StoreLocation.Embedded.in(value(values, Setting.DATA_DIR));
        }
        String user = value(values, Setting.STORE_USER);
        String passwordFile = value(values, Setting.STORE_PASSWORD_FILE);
        Optional<String> password = Optional.ofNullable(environment.get(STORE_PASSWORD_VARIABLE));
        if (!passwordFile.isEmpty()) {
            password = Optional.of(firstLine(Path.of(passwordFile)));
        }
        return new StoreLocation.Postgres(url, user.isEmpty() ? Optional.empty() : Optional.of(user), password,
                value(values, Setting.STORE_POOL_SIZE));
    }

    /**
     * S3: the virtual-hosted domain, and the embedded store (from the installation's library) or a
     * remote endpoint whose key comes from the environment, never a flag.
     */
    private S3Settings s3(Map<Setting<?>, String> values) {
        String domain = value(values, Setting.S3_DOMAIN);
        if (!domain.isEmpty() && !domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new ConfigException("Invalid value '" + domain + "' for setting " + Setting.S3_DOMAIN.key() + " ("
                    + Setting.S3_DOMAIN.flag() + "): expected a DNS domain such as s3.localhost.");
        }
        Optional<String> virtualHosts = domain.isEmpty() ? Optional.empty() : Optional.of(domain);
        String url = value(values, Setting.S3_BACKEND_URL);
        if (url.isEmpty()) {
            return new S3Settings(virtualHosts, S3Settings.DEFAULTS.storage());
        }
        URI backend;
        try {
            backend = new URI(url);
        } catch (URISyntaxException e) {
            backend = null;
        }
        if (backend == null || backend.getHost() == null || backend.getUserInfo() != null
                || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigException("Invalid value for setting " + Setting.S3_BACKEND_URL.key() + " ("
                    + Setting.S3_BACKEND_URL.flag() + "): expected http(s)://HOST[:PORT] without credentials.");
        }
        String keyId = environment.get(S3_BACKEND_KEY_ID_VARIABLE);
        String secret = environment.get(S3_BACKEND_SECRET_VARIABLE);
        if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
            throw new ConfigException(Setting.S3_BACKEND_URL.flag() + " needs the backend's key in "
                    + S3_BACKEND_KEY_ID_VARIABLE + " and " + S3_BACKEND_SECRET_VARIABLE + ".");
        }
        return new S3Settings(virtualHosts, new S3Settings.Remote(backend, keyId, secret,
                value(values, Setting.S3_BACKEND_REGION)));
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new ConfigException("The password file '" + file + "' (" + Setting.STORE_PASSWORD_FILE.flag()
                        + ") is empty.");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new ConfigException("The password file '" + file + "' (" + Setting.STORE_PASSWORD_FILE.flag()
                    + ") could not be read: " + e.getMessage() + ".");
        }
    }

    private static <T> T value(Map<Setting<?>, String> values, Setting<T> setting) {
        return setting.parse(values.get(setting));
    }

    private Optional<Path> configFileFromEnvironment() {
        return Optional.ofNullable(environment.get(CONFIG_FILE_VARIABLE)).map(Path::of);
    }

    private static Properties readFile(Optional<Path> path) {
        Properties properties = new Properties();
        if (path.isEmpty()) {
            return properties;
        }
        Path file = path.get();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("The configuration file '" + file + "' (" + CONFIG_FILE_FLAG + ", "
                    + CONFIG_FILE_VARIABLE + ") does not exist or is not a regular file.");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("The configuration file '" + file + "' could not be read: "
                    + e.getMessage() + ".");
        }
        return properties;
    }

    private static void rejectUnknownFileKeys(Properties file) {
        Set<String> known = new HashSet<>();
        for (Setting<?> setting : Setting.all()) {
            known.add(setting.key());
        }
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new ConfigException("The configuration file names an unknown setting '" + key + "'.");
            }
        }
    }
}
