package io.charter.server.cli;

import static java.util.Objects.requireNonNull;

import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli options of a command that takes settings, derived from {@link Setting}: one
 * {@code --key VALUE} option per setting, its help the setting's description, default and
 * environment variable, and {@code --config FILE}. Values stay text here; {@link ConfigLoader}
 * checks them, so that a bad one is reported as a bad setting from any source.
 */
final class SettingOptions {
    private SettingOptions() {
    }

    /** Adds to {@code command} an option for each of {@code settings} and {@code --config}, all kept in {@code into}. */
    static void add(CommandSpec command, List<Setting<?>> settings, CommandLineSettings into) {
        for (Setting<?> setting : settings) {
            SettingBinding binding = new SettingBinding(into, setting);
            command.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel(setting.parameterLabel())
                    .type(String.class)
                    .description(help(setting))
                    .getter(binding)
                    .setter(binding)
                    .build());
        }
        ConfigFileBinding binding = new ConfigFileBinding(into);
        command.addOption(OptionSpec.builder(ConfigLoader.CONFIG_FILE_FLAG)
                .paramLabel("FILE")
                .type(Path.class)
                .description("Optional configuration file (properties; " + ConfigLoader.CONFIG_FILE_VARIABLE + ").")
                .getter(binding)
                .setter(binding)
                .build());
    }

    /** E.g. {@code Address the server listens on (default 127.0.0.1; CHARTER_HOST).} */
    static String help(Setting<?> setting) {
        return setting.description() + " (default " + setting.defaultValue() + "; " + setting.environmentVariable() + ").";
    }

    /*
     * picocli reads and writes an option's value through a getter and a setter whose methods are
     * generic, hence classes rather than lambdas. An option not given is null to picocli: it sets
     * null (the initial value) before each parse.
     */

    private record SettingBinding(CommandLineSettings settings, Setting<?> setting) implements IGetter, ISetter {
        SettingBinding {
            requireNonNull(settings, "settings is null");
            requireNonNull(setting, "setting is null");
        }

        @Override
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli's IGetter declares it so
        public <T> T get() {
            return (T) settings.flag(setting).orElse(null);
        }

        @Override
        public <T> T set(T value) {
            T previous = get();
            settings.flag(setting, Optional.ofNullable((String) value));
            return previous;
        }
    }

    private record ConfigFileBinding(CommandLineSettings settings) implements IGetter, ISetter {
        ConfigFileBinding {
            requireNonNull(settings, "settings is null");
        }

        @Override
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli's IGetter declares it so
        public <T> T get() {
            return (T) settings.configFile().orElse(null);
        }

        @Override
        public <T> T set(T value) {
            T previous = get();
            settings.configFile(Optional.ofNullable((Path) value));
            return previous;
        }
    }
}
