package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityTags;
import io.charter.server.domain.TagTarget;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Group;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Details of a managed policy beyond its documents: TagPolicy, UntagPolicy, ListPolicyTags and
 * ListEntitiesForPolicy. Only customer managed policies carry tags; AWS managed ones refuse every
 * change with AccessDenied, as in AWS.
 */
public final class PolicyDetailOperations {
    private final EntityTags tags;
    private final Authorizer authorizer;

    public PolicyDetailOperations(Domain domain, Authorizer authorizer) {
        this.tags = domain.tags();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("TagPolicy", this::tag),
                Operation.of("UntagPolicy", this::untag),
                Operation.of("ListPolicyTags", this::listTags),
                Operation.of("ListEntitiesForPolicy", this::listEntities));
    }

    private StructValue tag(OperationContext context, StructValue input) {
        List<Tag> added = Tags.from(input, "Tags");
        ManagedPolicy policy = changeablePolicy(context, input, "iam:TagPolicy", Tags.requestKeys(added));
        tags.tag(TagTarget.of(policy), added);
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        List<String> keys = input.stringList("TagKeys");
        ManagedPolicy policy = changeablePolicy(context, input, "iam:UntagPolicy",
                Map.of("aws:TagKeys", ContextValue.strings(keys)));
        tags.untag(TagTarget.of(policy), keys);
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        ManagedPolicy policy = authorizedPolicy(snapshot, context, input, "iam:ListPolicyTags", Map.of());
        Page<Tag> page = Page.of(snapshot.tags(policy.policyId()), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    private StructValue listEntities(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        ManagedPolicy policy = authorizedPolicy(snapshot, context, input, "iam:ListEntitiesForPolicy", Map.of());
        String account = context.caller().accountId();
        String filter = input.optionalString("EntityFilter").orElse("");
        String prefix = input.optionalString("PathPrefix").orElse("/");
        String usage = input.optionalString("PolicyUsageFilter").orElse("");
        boolean attached = !usage.equals("PermissionsBoundary");
        boolean boundary = !usage.equals("PermissionsPolicy");

        List<Entity> entities = new ArrayList<>();
        if (filter.isEmpty() || filter.equals("Group")) {
            snapshot.groups().inAccount(account).stream()
                    .filter(g -> g.path().startsWith(prefix))
                    .filter(g -> attached && snapshot.attachedPolicies(g.groupId()).contains(policy.arn()))
                    .sorted(Comparator.comparing((Group g) -> g.name().toLowerCase(Locale.ROOT)))
                    .forEach(g -> entities.add(new Entity("Group", g.name(), g.groupId())));
        }
        for (IdentityKind kind : List.of(IdentityKind.USER, IdentityKind.ROLE)) {
            String noun = kind == IdentityKind.USER ? "User" : "Role";
            if (!filter.isEmpty() && !filter.equals(noun)) {
                continue;
            }
            snapshot.allPrincipals().stream()
                    .filter(p -> p.kind() == kind && p.accountId().equals(account) && p.path().startsWith(prefix))
                    .filter(p -> (attached && snapshot.attachedPolicies(p.uniqueId()).contains(policy.arn()))
                            || (boundary && snapshot.boundaryArn(p.uniqueId()).filter(policy.arn()::equals).isPresent()))
                    .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT)))
                    .forEach(p -> entities.add(new Entity(noun, p.name(), p.uniqueId())));
        }
        // EntityFilter LocalManagedPolicy and AWSManagedPolicy name no entity a policy can be attached to:
        // they leave all three lists empty.
        Page<Entity> page = Page.of(entities, input);
        Map<String, List<StructValue>> byKind = new HashMap<>();
        for (Entity e : page.items()) {
            byKind.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(StructValue.builder()
                    .put(e.kind() + "Name", e.name()).put(e.kind() + "Id", e.id()).build());
        }
        StructValue.Builder out = StructValue.builder();
        for (String kind : List.of("Group", "User", "Role")) {
            out.putList("Policy" + kind + "s", byKind.getOrDefault(kind, List.of()));
        }
        return page.addTo(out).build();
    }

    private record Entity(String kind, String name, String id) {
    }

    /**
     * Authorizes {@code action} on the policy ARN (with the policy's tags as resource keys when it
     * exists) before revealing whether the policy exists.
     */
    private ManagedPolicy authorizedPolicy(IdentitySnapshot snapshot, OperationContext context, StructValue input,
            String action, Map<String, ContextValue> keys) {
        String arn = input.string("PolicyArn");
        Map<String, ContextValue> all = new HashMap<>(keys);
        IamResources.visiblePolicy(snapshot, context, arn)
                .ifPresent(p -> IamResources.targetKeys(snapshot, p.policyId()).forEach(all::putIfAbsent));
        authorizer.authorize(context, action, arn, all);
        return IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
    }

    private ManagedPolicy changeablePolicy(OperationContext context, StructValue input, String action,
            Map<String, ContextValue> keys) {
        IdentitySnapshot snapshot = context.snapshot();
        authorizedPolicy(snapshot, context, input, action, keys);
        return PolicyOperations.ownPolicy(snapshot, context, input.string("PolicyArn"), action);
    }

}
