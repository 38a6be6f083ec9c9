package io.charter.server.cli;

import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigException;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import io.charter.server.crypto.MasterKey;
import io.charter.server.store.StoreCopy;
import io.charter.server.store.StoreException;
import io.charter.server.store.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code charter store migrate --from DATA_DIR --to postgresql://…}: copies a node's embedded store
 * into an empty PostgreSQL database that several nodes then share ({@link StoreCopy}). Works on the
 * stores directly: the node on {@code DATA_DIR} must be stopped (the copy refuses a store in use).
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Operate on a store directly (its nodes stopped).")
final class StoreCommand extends CommandGroup {

    /** {@code charter store migrate}. Its options are added in {@link Main#commandLine}, beside {@link #SETTINGS}. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Copy the SQLite store of a stopped node's data directory into an empty PostgreSQL"
                    + " database, for several nodes to share.",
                "Secrets stay sealed under DATA_DIR/master.key: copy that file into every node's data directory."})
    static final class Migrate implements Callable<Integer> {
        /** The settings the command takes besides its own options: the PostgreSQL user and password. */
        static final List<Setting<?>> SETTINGS = List.of(Setting.STORE_USER, Setting.STORE_PASSWORD_FILE);
        /** Flyway's and HikariCP's loggers, held so that the level set in {@link #call} is kept. */
        private static final List<Logger> LIBRARY_LOGGERS = List.of(Logger.getLogger("org.flywaydb"),
                Logger.getLogger("com.zaxxer.hikari"));

        private final Map<String, String> environment;
        private final CommandLineSettings settings = new CommandLineSettings();

        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "DATA_DIR",
                description = "The data directory of the node whose SQLite store is copied (stop the node first).")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "The PostgreSQL store, postgresql://HOST:PORT/DATABASE (empty; no credentials in it:"
                        + " the user and password come as for charter serve).")
        String to;

        Migrate(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        /** Where the settings given are kept. */
        CommandLineSettings settings() {
            return settings;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // Their start-up chatter (some sixty lines at INFO) would bury the summary printed here.
            LIBRARY_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
            Optional<String> problem = checkSource();
            if (problem.isEmpty()) {
                // Never quoted: a refused URL may hold a password.
                problem = StoreLocation.problemWith(to).map(p -> "the --to URL is not usable: " + p + ".");
            }
            if (problem.isPresent()) {
                err.println("charter: " + problem.get());
                return ExitCodes.BAD_CONFIGURATION;
            }
            StoreLocation.Postgres target;
            try {
                target = target();
            } catch (ConfigException e) {
                err.println("charter: " + e.getMessage());
                return ExitCodes.BAD_CONFIGURATION;
            }
            StoreLocation.Embedded source = StoreLocation.Embedded.in(from);
            StoreCopy.Copied copied;
            try {
                copied = StoreCopy.copy(source, target);
            } catch (StoreException e) {
                err.println("charter: " + e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
                return ExitCodes.FAILURE;
            }
            report(out, source, target, copied);
            return ExitCodes.OK;
        }

        /** What is wrong with {@code --from}, if anything: a data directory holds a store and its master key. */
        private Optional<String> checkSource() {
            if (!Files.isDirectory(from)) {
                return Optional.of("--from " + from + ": there is no such directory.");
            }
            if (!Files.isRegularFile(StoreLocation.Embedded.in(from).file())) {
                return Optional.of("--from " + from + ": the directory holds no store ("
                        + StoreLocation.Embedded.FILE_NAME + "); name the data directory of a node.");
            }
            if (!Files.isRegularFile(from.resolve(MasterKey.FILE_NAME))) {
                return Optional.of("--from " + from + ": the directory holds no " + MasterKey.FILE_NAME
                        + ", under which the store's secrets are sealed; without it the copy could not be used.");
            }
            return Optional.empty();
        }

        /** The target with its user and password, resolved as {@code charter serve} resolves them. */
        private StoreLocation.Postgres target() {
            Map<Setting<?>, String> flags = new HashMap<>(settings.flags());
            flags.put(Setting.DATA_DIR, from.toString());
            flags.put(Setting.STORE, to);
            CharterConfig config = new ConfigLoader(environment).load(flags, settings.configFile());
            if (!(config.store() instanceof StoreLocation.Postgres postgres)) {
                throw new IllegalStateException("a postgresql:// URL gave " + config.store().describe());
            }
            return postgres;
        }

        private void report(PrintWriter out, StoreLocation.Embedded source, StoreLocation.Postgres target,
                StoreCopy.Copied copied) {
            Path dataDir = from.toAbsolutePath().normalize();
            out.println("Copied " + source.describe() + " into " + target.describe() + ":");
            for (StoreCopy.TableRows table : copied.tables()) {
                out.printf("  %-26s %8d%n", table.table(), table.rows());
            }
            out.println(copied.rows() + " rows in " + copied.tables().size() + " tables; store generation "
                    + copied.generation() + ".");
            out.println();
            out.println("The secrets in the store are sealed under " + dataDir.resolve(MasterKey.FILE_NAME) + ".");
            out.println("Every node needs that same key: copy it (owner-only) into each node's data directory before");
            out.println("the node first starts, then start each node with");
            out.println();
            out.println("  ./charter serve --store " + target.describe() + " --data-dir DIR");
            out.println();
            out.println("(with CHARTER_STORE_USER, and CHARTER_STORE_PASSWORD or --store-password-file, as here).");
            out.flush();
        }
    }
}
