package io.charter.server.cli;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigException;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import io.charter.server.domain.BootstrapMismatchException;
import io.charter.server.identity.NewAccessKey;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code charter serve}: runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Charter server on its embedded store.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    /** The options, derived from {@link Setting} ({@link SettingOptions}, added in {@link Main#commandLine}). */
    private final CommandLineSettings settings = new CommandLineSettings();

    ServeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    static boolean isServing() {
        return serving;
    }

    /**
     * The command for {@code serve} followed only by its value options, each at most once, as
     * {@code --name VALUE} or {@code --name=VALUE}, with values that are not empty and start with
     * neither {@code -} nor {@code @}: what scripts and the README run. Empty for anything else
     * (help, version, unknown or repeated options, argument files, picocli settings), which picocli
     * then parses, reports and explains as ever. It spares the start loading picocli, whose classes
     * are of a format too old for the JVM's start-up cache and so are verified anew every time.
     */
    static Optional<ServeCommand> plain(String[] args, Map<String, String> environment) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return Optional.empty();
            }
        }
        ServeCommand command = new ServeCommand(environment);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!seen.add(name) || value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                    || !command.set(name, value)) {
                return Optional.empty();
            }
        }
        return Optional.of(command);
    }

    /** Sets the option {@code name} as picocli would from the options {@link SettingOptions} derives; false for any other name. */
    private boolean set(String name, String value) {
        if (name.equals(ConfigLoader.CONFIG_FILE_FLAG)) {
            try {
                settings.configFile(Optional.of(Path.of(value)));
                return true;
            } catch (InvalidPathException e) {
                return false;
            }
        }
        Optional<Setting<?>> setting = Setting.byFlag(name);
        if (setting.isEmpty()) {
            return false;
        }
        settings.flag(setting.get(), Optional.of(value));
        return true;
    }

    /** Where the options given are kept. */
    CommandLineSettings settings() {
        return settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Starts the server, prints where it listens and serves until the process is stopped. */
    int serve(PrintWriter out, PrintWriter err) throws InterruptedException {
        CharterConfig config;
        try {
            config = settings.load(environment);
        } catch (ConfigException e) {
            err.println("charter: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_CONFIGURATION;
        }
        CharterServer server;
        try {
            server = CharterServer.start(config, Clock.systemUTC());
        } catch (BootstrapMismatchException e) {
            err.println("charter: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_CONFIGURATION;
        } catch (RuntimeException e) {
            err.println("charter: could not start: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        // The S3 object store starts beside the first requests; an S3 request that comes first waits for it.
        Thread.ofVirtual().name("charter-object-store-start").start(server::startObjectStore);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "charter-shutdown"));
        serving = true;
        printBanner(out, server, config);
        stopped.await();
        return ExitCodes.OK;
    }

    private static void printBanner(PrintWriter out, CharterServer server, CharterConfig config) {
        out.println("Charter is listening on " + server.endpoint() + " (data directory "
                + config.dataDir().toAbsolutePath().normalize() + ", account " + config.accountId() + ")");
        Optional<NewAccessKey> key = server.bootstrapKey();
        if (key.isPresent()) {
            out.println();
            out.println("First start: created the root access key of account " + config.accountId()
                    + ". Its secret is shown only this once;");
            out.println("it is also saved, owner-only, in " + server.credentialsFile() + " (profile default).");
            out.println();
            out.println("  export AWS_ACCESS_KEY_ID=" + key.get().accessKeyId());
            out.println("  export AWS_SECRET_ACCESS_KEY=" + key.get().secretAccessKey());
        } else {
            out.println("Using the existing store; the root credentials are in " + server.credentialsFile() + ":");
            out.println();
            out.println("  export AWS_SHARED_CREDENTIALS_FILE=" + server.credentialsFile());
        }
        out.println("  export AWS_ENDPOINT_URL=" + server.endpoint());
        out.println("  export AWS_DEFAULT_REGION=us-east-1");
        out.println("  aws sts get-caller-identity");
        out.println();
        out.println("Health: " + server.endpoint() + "/health. Stop with Ctrl-C.");
        out.flush();
    }
}
