package io.charter.server.cli;

import io.charter.server.metadata.AgentSettings;
import io.charter.server.metadata.Container;
import io.charter.server.metadata.ContainerTokens;
import io.charter.server.metadata.InstanceCredentialsFile;
import io.charter.server.metadata.MetadataAgent;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter metadata}: the agent on a registered instance, serving the instance metadata
 * service (IMDS) as EC2 does and the container credential endpoint as ECS does, from the
 * instance's state at the server, with the instance credential that {@code charter instances
 * register} wrote. {@code charter metadata container-token NAME} prints a container's token.
 */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Serve instance metadata (IMDS) and container credentials on a registered instance.",
        subcommands = MetadataCommand.ContainerToken.class)
final class MetadataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Not picocli's required options: they would be asked of container-token too. call() checks them.
    @Option(names = "--instance-credentials", paramLabel = "FILE",
            description = "The instance credential file written by charter instances register (owner-only).")
    Path credentialsFile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Charter's endpoint, e.g. http://charter.internal:8080.")
    URI endpoint;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "169.254.169.254:80",
            description = "Where to serve (default ${DEFAULT-VALUE}, IMDS's own address).")
    String listen;

    @Option(names = "--container", paramLabel = "NAME=ROLE_ARN",
            description = "A container to serve task-role credentials to at /v1/credentials (repeatable).")
    List<String> containers = new ArrayList<>();

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "How often to look at the instance at the server (default ${DEFAULT-VALUE} s).")
    BigDecimal pollSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        AgentSettings settings;
        try {
            if (credentialsFile == null || endpoint == null) {
                throw new IllegalArgumentException("--instance-credentials FILE and --endpoint URL are required");
            }
            InstanceCredentialsFile instance = InstanceCredentialsFile.read(credentialsFile);
            List<Container> served = new ArrayList<>();
            for (String option : containers) {
                served.add(Container.parse(option));
            }
            Listen address = Listen.parse(listen);
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException("--endpoint " + endpoint + " is not a URL like http://HOST:PORT");
            }
            settings = new AgentSettings(instance, endpoint, address.host(), address.port(), served,
                    Duration.ofMillis(pollSeconds.movePointRight(3).longValueExact()));
        } catch (InstanceCredentialsFile.InvalidCredentialsFileException | IllegalArgumentException
                | ArithmeticException e) {
            err.println("charter metadata: " + e.getMessage());
            return ExitCodes.BAD_CONFIGURATION;
        }
        MetadataAgent agent;
        try {
            agent = MetadataAgent.start(settings, Clock.systemUTC());
        } catch (IllegalStateException e) {
            err.println("charter metadata: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "charter-metadata-stop"));
        spec.commandLine().getOut().println("Charter metadata agent for instance " + settings.instance().instanceId()
                + " serving http://" + Listen.format(settings.host(), agent.port()) + "/latest/meta-data/"
                + (settings.containers().isEmpty() ? "" : " and container credentials at /v1/credentials"));
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    /** {@code HOST:PORT}, the host in brackets when it is an IPv6 address. */
    record Listen(String host, int port) {
        static Listen parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--listen " + text + " is not HOST:PORT");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen " + text + " has no port number");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--listen " + text + ": the port is not 0 to 65535");
            }
            return new Listen(host, port);
        }

        static String format(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    @Command(name = "container-token", mixinStandardHelpOptions = true,
            description = "Print the token a container presents as AWS_CONTAINER_AUTHORIZATION_TOKEN.")
    static final class ContainerToken implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The container's name, as given to --container NAME=ROLE_ARN.")
        String name;

        @Option(names = "--instance-credentials", paramLabel = "FILE", required = true,
                description = "The instance credential file the agent runs with.")
        Path credentialsFile;

        @Override
        public Integer call() {
            try {
                Container.checkName(name);
                InstanceCredentialsFile instance = InstanceCredentialsFile.read(credentialsFile);
                spec.commandLine().getOut().println(ContainerTokens.token(instance.secretAccessKey(), name));
                return ExitCodes.OK;
            } catch (InstanceCredentialsFile.InvalidCredentialsFileException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("charter metadata container-token: " + e.getMessage());
                return ExitCodes.BAD_CONFIGURATION;
            }
        }
    }
}
