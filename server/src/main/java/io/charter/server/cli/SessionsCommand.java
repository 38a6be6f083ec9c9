package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter sessions revoke ACCESS_KEY_ID}: revokes one session by its temporary access key
 * id (beyond AWS), and {@code charter sessions rotate-token-key}: makes a new session-token key
 * the sealing one now rather than at its scheduled age. Both call the running server's
 * {@code charter} service, so they are authorized like any other call and reach every node
 * sharing the store.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Operate on sessions of a running server.",
        subcommands = {SessionsCommand.Revoke.class, SessionsCommand.RotateTokenKey.class})
final class SessionsCommand extends CommandGroup {
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke one session, by its temporary access key id (ASIA…), on every node.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ACCESS_KEY_ID", description = "The session's temporary access key id (ASIA…).")
        String accessKeyId;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                JsonNode answer = target.client().admin("RevokeSession",
                        "{\"AccessKeyId\":" + CharterClient.quote(accessKeyId) + "}");
                out.println("Revoked session " + accessKeyId + " at " + instant(answer.path("RevokedAt"))
                        + "; every request signed with it is refused from now on.");
            });
        }
    }

    @Command(name = "rotate-token-key", mixinStandardHelpOptions = true,
            description = "Make a new session-token key the sealing one now; tokens sealed earlier keep working until they expire.")
    static final class RotateTokenKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                JsonNode answer = target.client().admin("RotateSessionTokenKey", "{}");
                out.println("Session-token key " + answer.path("KeyId").asInt() + " seals new tokens since "
                        + instant(answer.path("ActiveSince")) + " (" + answer.path("KeysInRing").asInt()
                        + " keys in the ring).");
            });
        }
    }

    /** AWS JSON timestamps are epoch seconds. */
    private static Instant instant(JsonNode epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds.asDouble() * 1000));
    }
}
