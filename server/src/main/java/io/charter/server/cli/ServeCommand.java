package io.charter.server.cli;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigException;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import io.charter.server.identity.NewAccessKey;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code charter serve}: runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Charter server on its embedded store.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1; CHARTER_HOST).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8600; 0 picks a free port; CHARTER_PORT).")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data; CHARTER_DATA_DIR).")
    String dataDir;

    @Option(names = "--account-id", paramLabel = "ID", description = "Bootstrap account id (default 123456789012; CHARTER_ACCOUNT_ID).")
    String accountId;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", description = "Largest request body accepted (default 1048576; CHARTER_MAX_BODY_BYTES).")
    String maxBodyBytes;

    @Option(names = "--shutdown-grace-seconds", paramLabel = "SECONDS", description = "Time in-flight requests get at shutdown (default 10; CHARTER_SHUTDOWN_GRACE_SECONDS).")
    String shutdownGraceSeconds;

    @Option(names = "--token-key-rotation-days", paramLabel = "DAYS", description = "Age at which the session-token key is replaced (default 30; CHARTER_TOKEN_KEY_ROTATION_DAYS).")
    String tokenKeyRotationDays;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional configuration file (properties; CHARTER_CONFIG).")
    Path configFile;

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

    /** Sets the option {@code name} as picocli would from its {@code @Option} above; false for any other name. */
    private boolean set(String name, String value) {
        switch (name) {
            case "--host" -> host = value;
            case "--port" -> port = value;
            case "--data-dir" -> dataDir = value;
            case "--account-id" -> accountId = value;
            case "--max-body-bytes" -> maxBodyBytes = value;
            case "--shutdown-grace-seconds" -> shutdownGraceSeconds = value;
            case "--token-key-rotation-days" -> tokenKeyRotationDays = value;
            case "--config" -> {
                try {
                    configFile = Path.of(value);
                } catch (InvalidPathException e) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Starts the server, prints where it listens and serves until the process is stopped. */
    int serve(PrintWriter out, PrintWriter err) throws InterruptedException {
        CharterConfig config;
        try {
            config = new ConfigLoader(environment).load(flags(), Optional.ofNullable(configFile));
        } catch (ConfigException e) {
            err.println("charter: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_CONFIGURATION;
        }
        CharterServer server;
        try {
            server = CharterServer.start(config, Clock.systemUTC());
        } catch (io.charter.server.domain.BootstrapMismatchException e) {
            err.println("charter: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_CONFIGURATION;
        } catch (RuntimeException e) {
            err.println("charter: could not start: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
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

    Map<Setting, String> flags() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.HOST, host);
        put(flags, Setting.PORT, port);
        put(flags, Setting.DATA_DIR, dataDir);
        put(flags, Setting.ACCOUNT_ID, accountId);
        put(flags, Setting.MAX_BODY_BYTES, maxBodyBytes);
        put(flags, Setting.SHUTDOWN_GRACE_SECONDS, shutdownGraceSeconds);
        put(flags, Setting.TOKEN_KEY_ROTATION_DAYS, tokenKeyRotationDays);
        return flags;
    }

    private static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
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
