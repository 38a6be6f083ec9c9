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
import io.charter.server.iam.IamMessages.CreatePolicyRequest;
import io.charter.server.iam.IamMessages.CreatePolicyVersionRequest;
import io.charter.server.iam.IamMessages.ListPoliciesRequest;
import io.charter.server.iam.IamMessages.ListPoliciesResult;
import io.charter.server.iam.IamMessages.ListPolicyVersionsRequest;
import io.charter.server.iam.IamMessages.ListPolicyVersionsResult;
import io.charter.server.iam.IamMessages.Policy;
import io.charter.server.iam.IamMessages.PolicyRequest;
import io.charter.server.iam.IamMessages.PolicyResult;
import io.charter.server.iam.IamMessages.PolicyVersionRequest;
import io.charter.server.iam.IamMessages.PolicyVersionResult;
import io.charter.server.identity.Arns;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.Tag;
import io.charter.server.service.NoResult;
import io.charter.server.service.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
                Operation.of("CreatePolicy", CreatePolicyRequest.class, PolicyResult.class, this::createPolicy),
                Operation.of("GetPolicy", PolicyRequest.class, PolicyResult.class, this::getPolicy),
                Operation.of("ListPolicies", ListPoliciesRequest.class, ListPoliciesResult.class, this::listPolicies),
                Operation.of("DeletePolicy", PolicyRequest.class, NoResult.class, this::deletePolicy),
                Operation.of("CreatePolicyVersion", CreatePolicyVersionRequest.class, PolicyVersionResult.class,
                        this::createVersion),
                Operation.of("GetPolicyVersion", PolicyVersionRequest.class, PolicyVersionResult.class, this::getVersion),
                Operation.of("ListPolicyVersions", ListPolicyVersionsRequest.class, ListPolicyVersionsResult.class,
                        this::listVersions),
                Operation.of("DeletePolicyVersion", PolicyVersionRequest.class, NoResult.class, this::deleteVersion),
                Operation.of("SetDefaultPolicyVersion", PolicyVersionRequest.class, NoResult.class,
                        this::setDefaultVersion));
    }

    private PolicyResult createPolicy(OperationContext context, CreatePolicyRequest input) {
        String account = context.caller().accountId();
        String name = input.policyName();
        String path = input.path().orElse("/");
        String document = input.policyDocument();
        String description = input.description().orElse("");
        List<Tag> tags = Tags.distinct(input.tags());
        String arn = Arns.policy(account, path, name);
        authorizer.authorize(context, "iam:CreatePolicy", arn, Tags.requestKeys(tags));
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagPolicy", arn, Tags.requestKeys(tags));
        }
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        Written<ManagedPolicy> created = policies.create(
                new ManagedPolicies.NewPolicy(account, name, path, document, description, tags), context.time());
        return new PolicyResult(policy(created.value(), created.snapshot(),
                PolicyUsage.of(created.snapshot(), account), true));
    }

    private PolicyResult getPolicy(OperationContext context, PolicyRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        authorizer.authorize(context, "iam:GetPolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        return new PolicyResult(policy(policy, snapshot, PolicyUsage.of(snapshot, context.caller().accountId()),
                true));
    }

    private ListPoliciesResult listPolicies(OperationContext context, ListPoliciesRequest input) {
        authorizer.authorize(context, "iam:ListPolicies", Arns.policy(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = context.snapshot();
        String scope = input.scope().orElse("All");
        boolean onlyAttached = input.onlyAttached().orElse(false);
        String prefix = input.pathPrefix().orElse("/");
        String usage = input.policyUsageFilter().orElse("");
        PolicyUsage counts = PolicyUsage.of(snapshot, context.caller().accountId());
        List<ManagedPolicy> found = snapshot.managedPolicies().values().stream()
                .filter(p -> p.awsManaged() ? !scope.equals("Local") : !scope.equals("AWS")
                        && p.accountId().orElseThrow().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || counts.attachments(p.arn()) > 0)
                .filter(p -> !usage.equals("PermissionsBoundary") || counts.boundaries(p.arn()) > 0)
                .filter(p -> !usage.equals("PermissionsPolicy") || counts.attachments(p.arn()) > 0)
                .sorted(Comparator.comparing((ManagedPolicy p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(ManagedPolicy::arn))
                .toList();
        Page<ManagedPolicy> page = Page.of(found, input.marker(), input.maxItems());
        return new ListPoliciesResult(page.items().stream().map(p -> policy(p, snapshot, counts, false)).toList(),
                page.isTruncated(), page.nextMarker());
    }

    private NoResult deletePolicy(OperationContext context, PolicyRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        authorizer.authorize(context, "iam:DeletePolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicy");
        policies.delete(policy);
        return NoResult.INSTANCE;
    }

    private PolicyVersionResult createVersion(OperationContext context, CreatePolicyVersionRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        authorizer.authorize(context, "iam:CreatePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:CreatePolicyVersion");
        String document = input.policyDocument();
        boolean setAsDefault = input.setAsDefault().orElse(false);
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        String versionId = policies.createVersion(policy, document, setAsDefault, context.time());
        return new PolicyVersionResult(new IamMessages.PolicyVersion(Optional.empty(), versionId, setAsDefault, context.time()));
    }

    private PolicyVersionResult getVersion(OperationContext context, PolicyVersionRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        String versionId = input.versionId();
        authorizer.authorize(context, "iam:GetPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        PolicyVersion version = policy.version(versionId).orElseThrow(() -> IamErrors.noSuchPolicyVersion(arn, versionId));
        return new PolicyVersionResult(version(policy, version, true));
    }

    private ListPolicyVersionsResult listVersions(OperationContext context, ListPolicyVersionsRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        authorizer.authorize(context, "iam:ListPolicyVersions", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        List<PolicyVersion> newestFirst = policy.versions().stream()
                .sorted(Comparator.comparing(PolicyVersion::createdAt).thenComparing(PolicyVersion::versionId).reversed())
                .toList();
        Page<PolicyVersion> page = Page.of(newestFirst, input.marker(), input.maxItems());
        return new ListPolicyVersionsResult(page.items().stream().map(v -> version(policy, v, false)).toList(),
                page.isTruncated(), page.nextMarker());
    }

    private NoResult deleteVersion(OperationContext context, PolicyVersionRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        String versionId = input.versionId();
        authorizer.authorize(context, "iam:DeletePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicyVersion");
        policies.deleteVersion(policy, versionId);
        return NoResult.INSTANCE;
    }

    private NoResult setDefaultVersion(OperationContext context, PolicyVersionRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        String arn = input.policyArn();
        String versionId = input.versionId();
        authorizer.authorize(context, "iam:SetDefaultPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:SetDefaultPolicyVersion");
        policies.setDefaultVersion(policy, versionId, context.time());
        return NoResult.INSTANCE;
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

    private static Policy policy(ManagedPolicy policy, IdentitySnapshot snapshot, PolicyUsage counts, boolean full) {
        return new Policy(policy.name(), policy.policyId(), policy.arn(), policy.path(), policy.defaultVersionId(),
                counts.attachments(policy.arn()), counts.boundaries(policy.arn()),
                true, full && !policy.description().isEmpty() ? Optional.of(policy.description()) : Optional.empty(),
                policy.createdAt(), policy.updatedAt(),
                full ? Tags.shown(snapshot.tags(policy.policyId())) : Optional.empty());
    }

    private static IamMessages.PolicyVersion version(ManagedPolicy policy, PolicyVersion version,
            boolean withDocument) {
        return new IamMessages.PolicyVersion(withDocument ? Optional.of(version.stored().text()) : Optional.empty(),
                version.versionId(), version.versionId().equals(policy.defaultVersionId()), version.createdAt());
    }
}
