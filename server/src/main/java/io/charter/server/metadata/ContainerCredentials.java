package io.charter.server.metadata;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Each container's task-role credentials, fetched on its first request and renewed as the
 * instance's are (once a third of their lifetime remains, on a request or by {@link #renewDue(Iterable)});
 * a server that cannot be reached leaves the held ones in use while they are valid, never after.
 *
 * <p>Thread-safe.
 */
public final class ContainerCredentials implements ContainerCredentialSource {
    private static final Logger LOG = Logger.getLogger(ContainerCredentials.class.getName());

    private final CharterInstanceApi api;
    private final Clock clock;
    private final Map<String, RoleCredentials> held = new ConcurrentHashMap<>();

    public ContainerCredentials(CharterInstanceApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public RoleCredentials credentials(Container container) throws Unavailable {
        Instant now = clock.instant();
        RoleCredentials current = held.get(container.name());
        if (current != null && !current.dueForRenewalAt(now)) {
            return current;
        }
        try {
            RoleCredentials fresh = api.taskRole(container);
            held.put(container.name(), fresh);
            return fresh;
        } catch (CharterInstanceApi.Refused e) {
            held.remove(container.name());
            throw new Unavailable(true, e.getMessage());
        } catch (IOException e) {
            if (current != null && current.validAt(now)) {
                return current;
            }
            throw new Unavailable(false, "the Charter server cannot be reached: " + e.getMessage());
        }
    }

    /** Forgets a container's credentials (its role is no longer granted to the instance). */
    @Override
    public void forget(Container container) {
        held.remove(container.name());
    }

    /** Renews the held credentials that are due; a failure is logged and left for the next request. */
    public void renewDue(Iterable<Container> containers) {
        Instant now = clock.instant();
        for (Container container : containers) {
            RoleCredentials current = held.get(container.name());
            if (current != null && current.dueForRenewalAt(now)) {
                try {
                    credentials(container);
                } catch (Unavailable e) {
                    LOG.warning(() -> "cannot renew the credentials of container " + container.name() + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
