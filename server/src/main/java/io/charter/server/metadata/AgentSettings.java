package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How {@code charter metadata} runs: the instance credential, the Charter endpoint it calls, where it
 * listens, the containers it serves, and how often it looks at the instance (default 2 s).
 */
public record AgentSettings(InstanceCredentialsFile instance, URI endpoint, String host, int port,
        List<Container> containers, Duration pollInterval) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    public AgentSettings {
        requireNonNull(instance, "instance is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(host, "host is null");
        containers = List.copyOf(containers);
        requireNonNull(pollInterval, "pollInterval is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port is not 0 to 65535: " + port);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive: " + pollInterval);
        }
        if (containers.stream().map(Container::name).distinct().count() != containers.size()) {
            throw new IllegalArgumentException("a container is named twice");
        }
    }
}
