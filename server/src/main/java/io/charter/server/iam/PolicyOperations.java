package io.charter.server.iam;

import io.charter.server.error.IamErrors;
import io.charter.policy.PolicyType;
import io.charter.server.auth.Authorizer;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.PolicyVersion;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.VersionRow;
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
    /** A managed policy keeps at most five versions, as in AWS. */
    static final int MAX_VERSIONS = 5;

    private final Directory directory;
    private final Authorizer authorizer;

    public PolicyOperations(Directory directory, Authorizer authorizer) {
        this.directory = directory;
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
        String arn = IamResources.policyArn(account, path, name);
        authorizer.authorize(context, "iam:CreatePolicy", arn, Tags.requestKeys(tags));
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagPolicy", arn, Tags.requestKeys(tags));
        }
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        String policyId = UniqueId.POLICY.mint(directory.random());
        directory.write((c, w) -> {
            boolean exists = w.permissions().listPolicies(c).stream()
                    .anyMatch(p -> p.accountId().equals(account) && p.name().equalsIgnoreCase(name));
            if (exists) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                        "A policy called " + name + " already exists. Duplicate names are not allowed.");
            }
            w.permissions().insertPolicy(c, new PolicyRow(policyId, account, name, path, description, "v1",
                    context.time(), context.time()));
            w.permissions().insertVersion(c, new VersionRow(policyId, "v1", document, context.time()));
            w.permissions().replaceTags(c, policyId, Tags.rows(policyId, tags));
            return null;
        });
        IdentitySnapshot snapshot = directory.snapshot();
        return StructValue.builder().put("Policy", policy(snapshot.managedPolicy(arn).orElseThrow(), snapshot, context, true)).build();
    }

    private StructValue getPolicy(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:GetPolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        return StructValue.builder().put("Policy", policy(policy, snapshot, context, true)).build();
    }

    private StructValue listPolicies(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:ListPolicies", IamResources.policyArn(context.caller().accountId(), "/", ""), Map.of());
        IdentitySnapshot snapshot = directory.snapshot();
        String scope = input.optionalString("Scope").orElse("All");
        boolean onlyAttached = input.optionalBoolean("OnlyAttached").orElse(false);
        String prefix = input.optionalString("PathPrefix").orElse("/");
        String usage = input.optionalString("PolicyUsageFilter").orElse("");
        List<ManagedPolicy> policies = snapshot.managedPolicies().values().stream()
                .filter(p -> p.awsManaged() ? !scope.equals("Local") : !scope.equals("AWS")
                        && p.accountId().orElseThrow().equals(context.caller().accountId()))
                .filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || attachmentCount(snapshot, p.arn(), context) > 0)
                .filter(p -> !usage.equals("PermissionsBoundary") || boundaryCount(snapshot, p.arn(), context) > 0)
                .filter(p -> !usage.equals("PermissionsPolicy") || attachmentCount(snapshot, p.arn(), context) > 0)
                .sorted(Comparator.comparing((ManagedPolicy p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(ManagedPolicy::arn))
                .toList();
        Page<ManagedPolicy> page = Page.of(policies, input);
        return page.addTo(StructValue.builder().putList("Policies",
                page.items().stream().map(p -> policy(p, snapshot, context, false)).toList())).build();
    }

    private StructValue deletePolicy(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:DeletePolicy", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicy");
        if (attachmentCount(snapshot, arn, context) > 0) {
            throw IamErrors.conflict("Cannot delete a policy attached to entities.");
        }
        if (boundaryCount(snapshot, arn, context) > 0) {
            throw IamErrors.conflict("Cannot delete a policy used as a permissions boundary.");
        }
        if (policy.versions().size() > 1) {
            throw IamErrors.conflict("This policy has more than one version. Before you delete a policy, you must delete"
                    + " the policy's versions. The default version is deleted with the policy.");
        }
        directory.write((c, w) -> {
            // Checked again in the transaction: an attach or a new version may have raced the checks above.
            if (w.permissions().usageCount(c, policy.arn()) > 0) {
                throw IamErrors.conflict("Cannot delete a policy attached to entities.");
            }
            if (w.permissions().versionIds(c, policy.policyId()).size() > 1) {
                throw IamErrors.conflict("This policy has more than one version. Before you delete a policy, you must delete"
                        + " the policy's versions. The default version is deleted with the policy.");
            }
            w.permissions().deletePolicy(c, policy.policyId());
            w.permissions().replaceTags(c, policy.policyId(), List.of());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue createVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        authorizer.authorize(context, "iam:CreatePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:CreatePolicyVersion");
        String document = input.string("PolicyDocument");
        boolean setAsDefault = input.optionalBoolean("SetAsDefault").orElse(false);
        PolicyDocuments.validate(document, PolicyType.IDENTITY);
        String versionId = directory.write((c, w) -> {
            List<String> existing = w.permissions().versionIds(c, policy.policyId());
            if (existing.size() >= MAX_VERSIONS) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "A managed policy can have up to " + MAX_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            int next = existing.stream().mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElse(0) + 1;
            String id = "v" + next;
            w.permissions().insertVersion(c, new VersionRow(policy.policyId(), id, document, context.time()));
            if (setAsDefault) {
                w.permissions().setDefaultVersion(c, policy.policyId(), id, context.time());
            }
            return id;
        });
        return StructValue.builder().put("PolicyVersion", StructValue.builder()
                .put("VersionId", versionId)
                .put("IsDefaultVersion", setAsDefault)
                .put("CreateDate", context.time())
                .build()).build();
    }

    private StructValue getVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:GetPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = IamResources.visiblePolicy(snapshot, context, arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
        PolicyVersion version = policy.version(versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
        return StructValue.builder().put("PolicyVersion", version(policy, version, true)).build();
    }

    private StructValue listVersions(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
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
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:DeletePolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:DeletePolicyVersion");
        policy.version(versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
        if (policy.defaultVersionId().equals(versionId)) {
            throw IamErrors.conflict("Cannot delete the default version of a policy.");
        }
        directory.write((c, w) -> {
            if (!w.permissions().versionIds(c, policy.policyId()).contains(versionId)) {
                throw noSuchVersion(arn, versionId);
            }
            if (w.permissions().defaultVersionId(c, policy.policyId()).filter(versionId::equals).isPresent()) {
                throw IamErrors.conflict("Cannot delete the default version of a policy.");
            }
            w.permissions().deleteVersion(c, policy.policyId(), versionId);
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue setDefaultVersion(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String arn = input.string("PolicyArn");
        String versionId = input.string("VersionId");
        authorizer.authorize(context, "iam:SetDefaultPolicyVersion", arn, resourceKeys(snapshot, context, arn));
        ManagedPolicy policy = ownPolicy(snapshot, context, arn, "iam:SetDefaultPolicyVersion");
        policy.version(versionId).orElseThrow(() -> noSuchVersion(arn, versionId));
        directory.write((c, w) -> {
            if (!w.permissions().versionIds(c, policy.policyId()).contains(versionId)) {
                throw noSuchVersion(arn, versionId);
            }
            w.permissions().setDefaultVersion(c, policy.policyId(), versionId, context.time());
            return null;
        });
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

    private static ServiceException noSuchVersion(String arn, String versionId) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " version " + versionId + " does not exist.");
    }

    /**
     * {@code aws:ResourceTag/K} and {@code iam:ResourceTag/K} for the tags of an existing policy the
     * caller's account can see: another account's policy tags must not shape the decision (the
     * reason of a denial would tell its tag values).
     */
    private static Map<String, io.charter.policy.ContextValue> resourceKeys(IdentitySnapshot snapshot,
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
        io.charter.server.identity.Identity p = snapshot.principals().get(entityId);
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
