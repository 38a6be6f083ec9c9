package io.charter.server.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter roles revoke-sessions NAME}: "revoke active sessions" as AWS does it — an inline
 * policy {@code AWSRevokeOlderSessions} on the role denying everything to sessions issued before
 * now — written through the running server's IAM API, so it is authorized like any
 * {@code iam:PutRolePolicy} and honoured on the next request.
 */
@Command(name = "roles", mixinStandardHelpOptions = true, description = "Operate on roles of a running server.",
        subcommands = RolesCommand.RevokeSessions.class)
final class RolesCommand extends CommandGroup {
    static final String POLICY_NAME = "AWSRevokeOlderSessions";


    /** The policy AWS's console writes, with the revocation time. */
    static String revokePolicy(Instant before) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],"
                + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + before + "\"}}}]}";
    }

    @Command(name = "revoke-sessions", mixinStandardHelpOptions = true,
            description = "Deny every session of a role issued before now (inline policy AWSRevokeOlderSessions).")
    static final class RevokeSessions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ROLE", description = "The role's name, in the account of the credentials used.")
        String roleName;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS);
                target.client().iam("PutRolePolicy", Map.of("RoleName", roleName, "PolicyName", POLICY_NAME,
                        "PolicyDocument", revokePolicy(now)));
                out.println("Revoked the sessions of role " + roleName + " issued before " + now
                        + " (inline policy " + POLICY_NAME + "); sessions issued later are unaffected.");
            });
        }
    }
}
