package io.charter.server.cli;

import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings one command line gives: a value per setting flag, and the configuration file that
 * {@code --config} names. Filled by picocli through the options {@link SettingOptions} derives from
 * {@link Setting}, or by {@link ServeCommand#plain}; read once the command line is parsed. Not
 * thread-safe (one command line, parsed on one thread).
 */
final class CommandLineSettings {
    private final Map<Setting<?>, String> flags = new HashMap<>();
    private Optional<Path> configFile = Optional.empty();

    /** The values given, by setting. */
    Map<Setting<?>, String> flags() {
        return Map.copyOf(flags);
    }

    Optional<String> flag(Setting<?> setting) {
        return Optional.ofNullable(flags.get(setting));
    }

    void flag(Setting<?> setting, Optional<String> value) {
        if (value.isPresent()) {
            flags.put(setting, value.get());
        } else {
            flags.remove(setting);
        }
    }

    Optional<Path> configFile() {
        return configFile;
    }

    void configFile(Optional<Path> file) {
        configFile = file;
    }

    /** The configuration these flags, the environment and the configuration file resolve to. */
    CharterConfig load(Map<String, String> environment) {
        return new ConfigLoader(environment).load(flags, configFile);
    }
}
