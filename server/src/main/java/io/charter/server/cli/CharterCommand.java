package io.charter.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code charter} command; its subcommands do the work. */
@Command(name = "charter", mixinStandardHelpOptions = true, version = "charter 0.1.0",
        description = "Charter: a self-hosted AWS IAM and STS server.")
final class CharterCommand extends CommandGroup {
}
