package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.http.Operation;
import io.charter.server.http.OperationContext;
import io.charter.server.identity.Directory;
import io.charter.server.identity.Group;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.protocol.AwsErrorCode;
import io.charter.server.protocol.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.PermissionRows.InlineRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's permissions: AttachGroupPolicy, DetachGroupPolicy, ListAttachedGroupPolicies,
 * PutGroupPolicy, GetGroupPolicy, DeleteGroupPolicy, ListGroupPolicies. Stored like a user's,
 * under the group's unique id; they count for every member of the group.
 */
public final class GroupPolicyOperations {
    /** Managed policies attached to one group (AWS's fixed quota). */
    static final int MAX_ATTACHED = 10;
    /** Aggregate size of a group's inline policies, white space not counted (AWS's quota). */
    static final int MAX_INLINE_CHARS = 5120;

    private final Directory directory;
    private final Authorizer authorizer;

    public GroupPolicyOperations(Directory directory, Authorizer authorizer) {
        this.directory = directory;
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("iam", "AttachGroupPolicy", this::attach),
                Operation.of("iam", "DetachGroupPolicy", this::detach),
                Operation.of("iam", "ListAttachedGroupPolicies", this::listAttached),
                Operation.of("iam", "PutGroupPolicy", this::putInline),
                Operation.of("iam", "GetGroupPolicy", this::getInline),
                Operation.of("iam", "DeleteGroupPolicy", this::deleteInline),
                Operation.of("iam", "ListGroupPolicies", this::listInline));
    }

    private StructValue attach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:AttachGroupPolicy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotAttachable(arn));
        List<String> attached = snapshot.attachedPolicies(group.groupId());
        if (attached.contains(arn)) {
            return StructValue.EMPTY; // attaching again changes nothing, as in AWS
        }
        if (attached.size() >= MAX_ATTACHED) {
            throw IamErrors.limit("PoliciesPerGroup", MAX_ATTACHED);
        }
        directory.write((c, w) -> {
            w.permissions().attach(c, group.groupId(), arn, context.time());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue detach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:DetachGroupPolicy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        if (!snapshot.attachedPolicies(group.groupId()).contains(arn)) {
            throw IamErrors.policyNotFound(arn);
        }
        directory.write((c, w) -> w.permissions().detach(c, group.groupId(), arn));
        return StructValue.EMPTY;
    }

    private StructValue listAttached(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:ListAttachedGroupPolicies", Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<ManagedPolicy> attached = snapshot.attachedPolicies(group.groupId()).stream()
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
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:PutGroupPolicy", Map.of());
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        int total = PrincipalPolicyOperations.nonWhitespace(document);
        for (InlinePolicy other : snapshot.inlinePolicies(group.groupId())) {
            if (!other.name().equalsIgnoreCase(name)) {
                total += PrincipalPolicyOperations.nonWhitespace(other.document().text());
            }
        }
        if (total > MAX_INLINE_CHARS) {
            throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED,
                    "Maximum policy size of " + MAX_INLINE_CHARS + " bytes exceeded for group " + group.name());
        }
        directory.write((c, w) -> {
            w.permissions().putInline(c, new InlineRow(group.groupId(), name, document));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue getInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:GetGroupPolicy", Map.of());
        InlinePolicy policy = inline(snapshot, group, name);
        return StructValue.builder()
                .put("GroupName", group.name())
                .put("PolicyName", policy.name())
                .put("PolicyDocument", policy.document().text())
                .build();
    }

    private StructValue deleteInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:DeleteGroupPolicy", Map.of());
        inline(snapshot, group, name);
        directory.write((c, w) -> w.permissions().deleteInline(c, group.groupId(), name));
        return StructValue.EMPTY;
    }

    private StructValue listInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Group group = IamResources.authorizedGroup(snapshot, context, input.string("GroupName"), authorizer,
                "iam:ListGroupPolicies", Map.of());
        Page<InlinePolicy> page = Page.of(snapshot.inlinePolicies(group.groupId()), input);
        return page.addTo(StructValue.builder().putStrings("PolicyNames",
                page.items().stream().map(InlinePolicy::name).toList())).build();
    }

    private static InlinePolicy inline(IdentitySnapshot snapshot, Group group, String name) {
        return snapshot.inlinePolicies(group.groupId()).stream()
                .filter(p -> p.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                        "The group policy with name " + name + " cannot be found."));
    }
}
