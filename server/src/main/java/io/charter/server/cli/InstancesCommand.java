package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.metadata.InstanceCredentialsFile;
import io.charter.server.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter instances register|deregister|grant-task-role|revoke-task-role}: machines
 * registered as instances of the caller's account (workload credentials, beyond AWS). Each calls
 * the running server's {@code charter} service, signed and authorized like any other call. The
 * instance credential {@code register} writes is what {@code charter metadata} runs with on the
 * machine; EC2's calls ({@code aws ec2 associate-iam-instance-profile}, …) attach a role to it.
 */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "Register machines as instances, whose metadata agent hands them their role's credentials"
                + " (the server must be running).",
        subcommands = {InstancesCommand.Register.class, InstancesCommand.Deregister.class,
                InstancesCommand.GrantTaskRole.class, InstancesCommand.RevokeTaskRole.class})
final class InstancesCommand extends CommandGroup {
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register a machine; print its instance id and write its own credential to FILE (owner-only).")
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The machine's name (its Name tag in DescribeInstances).")
        String name;

        @Option(names = "--credentials-file", required = true, paramLabel = "FILE",
                description = "Where to write the instance credential, for charter metadata on the machine.")
        Path credentialsFile;

        @Option(names = "--force", description = "Replace FILE if it exists.")
        boolean force;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                // Checked before registering, so that a credential is never made without a place to keep it.
                Path parent = credentialsFile.toAbsolutePath().getParent();
                if (Files.exists(credentialsFile) && !force) {
                    throw new IOException(credentialsFile + " exists: choose another file, or --force to replace it");
                }
                if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    throw new IOException("cannot write " + credentialsFile + ": " + parent + " is not a writable directory");
                }
                CharterClient client = target.client();
                JsonNode answer = client.admin("RegisterInstance", "{\"Name\":" + CharterClient.quote(name) + "}");
                String instanceId = answer.path("InstanceId").asText();
                try {
                    OwnerOnlyFiles.write(credentialsFile, InstanceCredentialsFile.text(instanceId,
                            answer.path("AccessKeyId").asText(), answer.path("SecretAccessKey").asText()));
                } catch (IOException e) {
                    // Its secret is lost with the file: the instance goes again rather than linger unusable.
                    client.admin("DeregisterInstance", "{\"InstanceId\":" + CharterClient.quote(instanceId) + "}");
                    throw new IOException("could not write " + credentialsFile + " (" + e.getMessage() + "); "
                            + instanceId + " was deregistered again", e);
                }
                out.println(instanceId);
                spec.commandLine().getErr().println("Registered " + instanceId + " (" + answer.path("InstanceArn").asText()
                        + "); its credential is in " + credentialsFile + ": copy it to the machine and run"
                        + " charter metadata --instance-credentials FILE there.");
            });
        }
    }

    @Command(name = "deregister", mixinStandardHelpOptions = true,
            description = "Deregister an instance: its credential stops working at once.")
    static final class Deregister implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "INSTANCE_ID", description = "The instance's id (i-…).")
        String instanceId;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                target.client().admin("DeregisterInstance", "{\"InstanceId\":" + CharterClient.quote(instanceId) + "}");
                out.println("Deregistered " + instanceId + "; its credential no longer works.");
            });
        }
    }

    /** A task role given to or taken from an instance: the call, and what is said once it is done. */
    abstract static class TaskRoleCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "INSTANCE_ID", description = "The instance's id (i-…).")
        String instanceId;

        @Parameters(index = "1", paramLabel = "ROLE_ARN", description = "The role's ARN.")
        String roleArn;

        @Mixin
        ServerTarget target = new ServerTarget();

        abstract String operation();

        abstract String done();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                target.client().admin(operation(), "{\"InstanceId\":" + CharterClient.quote(instanceId)
                        + ",\"RoleArn\":" + CharterClient.quote(roleArn) + "}");
                out.println(done());
            });
        }
    }

    @Command(name = "grant-task-role", mixinStandardHelpOptions = true,
            description = "Let an instance hand a role to its containers (the role must trust ecs-tasks.amazonaws.com).")
    static final class GrantTaskRole extends TaskRoleCommand {
        @Override
        String operation() {
            return "GrantTaskRole";
        }

        @Override
        String done() {
            return "Granted " + roleArn + " to the containers of " + instanceId + ".";
        }
    }

    @Command(name = "revoke-task-role", mixinStandardHelpOptions = true,
            description = "Stop an instance from handing a role to its containers.")
    static final class RevokeTaskRole extends TaskRoleCommand {
        @Override
        String operation() {
            return "RevokeTaskRole";
        }

        @Override
        String done() {
            return "Revoked " + roleArn + " from the containers of " + instanceId + ".";
        }
    }
}
