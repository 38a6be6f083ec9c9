package io.charter.server.config;

/** A configuration value that stops the start; its message is one sentence naming the setting. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
