package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.http.Operation;
import io.charter.server.http.OperationContext;
import io.charter.server.identity.Directory;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.InlinePolicy;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.Principal;
import io.charter.server.protocol.AwsErrorCode;
import io.charter.server.protocol.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.PermissionRows.InlineRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's permissions: AttachUserPolicy, DetachUserPolicy, ListAttachedUserPolicies,
 * PutUserPolicy, GetUserPolicy, DeleteUserPolicy, ListUserPolicies.
 */
public final class UserPolicyOperations {
    /** Managed policies attached to one user (AWS's default quota). */
    static final int MAX_ATTACHED = 10;
    /** Aggregate size of a user's inline policies, white space not counted (AWS's quota). */
    static final int MAX_INLINE_CHARS = 2048;

    private final Directory directory;
    private final Authorizer authorizer;

    public UserPolicyOperations(Directory directory, Authorizer authorizer) {
        this.directory = directory;
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("iam", "AttachUserPolicy", this::attach),
                Operation.of("iam", "DetachUserPolicy", this::detach),
                Operation.of("iam", "ListAttachedUserPolicies", this::listAttached),
                Operation.of("iam", "PutUserPolicy", this::putInline),
                Operation.of("iam", "GetUserPolicy", this::getInline),
                Operation.of("iam", "DeleteUserPolicy", this::deleteInline),
                Operation.of("iam", "ListUserPolicies", this::listInline));
    }

    private StructValue attach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:AttachUserPolicy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotAttachable(arn));
        List<String> attached = snapshot.attachedPolicies(user.uniqueId());
        if (attached.contains(arn)) {
            return StructValue.EMPTY; // attaching again changes nothing, as in AWS
        }
        if (attached.size() >= MAX_ATTACHED) {
            throw IamErrors.limit("PoliciesPerUser", MAX_ATTACHED);
        }
        directory.write((c, w) -> {
            w.permissions().attach(c, user.uniqueId(), arn, context.time());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue detach(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:DetachUserPolicy", Map.of("iam:PolicyARN", ContextValue.arn(arn)));
        if (!snapshot.attachedPolicies(user.uniqueId()).contains(arn)) {
            throw IamErrors.policyNotFound(arn);
        }
        directory.write((c, w) -> w.permissions().detach(c, user.uniqueId(), arn));
        return StructValue.EMPTY;
    }

    private StructValue listAttached(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:ListAttachedUserPolicies", Map.of());
        String prefix = input.optionalString("PathPrefix").orElse("/");
        List<ManagedPolicy> attached = snapshot.attachedPolicies(user.uniqueId()).stream()
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
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:PutUserPolicy", Map.of());
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        int total = nonWhitespace(document);
        for (InlinePolicy other : snapshot.inlinePolicies(user.uniqueId())) {
            if (!other.name().equalsIgnoreCase(name)) {
                total += nonWhitespace(other.document().text());
            }
        }
        if (total > MAX_INLINE_CHARS) {
            throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED,
                    "Maximum policy size of " + MAX_INLINE_CHARS + " bytes exceeded for user " + user.name());
        }
        directory.write((c, w) -> {
            w.permissions().putInline(c, new InlineRow(user.uniqueId(), name, document));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue getInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:GetUserPolicy", Map.of());
        InlinePolicy policy = inline(snapshot, user, name);
        return StructValue.builder()
                .put("UserName", user.name())
                .put("PolicyName", policy.name())
                .put("PolicyDocument", policy.document().text())
                .build();
    }

    private StructValue deleteInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String name = input.string("PolicyName");
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:DeleteUserPolicy", Map.of());
        inline(snapshot, user, name);
        directory.write((c, w) -> w.permissions().deleteInline(c, user.uniqueId(), name));
        return StructValue.EMPTY;
    }

    private StructValue listInline(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Principal user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:ListUserPolicies", Map.of());
        Page<InlinePolicy> page = Page.of(snapshot.inlinePolicies(user.uniqueId()), input);
        return page.addTo(StructValue.builder().putStrings("PolicyNames",
                page.items().stream().map(InlinePolicy::name).toList())).build();
    }

    private static InlinePolicy inline(IdentitySnapshot snapshot, Principal user, String name) {
        return snapshot.inlinePolicies(user.uniqueId()).stream()
                .filter(p -> p.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                        "The user policy with name " + name + " cannot be found."));
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
