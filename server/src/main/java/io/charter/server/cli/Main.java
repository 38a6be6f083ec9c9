package io.charter.server.cli;

import io.charter.server.config.Setting;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code charter} command line. */
public final class Main {
    /**
     * The libraries that log their start-up chatter at INFO (the HTTP server, the store's pool and
     * migrations); Charter prints its own summary. Held so that the level set below is not lost when
     * a logger is garbage-collected.
     */
    private static final List<Logger> CHATTY_LIBRARIES = List.of(Logger.getLogger("io.helidon"),
            Logger.getLogger("org.flywaydb"), Logger.getLogger("com.zaxxer.hikari"));

    private Main() {
    }

    public static void main(String[] args) {
        CHATTY_LIBRARIES.forEach(logger -> logger.setLevel(Level.WARNING));
        Map<String, String> environment = System.getenv();
        Optional<ServeCommand> serve = ServeCommand.plain(args, environment);
        int exitCode = serve.isPresent() ? run(serve.get()) : commandLine(environment).execute(args);
        if (exitCode != 0 || !ServeCommand.isServing()) {
            System.exit(exitCode);
        }
    }

    /** Runs {@code serve} as picocli's {@code execute} would, with the same output and error writers. */
    private static int run(ServeCommand serve) {
        PrintWriter err = writer(System.err);
        try {
            return serve.serve(writer(System.out), err);
        } catch (Exception e) {
            return failed(err, e);
        }
    }

    /** A writer as picocli makes for its standard output and error: the default charset, flushed at each line. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, Charset.defaultCharset())), true);
    }

    private static int failed(PrintWriter err, Exception e) {
        err.println("charter: " + e.getMessage());
        return ExitCodes.FAILURE;
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new CharterCommand());
        ServeCommand serve = new ServeCommand(environment);
        commandLine.addSubcommand(serve);
        SettingOptions.add(commandLine.getSubcommands().get("serve").getCommandSpec(), Setting.all(), serve.settings());
        commandLine.addSubcommand(new AccountsCommand());
        commandLine.addSubcommand(new RolesCommand());
        commandLine.addSubcommand(new SessionsCommand());
        commandLine.addSubcommand(new InstancesCommand());
        commandLine.addSubcommand(new MetadataCommand());
        commandLine.addSubcommand(new TrainCommand());
        commandLine.addSubcommand(new TrailCommand());
        StoreCommand.Migrate migrate = new StoreCommand.Migrate(environment);
        CommandLine migrateCommand = new CommandLine(migrate);
        SettingOptions.add(migrateCommand.getCommandSpec(), StoreCommand.Migrate.SETTINGS, migrate.settings());
        commandLine.addSubcommand(new CommandLine(new StoreCommand()).addSubcommand(migrateCommand));
        addServerTargetOptions(commandLine);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> failed(cl.getErr(), e));
        return commandLine;
    }

    /** Gives each command that calls a running server (mixes in a {@link ServerTarget}) the options of the settings it takes. */
    private static void addServerTargetOptions(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof ServerTarget target) {
                SettingOptions.add(spec, Setting.forClients(), target.settings());
            }
        }
        // An alias names the same command again: each command is given its options once.
        command.getSubcommands().values().stream().distinct().forEach(Main::addServerTargetOptions);
    }
}
