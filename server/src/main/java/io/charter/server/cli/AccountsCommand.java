package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.ConfigException;
import io.charter.server.config.ConfigLoader;
import io.charter.server.config.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter accounts create NAME} and {@code charter accounts list}: conveniences over the
 * running server's Organizations API, signed with the root credentials saved at first start.
 */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Create and list the accounts of the organization (the server must be running).",
        subcommands = {AccountsCommand.Create.class, AccountsCommand.List.class})
final class AccountsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** Where the server is and which credentials to use, from the same settings as {@code serve}. */
    static class Target {
        @Option(names = "--host", paramLabel = "ADDRESS", description = "Server address (default 127.0.0.1; CHARTER_HOST).")
        String host;

        @Option(names = "--port", paramLabel = "PORT", description = "Server port (default 8600; CHARTER_PORT).")
        String port;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory holding the credentials file (default ./data).")
        String dataDir;

        @Option(names = "--config", paramLabel = "FILE", description = "Optional configuration file (CHARTER_CONFIG).")
        Path configFile;

        OrganizationsClient client() throws IOException {
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            if (host != null) {
                flags.put(Setting.HOST, host);
            }
            if (port != null) {
                flags.put(Setting.PORT, port);
            }
            if (dataDir != null) {
                flags.put(Setting.DATA_DIR, dataDir);
            }
            CharterConfig config = new ConfigLoader(System.getenv()).load(flags, Optional.ofNullable(configFile));
            String address = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            return new OrganizationsClient(URI.create("http://" + address + ":" + config.port()),
                    OrganizationsClient.fromCredentialsFile(config.dataDir().resolve("credentials")), Clock.systemUTC());
        }
    }

    private static int run(CommandSpec spec, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            work.run(spec.commandLine().getOut());
            return ExitCodes.OK;
        } catch (ConfigException e) {
            err.println("charter: " + e.getMessage());
            return ExitCodes.BAD_CONFIGURATION;
        } catch (IOException e) {
            err.println("charter: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(PrintWriter out) throws IOException, InterruptedException;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account in the organization.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The account name.")
        String name;

        @Option(names = "--email", paramLabel = "EMAIL", description = "The account's email (default NAME@example.com).")
        String email;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return run(spec, out -> {
                String address = email != null ? email : name + "@example.com";
                JsonNode status = target.client().call("CreateAccount", "{\"AccountName\":" + OrganizationsClient.quote(name)
                        + ",\"Email\":" + OrganizationsClient.quote(address) + "}").path("CreateAccountStatus");
                if (!status.path("State").asText().equals("SUCCEEDED")) {
                    throw new IOException("the account was not created: " + status.path("FailureReason").asText());
                }
                out.println("Created account " + status.path("AccountId").asText() + " (" + name + "). Enter it by assuming"
                        + " arn:aws:iam::" + status.path("AccountId").asText() + ":role/OrganizationAccountAccessRole.");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts of the organization.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return run(spec, out -> {
                OrganizationsClient client = target.client();
                String token = null;
                boolean first = true;
                do {
                    JsonNode page = client.call("ListAccounts", token == null ? "{}"
                            : "{\"NextToken\":" + OrganizationsClient.quote(token) + "}");
                    if (first) {
                        out.printf("%-14s %-24s %s%n", "ACCOUNT", "NAME", "EMAIL");
                        first = false;
                    }
                    for (JsonNode account : page.path("Accounts")) {
                        out.printf("%-14s %-24s %s%n", account.path("Id").asText(), account.path("Name").asText(),
                                account.path("Email").asText());
                    }
                    token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
                } while (token != null);
            });
        }
    }
}
