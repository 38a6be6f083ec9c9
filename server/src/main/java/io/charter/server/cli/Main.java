package io.charter.server.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** The {@code charter} command line. */
public final class Main {
    /** Held so that the level set below is not lost when the logger is garbage-collected. */
    private static final Logger HELIDON_LOGGER = Logger.getLogger("io.helidon");

    private Main() {
    }

    public static void main(String[] args) {
        // The HTTP library logs its start-up chatter at INFO; Charter prints its own summary.
        HELIDON_LOGGER.setLevel(Level.WARNING);
        int exitCode = commandLine(System.getenv()).execute(args);
        if (exitCode != 0 || !ServeCommand.isServing()) {
            System.exit(exitCode);
        }
    }

    static CommandLine commandLine(java.util.Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new CharterCommand());
        commandLine.addSubcommand(new ServeCommand(environment));
        commandLine.addSubcommand(new AccountsCommand());
        commandLine.addSubcommand(new RolesCommand());
        commandLine.addSubcommand(new SessionsCommand());
        commandLine.addSubcommand(new TrainCommand());
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            cl.getErr().println("charter: " + e.getMessage());
            return ExitCodes.FAILURE;
        });
        return commandLine;
    }
}
