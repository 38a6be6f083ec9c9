package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.identity.Group;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import java.util.Map;

/**
 * The IAM entities that hold permission policies, with what differs between them: the word in
 * operation and member names, and the quota on the aggregate size of their inline policies.
 */
enum PolicyHolderKind {
    USER("User", 2048),
    ROLE("Role", 10_240),
    GROUP("Group", 5120);

    /** A resolved holder: the id its policies are stored under, and its name. */
    record Holder(String entityId, String name) {
    }

    private final String noun;
    private final int maxInlineChars;

    PolicyHolderKind(String noun, int maxInlineChars) {
        this.noun = noun;
        this.maxInlineChars = maxInlineChars;
    }

    /** {@code User}, {@code Role} or {@code Group}. */
    String noun() {
        return noun;
    }

    /** Aggregate size of the inline policies, white space not counted (AWS's quotas). */
    int maxInlineChars() {
        return maxInlineChars;
    }

    /** Authorizes {@code action} on the named holder before revealing whether it exists, then returns it. */
    Holder authorized(IdentitySnapshot snapshot, OperationContext context, String name, Authorizer authorizer,
            String action, Map<String, ContextValue> keys) {
        return switch (this) {
            case USER, ROLE -> {
                Identity p = IamResources.authorizedPrincipal(snapshot, context,
                        this == USER ? IdentityKind.USER : IdentityKind.ROLE, name, authorizer, action, keys);
                yield new Holder(p.uniqueId(), p.name());
            }
            case GROUP -> {
                Group g = IamResources.authorizedGroup(snapshot, context, name, authorizer, action, keys);
                yield new Holder(g.groupId(), g.name());
            }
        };
    }
}
