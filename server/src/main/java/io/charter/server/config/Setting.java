package io.charter.server.config;

import java.util.Locale;

/**
 * Every configuration setting, with the three names it goes by: the command-line flag, the
 * {@code CHARTER_*} environment variable and the key in the optional configuration file.
 * Precedence is flag, then environment, then file, then the default.
 */
public enum Setting {
    HOST("host", "127.0.0.1", "address to listen on"),
    PORT("port", "8600", "TCP port to listen on (0 picks a free port)"),
    DATA_DIR("data-dir", "./data", "directory holding the store and key material (created owner-only)"),
    ACCOUNT_ID("account-id", "123456789012", "12-digit id of the bootstrap (management) account"),
    MAX_BODY_BYTES("max-body-bytes", "1048576", "largest request body accepted, in bytes"),
    SHUTDOWN_GRACE_SECONDS("shutdown-grace-seconds", "10", "how long in-flight requests may take to finish at shutdown"),
    TOKEN_KEY_ROTATION_DAYS("token-key-rotation-days", "30", "age at which the session-token key is replaced by a new one");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
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

    public String description() {
        return description;
    }
}
