package io.charter.server.config;

import io.charter.policy.Principal;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves {@link CharterConfig} from flags, {@code CHARTER_*} environment variables and an
 * optional configuration file (Java properties syntax, keys as in {@link Setting#key()}), in that
 * precedence. Every invalid value stops the start with one sentence naming the setting; nothing is
 * silently corrected.
 */
public final class ConfigLoader {
    /** The environment variable (and flag {@code --config}) naming the optional file. */
    public static final String CONFIG_FILE_VARIABLE = "CHARTER_CONFIG";

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param flags values given on the command line (absent settings are simply missing)
     * @param configFile the file named by {@code --config}, if any
     */
    public CharterConfig load(Map<Setting, String> flags, Optional<Path> configFile) {
        Properties file = readFile(configFile.or(this::configFileFromEnvironment));
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = flags.get(setting);
            if (value == null) {
                value = environment.get(setting.environmentVariable());
            }
            if (value == null) {
                value = file.getProperty(setting.key());
            }
            raw.put(setting, value == null ? setting.defaultValue() : value.trim());
        }
        rejectUnknownFileKeys(file);
        return new CharterConfig(
                host(raw.get(Setting.HOST)),
                integer(Setting.PORT, raw.get(Setting.PORT), 0, 65535),
                dataDir(raw.get(Setting.DATA_DIR)),
                accountId(raw.get(Setting.ACCOUNT_ID)),
                integer(Setting.MAX_BODY_BYTES, raw.get(Setting.MAX_BODY_BYTES), 1024, 64 * 1024 * 1024),
                Duration.ofSeconds(integer(
                        Setting.SHUTDOWN_GRACE_SECONDS, raw.get(Setting.SHUTDOWN_GRACE_SECONDS), 0, 3600)),
                Duration.ofDays(integer(
                        Setting.TOKEN_KEY_ROTATION_DAYS, raw.get(Setting.TOKEN_KEY_ROTATION_DAYS), 1, 3650)));
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
            throw new ConfigException("The configuration file '" + file + "' (--config, "
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
        outer:
        for (String key : file.stringPropertyNames()) {
            for (Setting setting : Setting.values()) {
                if (setting.key().equals(key)) {
                    continue outer;
                }
            }
            throw new ConfigException("The configuration file names an unknown setting '" + key + "'.");
        }
    }

    private static String describe(Setting setting) {
        return setting.key() + " (" + setting.flag() + ", " + setting.environmentVariable() + ")";
    }

    private static String host(String value) {
        if (value.isEmpty() || !value.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new ConfigException("Invalid value '" + value + "' for setting " + describe(Setting.HOST)
                    + ": expected a host name or IP address.");
        }
        return value;
    }

    private static int integer(Setting setting, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the sentence below
        }
        throw new ConfigException("Invalid value '" + value + "' for setting " + describe(setting)
                + ": expected a whole number from " + min + " to " + max + ".");
    }

    private static Path dataDir(String value) {
        try {
            if (!value.isEmpty()) {
                return Path.of(value);
            }
        } catch (InvalidPathException e) {
            // fall through
        }
        throw new ConfigException("Invalid value '" + value + "' for setting " + describe(Setting.DATA_DIR)
                + ": expected a directory path.");
    }

    private static String accountId(String value) {
        if (!Principal.isAccountId(value)) {
            throw new ConfigException("Invalid value '" + value + "' for setting " + describe(Setting.ACCOUNT_ID)
                    + ": expected exactly 12 digits.");
        }
        return value;
    }
}
