package io.charter.server.metadata;

import io.charter.server.crypto.RandomSource;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code charter metadata}: the agent on an instance. It looks at the instance once (refusing to
 * start when the server cannot be asked or refuses the instance credential), then every poll
 * interval; and serves IMDS and the container credential endpoint from what it holds.
 *
 * <p>Thread-safe.
 */
public final class MetadataAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetadataAgent.class.getName());
    private final InstanceWatch watch;
    private final ContainerCredentials containerCredentials;
    private final ScheduledExecutorService polling;
    private final MetadataServer server;

    private MetadataAgent(InstanceWatch watch, ContainerCredentials containerCredentials,
            ScheduledExecutorService polling, MetadataServer server) {
        this.watch = watch;
        this.containerCredentials = containerCredentials;
        this.polling = polling;
        this.server = server;
    }

    /** Starts the agent; throws {@link IllegalStateException} with a sentence when it cannot. */
    public static MetadataAgent start(AgentSettings settings, Clock clock) {
        CharterInstanceApi api = new CharterInstanceApi(settings.endpoint(), settings.instance(), clock);
        InstanceWatch watch = new InstanceWatch(api, clock);
        try {
            watch.refresh();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Charter at " + settings.endpoint() + ": " + e.getMessage());
        } catch (CharterInstanceApi.Refused e) {
            throw new IllegalStateException("Charter at " + settings.endpoint() + " refused instance "
                    + settings.instance().instanceId() + " (" + e.getMessage() + "); is it still registered?");
        }
        ContainerCredentials containers = new ContainerCredentials(api, clock);
        MetadataEndpoint endpoint = new MetadataEndpoint(watch::current, new SessionTokens(clock, new RandomSource()),
                ContainerTokens.of(settings.instance().secretAccessKey(), settings.containers()), settings.containers(),
                containers, clock);
        MetadataServer server = MetadataServer.start(settings.host(), settings.port(), endpoint);
        ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "charter-metadata-watch");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.pollInterval().toMillis();
        // Nothing waits on the future: each run logs its own failures and never throws (a throw would end the poll).
        var unused = polling.scheduleWithFixedDelay(() -> {
            try {
                watch.refreshQuietly();
                containers.renewDue(settings.containers());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the instance's poll failed; it goes on", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new MetadataAgent(watch, containers, polling, server);
    }

    public int port() {
        return server.port();
    }

    /** The instance as the agent holds it now. */
    public InstanceWatch watch() {
        return watch;
    }

    public ContainerCredentials containerCredentials() {
        return containerCredentials;
    }

    @Override
    public void close() {
        polling.shutdownNow();
        server.close();
    }
}
