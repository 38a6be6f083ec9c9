package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityPermissions;
import io.charter.server.domain.PolicyHolder;
import io.charter.server.domain.PolicyHolderKind;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permissions of a user, a role or a group, one implementation for all three:
 * Attach{User,Role,Group}Policy, Detach…, ListAttached…Policies, Put…Policy, Get…Policy,
 * Delete…Policy, List…Policies. Policies are stored under the holder's unique id; a group's count
 * for every member.
 */
public final class EntityPolicyOperations {
    private final EntityPermissions permissions;
    private final Authorizer authorizer;
    private final PolicyHolderKind kind;
    /** {@code User}, {@code Role} or {@code Group}: the word in operation names, members and messages. */
    private final String noun;

    EntityPolicyOperations(Domain domain, Authorizer authorizer, PolicyHolderKind kind) {
        this.permissions = domain.permissions();
        this.authorizer = authorizer;
        this.kind = kind;
        this.noun = kind.noun();
    }

    public static EntityPolicyOperations forUsers(Domain domain, Authorizer authorizer) {
        return new EntityPolicyOperations(domain, authorizer, PolicyHolderKind.USER);
    }

    public static EntityPolicyOperations forRoles(Domain domain, Authorizer authorizer) {
        return new EntityPolicyOperations(domain, authorizer, PolicyHolderKind.ROLE);
    }

    public static EntityPolicyOperations forGroups(Domain domain, Authorizer authorizer) {
        return new EntityPolicyOperations(domain, authorizer, PolicyHolderKind.GROUP);
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("Attach" + noun + "Policy", this::attach),
                Operation.of("Detach" + noun + "Policy", this::detach),
                Operation.of("ListAttached" + noun + "Policies", this::listAttached),
                Operation.of("Put" + noun + "Policy", this::putInline),
                Operation.of("Get" + noun + "Policy", this::getInline),
                Operation.of("Delete" + noun + "Policy", this::deleteInline),
                Operation.of("List" + noun + "Policies", this::listInline));
    }

    private PolicyHolder holder(OperationContext context, StructValue input, String action,
            Map<String, ContextValue> keys) {
        IdentitySnapshot snapshot = context.snapshot();
        PolicyHolder holder = IamResources.authorizedHolder(kind, snapshot, context, input.string(noun + "Name"),
                authorizer, "iam:" + action, keys);
        boolean changes = !action.startsWith("Get") && !action.startsWith("List");
        if (changes && kind == PolicyHolderKind.ROLE) {
            ServiceLinkedRoleOperations.requireModifiable(snapshot.principals().get(holder.entityId()));
        }
        return holder;
    }

    private StructValue attach(OperationContext context, StructValue input) {
        String arn = input.string("PolicyArn");
        PolicyHolder holder = holder(context, input, "Attach" + noun + "Policy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        if (IamResources.visiblePolicy(context.snapshot(), context, arn).isEmpty()) {
            throw IamErrors.policyNotAttachable(arn);
        }
        permissions.attach(holder, arn, context.time());
        return StructValue.EMPTY;
    }

    private StructValue detach(OperationContext context, StructValue input) {
        String arn = input.string("PolicyArn");
        PolicyHolder holder = holder(context, input, "Detach" + noun + "Policy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        permissions.detach(holder, arn);
        return StructValue.EMPTY;
    }

    private StructValue listAttached(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        PolicyHolder holder = holder(context, input, "ListAttached" + noun + "Policies", Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<ManagedPolicy> attached = snapshot.attachedPolicies(holder.entityId()).stream()
                .map(snapshot::managedPolicy).flatMap(Optional::stream)
                .filter(p -> p.path().startsWith(prefix))
                .toList();
        Page<ManagedPolicy> page = Page.of(attached, input);
        return page.addTo(StructValue.builder().putList("AttachedPolicies", page.items().stream()
                .map(p -> StructValue.builder().put("PolicyName", p.name()).put("PolicyArn", p.arn()).build())
                .toList())).build();
    }

    private StructValue putInline(OperationContext context, StructValue input) {
        String name = input.string("PolicyName");
        String document = input.string("PolicyDocument");
        PolicyHolder holder = holder(context, input, "Put" + noun + "Policy", Map.of());
        // An inline policy has no quota of its own: its holder's aggregate quota applies.
        PolicyDocuments.validate(document, PolicyType.IDENTITY, Integer.MAX_VALUE);
        permissions.putInline(holder, name, document);
        return StructValue.EMPTY;
    }

    private StructValue getInline(OperationContext context, StructValue input) {
        String name = input.string("PolicyName");
        PolicyHolder holder = holder(context, input, "Get" + noun + "Policy", Map.of());
        InlinePolicy policy = inline(context.snapshot(), holder, name);
        return StructValue.builder()
                .put(noun + "Name", holder.name())
                .put("PolicyName", policy.name())
                .put("PolicyDocument", policy.stored().text())
                .build();
    }

    private StructValue deleteInline(OperationContext context, StructValue input) {
        String name = input.string("PolicyName");
        PolicyHolder holder = holder(context, input, "Delete" + noun + "Policy", Map.of());
        permissions.deleteInline(holder, name);
        return StructValue.EMPTY;
    }

    private StructValue listInline(OperationContext context, StructValue input) {
        PolicyHolder holder = holder(context, input, "List" + noun + "Policies", Map.of());
        Page<InlinePolicy> page = Page.of(context.snapshot().inlinePolicies(holder.entityId()), input);
        return page.addTo(StructValue.builder().putStrings("PolicyNames",
                page.items().stream().map(InlinePolicy::name).toList())).build();
    }

    private InlinePolicy inline(IdentitySnapshot snapshot, PolicyHolder holder, String name) {
        return snapshot.inlinePolicies(holder.entityId()).stream()
                .filter(p -> p.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> IamErrors.noSuchInlinePolicy(noun, name));
    }
}
