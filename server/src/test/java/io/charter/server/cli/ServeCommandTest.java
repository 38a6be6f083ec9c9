package io.charter.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code serve}'s plain command lines are parsed without picocli ({@link ServeCommand#plain}); this
 * holds that parse to picocli's: every command line it takes, picocli parses to the same options,
 * and every option picocli declares for {@code serve} is taken; anything else is left to picocli.
 */
class ServeCommandTest {
    private static final Map<String, String> ENVIRONMENT = Map.of();

    /** The options of {@code serve} as picocli declares them, less help and version. */
    private static List<OptionSpec> declaredOptions() {
        return Main.commandLine(ENVIRONMENT).getSubcommands().get("serve").getCommandSpec().options().stream()
                .filter(option -> !option.usageHelp() && !option.versionHelp())
                .toList();
    }

    private static ServeCommand viaPicocli(String... args) {
        CommandLine.ParseResult result = Main.commandLine(ENVIRONMENT).parseArgs(args);
        return (ServeCommand) result.subcommand().commandSpec().userObject();
    }

    private static void assertParsedAlike(String... args) {
        Optional<ServeCommand> plain = ServeCommand.plain(args, ENVIRONMENT);
        assertTrue(plain.isPresent(), () -> "not taken: " + List.of(args));
        ServeCommand picocli = viaPicocli(args);
        assertEquals(picocli.settings().flags(), plain.get().settings().flags(), () -> List.of(args).toString());
        assertEquals(picocli.settings().configFile(), plain.get().settings().configFile(), () -> List.of(args).toString());
    }

    @Test
    void everyDeclaredOptionIsTakenInBothFormsAndParsedAsPicocliDoes() {
        List<String> all = new ArrayList<>(List.of("serve"));
        for (OptionSpec option : declaredOptions()) {
            for (String name : option.names()) {
                assertParsedAlike("serve", name, "v1");
                assertParsedAlike("serve", name + "=v2");
                all.add(name);
                all.add("value-of-" + name.substring(2));
            }
        }
        assertParsedAlike(all.toArray(String[]::new));
    }

    static Stream<List<String>> plainCommandLines() {
        return Stream.of(
                List.of("serve"),
                List.of("serve", "--port", "8677", "--data-dir", "/tmp/dstart"),
                List.of("serve", "--data-dir=/tmp/a b", "--port=0", "--host", "::1"),
                List.of("serve", "--host", "serve", "--data-dir", "accounts"),
                List.of("serve", "--data-dir", "x=y", "--config=a=b.properties"),
                List.of("serve", "--account-id", "\"210987654321\"", "--host", "'h'"),
                List.of("serve", "--data-dir", "données/été", "--port", " 8600 "),
                List.of("serve", "--port", "eighty", "--max-body-bytes", "1x"));
    }

    @ParameterizedTest
    @MethodSource("plainCommandLines")
    void plainCommandLinesParseAsPicocliParsesThem(List<String> args) {
        assertParsedAlike(args.toArray(String[]::new));
    }

    static Stream<List<String>> otherCommandLines() {
        return Stream.of(
                List.of(),
                List.of("--help"),
                List.of("accounts", "list", "--port", "8600"),
                List.of("serv", "--port", "8600"),
                List.of("serve", "--help"),
                List.of("serve", "-h"),
                List.of("serve", "--version"),
                List.of("serve", "-V"),
                List.of("serve", "--port"),
                List.of("serve", "--port", "1", "--port", "2"),
                List.of("serve", "--port=1", "--port", "2"),
                List.of("serve", "--port="),
                List.of("serve", "--port", ""),
                List.of("serve", "--port", "-5"),
                List.of("serve", "--host", "--port", "1"),
                List.of("serve", "--Port", "1"),
                List.of("serve", "--por", "1"),
                List.of("serve", "--bogus", "1"),
                List.of("serve", "extra"),
                List.of("serve", "--", "--port", "1"),
                List.of("serve", "@args.txt"),
                List.of("serve", "--data-dir", "@args.txt"),
                List.of("serve", "--config", "nul\0byte"));
    }

    @ParameterizedTest
    @MethodSource("otherCommandLines")
    void anythingElseIsLeftToPicocli(List<String> args) {
        assertFalse(ServeCommand.plain(args.toArray(String[]::new), ENVIRONMENT).isPresent(), args::toString);
    }

    @Test
    void picocliSettingsLeaveEvenPlainCommandLinesToPicocli() {
        String[] args = {"serve", "--port", "8600"};
        System.setProperty("picocli.trimQuotes", "true");
        try {
            assertFalse(ServeCommand.plain(args, ENVIRONMENT).isPresent());
        } finally {
            System.clearProperty("picocli.trimQuotes");
        }
        assertTrue(ServeCommand.plain(args, ENVIRONMENT).isPresent());
    }
}
