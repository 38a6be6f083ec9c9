package io.charter.server.iam;

import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many of one account's users, roles and groups have each managed policy attached, and use it
 * as their permissions boundary (a policy's {@code AttachmentCount} and
 * {@code PermissionsBoundaryUsageCount}): counted in one pass over the snapshot, so that a request
 * listing many policies costs one pass, not one per policy.
 */
final class PolicyUsage {
    private final Map<String, Integer> attachments = new HashMap<>();
    private final Map<String, Integer> boundaries = new HashMap<>();

    private PolicyUsage() {
    }

    static PolicyUsage of(IdentitySnapshot snapshot, String accountId) {
        PolicyUsage usage = new PolicyUsage();
        for (Map.Entry<String, List<String>> entry : snapshot.attachments().entrySet()) {
            if (inAccount(snapshot, entry.getKey(), accountId)) {
                entry.getValue().forEach(arn -> usage.attachments.merge(arn, 1, Integer::sum));
            }
        }
        for (Map.Entry<String, String> entry : snapshot.boundaries().entrySet()) {
            if (inAccount(snapshot, entry.getKey(), accountId)) {
                usage.boundaries.merge(entry.getValue(), 1, Integer::sum);
            }
        }
        return usage;
    }

    int attachments(String arn) {
        return attachments.getOrDefault(arn, 0);
    }

    int boundaries(String arn) {
        return boundaries.getOrDefault(arn, 0);
    }

    private static boolean inAccount(IdentitySnapshot snapshot, String entityId, String accountId) {
        Identity principal = snapshot.principals().get(entityId);
        if (principal != null) {
            return principal.accountId().equals(accountId);
        }
        Optional<Group> group = snapshot.groups().byId(entityId);
        return group.isPresent() && group.get().accountId().equals(accountId);
    }
}
