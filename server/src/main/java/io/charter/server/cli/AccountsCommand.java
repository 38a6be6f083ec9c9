package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
final class AccountsCommand extends CommandGroup {
    static int run(CommandSpec spec, Work work) {
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
    interface Work {
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

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return run(spec, out -> {
                String address = email != null ? email : name + "@example.com";
                JsonNode status = target.client().call("CreateAccount", "{\"AccountName\":" + CharterClient.quote(name)
                        + ",\"Email\":" + CharterClient.quote(address) + "}").path("CreateAccountStatus");
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

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return run(spec, out -> {
                CharterClient client = target.client();
                String token = null;
                boolean first = true;
                do {
                    JsonNode page = client.call("ListAccounts", token == null ? "{}"
                            : "{\"NextToken\":" + CharterClient.quote(token) + "}");
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
