package io.charter.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charter.server.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of {@code serve} and of the commands that call a running server are those of the
 * {@link Setting} table, with its labels and help, and {@code --config}.
 */
class SettingOptionsTest {
    private static CommandSpec command(String... names) {
        CommandLine command = Main.commandLine(Map.of());
        for (String name : names) {
            command = command.getSubcommands().get(name);
        }
        return command.getCommandSpec();
    }

    /** Name, label and help of each option but help and version, in the order declared. */
    private static List<List<String>> options(CommandSpec command) {
        return command.options().stream()
                .filter(option -> !option.usageHelp() && !option.versionHelp())
                .filter(option -> !option.longestName().equals("--email"))
                .map(option -> List.of(option.longestName(), option.paramLabel(), String.join(" ", option.description())))
                .toList();
    }

    private static List<List<String>> expected(List<Setting<?>> settings) {
        List<List<String>> expected = new ArrayList<>();
        for (Setting<?> setting : settings) {
            expected.add(List.of(setting.flag(), setting.parameterLabel(), SettingOptions.help(setting)));
        }
        expected.add(List.of("--config", "FILE", "Optional configuration file (properties; CHARTER_CONFIG)."));
        return expected;
    }

    @Test
    void serveTakesEverySetting() {
        assertEquals(expected(Setting.all()), options(command("serve")));
        assertEquals(List.of("host", "port", "data-dir", "account-id", "max-body-bytes", "shutdown-grace-seconds",
                "token-key-rotation-days", "header-timeout-seconds", "body-timeout-seconds", "idle-timeout-seconds",
                "max-connections", "store", "store-user", "store-password-file", "store-pool-size",
                "store-max-staleness-seconds", "s3-domain", "s3-backend-url", "s3-backend-region",
                "instance-session-seconds", "audit-retention-days"),
                Setting.all().stream().map(Setting::key).toList());
    }

    @Test
    void helpIsDescriptionDefaultAndEnvironmentVariable() {
        assertEquals("Address the server listens on (default 127.0.0.1; CHARTER_HOST).", SettingOptions.help(Setting.HOST));
        assertEquals("Port the server listens on, 0 for any free one (default 8600; CHARTER_PORT).", SettingOptions.help(Setting.PORT));
        assertEquals("Age at which the session-token key is replaced (default 30; CHARTER_TOKEN_KEY_ROTATION_DAYS).",
                SettingOptions.help(Setting.TOKEN_KEY_ROTATION_DAYS));
    }

    static Stream<List<String>> clientCommands() {
        return Stream.of(List.of("accounts", "create"), List.of("accounts", "list"), List.of("roles", "revoke-sessions"),
                List.of("sessions", "revoke"), List.of("sessions", "rotate-token-key"));
    }

    @ParameterizedTest
    @MethodSource("clientCommands")
    void commandsCallingTheServerTakeItsAddressAndDataDirectory(List<String> names) {
        assertEquals(List.of(Setting.HOST, Setting.PORT, Setting.DATA_DIR), Setting.forClients());
        assertEquals(expected(Setting.forClients()), options(command(names.toArray(String[]::new))));
    }

    @Test
    void aClientCommandKeepsTheValuesItIsGiven() {
        CommandLine.ParseResult result = Main.commandLine(Map.of()).parseArgs("sessions", "revoke", "ASIAEXAMPLE",
                "--port=8677", "--data-dir", "d", "--config", "c.properties");
        CommandSpec revoke = result.subcommand().subcommand().commandSpec();
        ServerTarget target = (ServerTarget) revoke.mixins().get("target").userObject();
        assertEquals(Map.of(Setting.PORT, "8677", Setting.DATA_DIR, "d"), target.settings().flags());
        assertEquals(Optional.of(Path.of("c.properties")), target.settings().configFile());
        OptionSpec port = revoke.findOption("--port");
        assertEquals("8677", port.getValue());
    }
}
