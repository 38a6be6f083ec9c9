package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.ManagedPolicies;
import io.charter.server.domain.Written;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, CreatePolicyVersion,
 * GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion. Documents
 * are validated by the policy engine and compiled once, when written.
 */
public final class PolicyOperations {
    private final ManagedPolicies policies;
    private final Authorizer authorizer;

    public PolicyOperations(Domain domain, Authorizer authorizer) {
        this.policies = domain.policies();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreatePolicy", this::createPolicy),
                Operation.of("GetPolicy", this::getPolicy),
                Operation.of("ListPolicies", this::listPolicies),
                Operation.of("DeletePolicy", this::deletePolicy),
                Operation.of("CreatePolicyVersion", this::createVersion),
                Operation.of("GetPolicyVersion", this::getVersion),
                Operation.of("ListPolicyVersions", this::listVersions),
                Operation.of("DeletePolicyVersion", this::deleteVersion),
                Operation.of("SetDefaultPolicyVersion", this::setDefaultVersion));
    }

    private StructValue createPolicy(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("PolicyName");
        String path = input.optionalString("Path").orElse("/");
        String document = input.string("PolicyDocument");
        String description = input.optionalString("Description").orElse("");
        List<Tag> tags = Tags.from(input, "Tags");
        String arn = Arns.policy(account, path, name);
        authorizer.authorize(context, "iam:CreatePolicy", arn, Tags.requestKeys(tags));
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagPolicy", arn, Tags.requestKeys(tags));
        }
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        Written<ManagedPolicy> created = policies.create(
                new ManagedPolicies.NewPolicy(account, name, path, document, description, tags), context.time());
        return StructValue.builder().put("Policy", policy(created.value(), created.snapshot(), context, true)).build();
    }

    private StructValue getPolicy(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:GetPolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        return StructValue.builder().put("Policy", policy(policy, snapshot, context, true)).build();
    }

    private StructValue listPolicies(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListPolicies", Arns.policy(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String scope = input.optionalString("Scope").orElse("All");
        boolean onlyAttached = input.optionalBoolean("OnlyAttached").orElse(false);
        String prefix = input.optionalString("PathPrefix").orElse("/");
        String usage = input.optionalString("PolicyUsageFilter").orElse("");
        List<ManagedPolicy> found = snapshot.managedPolicies().values().stream()
                .filter(p -> p.awsManaged() ? !scope.equals("Local") : !scope.equals("AWS")
                        && p.accountId().orElseThrow().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || attachmentCount(snapshot, p.arn(), context) > 0)
                .filter(p -> !usage.equals("PermissionsBoundary") || boundaryCount(snapshot, p.arn(), context) > 0)
                .filter(p -> !usage.equals("PermissionsPolicy") || attachmentCount(snapshot, p.arn(), context) > 0)
                .sorted(Comparator.comparing((ManagedPolicy p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(ManagedPolicy::arn))
                .toList();
        Page<ManagedPolicy> page = Page.of(found, input);
        return page.addTo(StructValue.builder().putList("Policies",
                page.items().stream().map(p -> policy(p, snapshot, context, false)).toList())).build();
    }

    private StructValue deletePolicy(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:DeletePolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicy");
        policies.delete(policy);
        return StructValue.EMPTY;
    }

    private StructValue createVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:CreatePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:CreatePolicyVersion");
        String document = input.string("PolicyDocument");
        boolean setAsDefault = input.optionalBoolean("SetAsDefault").orElse(false);
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        String versionId = policies.createVersion(policy, document, setAsDefault, context.time());
        return StructValue.builder().put("PolicyVersion", StructValue.builder()
                .put("VersionId", versionId)
                .put("IsDefaultVersion", setAsDefault)
                .put("CreateDate", context.time())
                .build()).build();
    }

    private StructValue getVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:GetPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        PolicyVersion version = policy.version(versionId).orElseThrow(() -> IamErrors.noSuchPolicyVersion(arn, versionId));
        return StructValue.builder().put("PolicyVersion", version(policy, version, true)).build();
    }

    private StructValue listVersions(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:ListPolicyVersions", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        List<PolicyVersion> newestFirst = policy.versions().stream()
                .sorted(Comparator.comparing(PolicyVersion::createdAt).thenComparing(PolicyVersion::versionId).reversed())
                .toList();
        Page<PolicyVersion> page = Page.of(newestFirst, input);
        return page.addTo(StructValue.builder().putList("Versions",
                page.items().stream().map(v -> version(policy, v, false)).toList())).build();
    }

    private StructValue deleteVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:DeletePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicyVersion");
        policies.deleteVersion(policy, versionId);
        return StructValue.EMPTY;
    }

    private StructValue setDefaultVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:SetDefaultPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:SetDefaultPolicyVersion");
        policies.setDefaultVersion(policy, versionId, context.time());
        return StructValue.EMPTY;
    }

    /**
     * A customer managed policy of the caller's account. AWS managed policies cannot be changed by
     * anyone: AWS refuses with AccessDenied whatever the caller's permissions.
     */
    static ManagedPolicy ownPolicy(IdentitySnapshot snapshot, OperationContext context, String arn, String action) {
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        if (policy.awsManaged()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "User: " + context.caller().arn()
                    + " is not authorized to perform: " + action + " on resource: policy " + arn);
        }
        return policy;
    }

    /**
     * {@code aws:ResourceTag/K} and {@code iam:ResourceTag/K} for the tags of an existing policy the
     * caller's account can see: another account's policy tags must not shape the decision (the
     * reason of a denial would tell its tag values).
     */
    private static Map<String, ContextValue> resourceKeys(IdentitySnapshot snapshot,
            OperationContext context, String arn) {
        return IamResources.visiblePolicy(snapshot, context, arn).map(p -> IamResources.targetKeys(snapshot, p.policyId()))
                .orElse(Map.of());
    }

    /** Entities of the caller's account that have the policy attached. */
    static long attachmentCount(IdentitySnapshot snapshot, String arn, OperationContext context) {
        return snapshot.attachments().entrySet().stream()
                .filter(e -> e.getValue().contains(arn))
                .filter(e -> inAccount(snapshot, e.getKey(), context))
                .count();
    }

    static long boundaryCount(IdentitySnapshot snapshot, String arn, OperationContext context) {
        return snapshot.boundaries().entrySet().stream()
                .filter(e -> e.getValue().equals(arn))
                .filter(e -> inAccount(snapshot, e.getKey(), context))
                .count();
    }

    private static boolean inAccount(IdentitySnapshot snapshot, String entityId, OperationContext context) {
        Identity p = snapshot.principals().get(entityId);
        if (p == null) {
            return snapshot.groups().byId(entityId).filter(g -> g.accountId().equals(context.caller().accountId()))
                    .isPresent();
        }
        return p.accountId().equals(context.caller().accountId());
    }

    private static StructValue policy(ManagedPolicy policy, IdentitySnapshot snapshot, OperationContext context, boolean full) {
        StructValue.Builder out = StructValue.builder()
                .put("PolicyName", policy.name())
                .put("PolicyId", policy.policyId())
                .put("Arn", policy.arn())
                .put("Path", policy.path())
                .put("DefaultVersionId", policy.defaultVersionId())
                .put("AttachmentCount", (int) attachmentCount(snapshot, policy.arn(), context))
                .put("PermissionsBoundaryUsageCount", (int) boundaryCount(snapshot, policy.arn(), context))
                .put("IsAttachable", true);
        if (full && !policy.description().isEmpty()) {
            out.put("Description", policy.description());
        }
        out.put("CreateDate", policy.createdAt()).put("UpdateDate", policy.updatedAt());
        List<Tag> tags = snapshot.tags(policy.policyId());
        if (full && !tags.isEmpty()) {
            out.putList("Tags", Tags.output(tags));
        }
        return out.build();
    }

    private static StructValue version(ManagedPolicy policy, PolicyVersion version, boolean withDocument) {
        StructValue.Builder out = StructValue.builder();
        if (withDocument) {
            out.put("Document", version.stored().text());
        }
        return out.put("VersionId", version.versionId())
                .put("IsDefaultVersion", version.versionId().equals(policy.defaultVersionId()))
                .put("CreateDate", version.createdAt())
                .build();
    }
}
