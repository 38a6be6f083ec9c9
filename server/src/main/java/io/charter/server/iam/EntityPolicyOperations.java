package io.charter.server.iam;

import io.charter.server.error.IamErrors;
import io.charter.policy.ContextValue;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.PermissionRows.InlineRow;
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
    /** Managed policies attached to one user, role or group (AWS's default quota). */
    static final int MAX_ATTACHED = 10;

    private final Directory directory;
    private final Authorizer authorizer;
    private final PolicyHolderKind kind;
    /** {@code User}, {@code Role} or {@code Group}: the word in operation names, members and messages. */
    private final String noun;
    private final int maxInlineChars;

    EntityPolicyOperations(Directory directory, Authorizer authorizer, PolicyHolderKind kind) {
        this.directory = directory;
        this.authorizer = authorizer;
        this.kind = kind;
        this.noun = kind.noun();
        this.maxInlineChars = kind.maxInlineChars();
    }

    public static EntityPolicyOperations forUsers(Directory directory, Authorizer authorizer) {
        return new EntityPolicyOperations(directory, authorizer, PolicyHolderKind.USER);
    }

    public static EntityPolicyOperations forRoles(Directory directory, Authorizer authorizer) {
        return new EntityPolicyOperations(directory, authorizer, PolicyHolderKind.ROLE);
    }

    public static EntityPolicyOperations forGroups(Directory directory, Authorizer authorizer) {
        return new EntityPolicyOperations(directory, authorizer, PolicyHolderKind.GROUP);
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

    private PolicyHolderKind.Holder holder(IdentitySnapshot snapshot, OperationContext context, StructValue input,
            String action, Map<String, ContextValue> keys) {
        PolicyHolderKind.Holder holder = kind.authorized(snapshot, context, input.string(noun + "Name"), authorizer,
                "iam:" + action, keys);
        boolean changes = !action.startsWith("Get") && !action.startsWith("List");
        if (changes && kind == PolicyHolderKind.ROLE) {
            ServiceLinkedRoleOperations.requireModifiable(snapshot.principals().get(holder.entityId()));
        }
        return holder;
    }

    private StructValue attach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "Attach" + noun + "Policy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotAttachable(arn));
        directory.write((c, w) -> {
            // Checked in the transaction, so that concurrent attaches cannot pass the quota and a
            // policy deleted meanwhile is not attached.
            if (!arn.startsWith("arn:aws:iam::aws:") && !customerPolicyExists(c, w, arn)) {
                throw IamErrors.policyNotAttachable(arn);
            }
            List<String> attached = w.permissions().attachmentsOf(c, holder.entityId());
            if (attached.contains(arn)) {
                return null; // attaching again changes nothing, as in AWS
            }
            if (attached.size() >= MAX_ATTACHED) {
                throw IamErrors.limit("PoliciesPer" + noun, MAX_ATTACHED);
            }
            w.permissions().attach(c, holder.entityId(), arn, context.time());
            return null;
        });
        return StructValue.EMPTY;
    }

    private static boolean customerPolicyExists(java.sql.Connection c, Directory.Writes w, String arn)
            throws java.sql.SQLException {
        String[] parts = arn.split(":", 6);
        String resource = parts[5];
        int slash = resource.lastIndexOf('/');
        return w.permissions().policyExists(c, parts[4], resource.substring("policy".length(), slash + 1),
                resource.substring(slash + 1));
    }

    private StructValue detach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "Detach" + noun + "Policy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        if (!snapshot.attachedPolicies(holder.entityId()).contains(arn)) {
            throw IamErrors.policyNotFound(arn);
        }
        directory.write((c, w) -> w.permissions().detach(c, holder.entityId(), arn));
        return StructValue.EMPTY;
    }

    private StructValue listAttached(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "ListAttached" + noun + "Policies", Map.of());
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
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        String document = input.string("PolicyDocument");
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "Put" + noun + "Policy", Map.of());
        // An inline policy has no quota of its own: its holder's aggregate quota, checked below, applies.
        PolicyDocuments.validate(document, PolicyType.IDENTITY, Integer.MAX_VALUE);
        int total = nonWhitespace(document);
        for (InlinePolicy other : snapshot.inlinePolicies(holder.entityId())) {
            if (!other.name().equalsIgnoreCase(name)) {
                total += nonWhitespace(other.stored().text());
            }
        }
        if (total > maxInlineChars) {
            throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + maxInlineChars
                    + " bytes exceeded for " + noun.toLowerCase(java.util.Locale.ROOT) + " " + holder.name());
        }
        directory.write((c, w) -> {
            w.permissions().putInline(c, new InlineRow(holder.entityId(), name, document));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue getInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "Get" + noun + "Policy", Map.of());
        InlinePolicy policy = inline(snapshot, holder, name);
        return StructValue.builder()
                .put(noun + "Name", holder.name())
                .put("PolicyName", policy.name())
                .put("PolicyDocument", policy.stored().text())
                .build();
    }

    private StructValue deleteInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "Delete" + noun + "Policy", Map.of());
        inline(snapshot, holder, name);
        directory.write((c, w) -> w.permissions().deleteInline(c, holder.entityId(), name));
        return StructValue.EMPTY;
    }

    private StructValue listInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        PolicyHolderKind.Holder holder = holder(snapshot, context, input, "List" + noun + "Policies", Map.of());
        Page<InlinePolicy> page = Page.of(snapshot.inlinePolicies(holder.entityId()), input);
        return page.addTo(StructValue.builder().putStrings("PolicyNames",
                page.items().stream().map(InlinePolicy::name).toList())).build();
    }

    private InlinePolicy inline(IdentitySnapshot snapshot, PolicyHolderKind.Holder holder, String name) {
        return snapshot.inlinePolicies(holder.entityId()).stream()
                .filter(p -> p.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                        "The " + noun.toLowerCase(java.util.Locale.ROOT) + " policy with name " + name + " cannot be found."));
    }

    /** IAM does not count white space toward policy size quotas. */
    static int nonWhitespace(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
