package io.charter.server.metadata;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the agent's view of its instance current: each {@link #refresh()} (every few seconds, so that
 * a change of attachment or of metadata options shows within seconds) asks the server what the
 * instance is, and asks for credentials only when it holds none for the attached role, the role
 * changed, or those it holds are due for renewal ({@link RoleCredentials#dueForRenewalAt}). A server
 * that cannot be reached changes nothing: what is held is served while it is valid, never after
 * ({@link MetadataTree} checks). A server that refuses the instance credential (the instance was
 * deregistered) takes the profile and its credentials away at once.
 *
 * <p>Thread-safe: one thread refreshes, any number read {@link #current()}.
 */
public final class InstanceWatch {
    private static final Logger LOG = Logger.getLogger(InstanceWatch.class.getName());

    private final CharterInstanceApi api;
    private final Clock clock;
    private final AtomicReference<InstanceView> view = new AtomicReference<>();
    private volatile boolean lastFailed;

    public InstanceWatch(CharterInstanceApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** The view the endpoint answers from; empty until the first refresh succeeded. */
    public Optional<InstanceView> current() {
        return Optional.ofNullable(view.get());
    }

    /**
     * One look at the instance; throws when the server could not be asked or refused (the view is kept,
     * less what a refusal of the instance credential takes away).
     */
    public synchronized void refresh() throws IOException, CharterInstanceApi.Refused {
        try {
            InstanceView held = view.get();
            Instant now = clock.instant();
            boolean ask = held == null || needsCredentials(held, now);
            InstanceView answered = api.instance(ask);
            if (!ask && answered.profile().isPresent()) {
                answered = sameRole(held, answered)
                        ? answered.withProfile(answered.profile(), held.credentials())
                        // The role changed since the last look: its credentials, now.
                        : api.instance(true);
            }
            InstanceView seen = answered;
            if (held == null || !held.profile().equals(seen.profile())) {
                LOG.info(() -> "instance " + seen.instanceId() + ": "
                        + seen.profile().map(p -> "instance profile " + p.arn() + " (role "
                                + p.roleName().orElse("none") + ")")
                                .orElse("no instance profile attached"));
            }
            if (seen.profile().flatMap(InstanceProfile::roleName).isPresent() && seen.credentials().isEmpty()) {
                LOG.warning(() -> "no credentials for role " + seen.profile().get().roleName().get() + ": "
                        + seen.credentialsCode().orElse("") + " " + seen.credentialsMessage().orElse(""));
            }
            view.set(seen);
            if (lastFailed) {
                LOG.info("the server answers again");
                lastFailed = false;
            }
        } catch (CharterInstanceApi.Refused e) {
            if (e.credentialRefused()) {
                InstanceView held = view.get();
                if (held != null) {
                    view.set(held.withProfile(Optional.empty(), Optional.empty()).withTaskRoleArns(List.of()));
                }
            }
            failed(e.getMessage());
            throw e;
        } catch (IOException e) {
            failed(e.getMessage());
            throw e;
        }
    }

    /** Refreshes, logging a failure (once until the server answers again) instead of throwing it. */
    public void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | CharterInstanceApi.Refused e) {
            // logged by refresh
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the instance could not be refreshed", e);
        }
    }

    private void failed(String why) {
        if (!lastFailed) {
            LOG.warning(() -> "cannot refresh the instance from the server (" + why
                    + "); serving what is held while it is valid");
            lastFailed = true;
        }
    }

    private static boolean needsCredentials(InstanceView held, Instant now) {
        return held.profile().flatMap(InstanceProfile::roleArn).isPresent()
                && held.credentials().map(c -> c.dueForRenewalAt(now)).orElse(true);
    }

    private static boolean sameRole(InstanceView held, InstanceView seen) {
        return held.profile().flatMap(InstanceProfile::roleArn)
                        .equals(seen.profile().flatMap(InstanceProfile::roleArn))
                && held.profile().map(InstanceProfile::arn).equals(seen.profile().map(InstanceProfile::arn));
    }
}
