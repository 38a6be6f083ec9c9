package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.Tag;
import io.charter.server.identity.UniqueId;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.VersionRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Customer managed policies and their versions, each change in one transaction that checks its
 * preconditions (names, the version quota, what still uses a policy) against the store. Documents
 * are validated by the caller. AWS managed policies are not stored and never change. Thread-safe.
 */
public final class ManagedPolicies {
    private static final String MORE_THAN_ONE_VERSION = "This policy has more than one version. Before you delete a"
            + " policy, you must delete the policy's versions. The default version is deleted with the policy.";

    private final Directory directory;

    public ManagedPolicies(Directory directory) {
        this.directory = directory;
    }

    /** A customer managed policy to create: its first version ({@code v1}) is its default. */
    public record NewPolicy(String accountId, String name, String path, String document, String description,
            List<Tag> tags) {
        public NewPolicy {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(path, "path is null");
            requireNonNull(document, "document is null");
            requireNonNull(description, "description is null");
            tags = List.copyOf(tags);
        }

        public String arn() {
            return Arns.policy(accountId, path, name);
        }
    }

    /** Creates a policy; another of the account's policies of that name (any path) is {@code EntityAlreadyExists}. */
    public Written<ManagedPolicy> create(NewPolicy policy, Instant at) {
        String policyId = UniqueId.POLICY.mint(directory.random());
        directory.write((c, store) -> {
            if (store.permissions().policyNameTaken(c, policy.accountId(), policy.name())) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                        "A policy called " + policy.name() + " already exists. Duplicate names are not allowed.");
            }
            store.permissions().insertPolicy(c, new PolicyRow(policyId, policy.accountId(), policy.name(), policy.path(),
                    policy.description(), "v1", at, at));
            store.permissions().insertVersion(c, new VersionRow(policyId, "v1", policy.document(), at));
            EntityTags.replace(c, store, policyId, policy.tags());
            return null;
        });
        IdentitySnapshot after = directory.snapshot();
        // The writer reads its own write; a policy deleted by another request meanwhile is gone.
        return new Written<>(after.managedPolicy(policy.arn()).orElseThrow(() -> IamErrors.policyNotFound(policy.arn())),
                after);
    }

    /**
     * Deletes a policy with its one version. A policy still attached, used as a permissions
     * boundary or with more than one version is refused ({@code DeleteConflict}).
     */
    public void delete(ManagedPolicy policy) {
        directory.write((c, store) -> {
            requireStored(c, store, policy);
            if (store.permissions().countAttachments(c, policy.arn()) > 0) {
                throw IamErrors.conflict("Cannot delete a policy attached to entities.");
            }
            if (store.permissions().countBoundaryUses(c, policy.arn()) > 0) {
                throw IamErrors.conflict("Cannot delete a policy used as a permissions boundary.");
            }
            if (store.permissions().versionIds(c, policy.policyId()).size() > 1) {
                throw IamErrors.conflict(MORE_THAN_ONE_VERSION);
            }
            store.permissions().deletePolicy(c, policy.policyId());
            store.permissions().replaceTags(c, policy.policyId(), List.of());
            return null;
        });
    }

    /**
     * Adds a version ({@code v<n+1>}, n the highest so far), the default one when asked; a sixth
     * version is {@code LimitExceeded}. Returns the new version's id.
     */
    public String createVersion(ManagedPolicy policy, String document, boolean setAsDefault, Instant at) {
        return directory.write((c, store) -> {
            requireStored(c, store, policy);
            List<String> existing = store.permissions().versionIds(c, policy.policyId());
            if (existing.size() >= Quotas.VERSIONS_PER_POLICY) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "A managed policy can have up to "
                        + Quotas.VERSIONS_PER_POLICY + " versions. Before you create a new version, you must delete an"
                        + " existing version.");
            }
            int next = existing.stream().mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElse(0) + 1;
            String id = "v" + next;
            store.permissions().insertVersion(c, new VersionRow(policy.policyId(), id, document, at));
            if (setAsDefault) {
                store.permissions().setDefaultVersion(c, policy.policyId(), id, at);
            }
            return id;
        });
    }

    /** Deletes a version; one that does not exist is {@code NoSuchEntity}, the default one {@code DeleteConflict}. */
    public void deleteVersion(ManagedPolicy policy, String versionId) {
        directory.write((c, store) -> {
            requireStored(c, store, policy);
            if (!store.permissions().versionIds(c, policy.policyId()).contains(versionId)) {
                throw IamErrors.noSuchPolicyVersion(policy.arn(), versionId);
            }
            if (store.permissions().defaultVersionId(c, policy.policyId()).filter(versionId::equals).isPresent()) {
                throw IamErrors.conflict("Cannot delete the default version of a policy.");
            }
            store.permissions().deleteVersion(c, policy.policyId(), versionId);
            return null;
        });
    }

    /** Makes a version the default; one that does not exist is {@code NoSuchEntity}. */
    public void setDefaultVersion(ManagedPolicy policy, String versionId, Instant at) {
        directory.write((c, store) -> {
            requireStored(c, store, policy);
            if (!store.permissions().versionIds(c, policy.policyId()).contains(versionId)) {
                throw IamErrors.noSuchPolicyVersion(policy.arn(), versionId);
            }
            store.permissions().setDefaultVersion(c, policy.policyId(), versionId, at);
            return null;
        });
    }

    /** {@code NoSuchEntity} unless the policy still exists, on the caller's transaction. */
    private static void requireStored(Connection c, Directory.Repositories store, ManagedPolicy policy)
            throws SQLException {
        if (store.permissions().findPolicy(c, policy.policyId()).isEmpty()) {
            throw IamErrors.policyNotFound(policy.arn());
        }
    }

    /** Whether the customer managed policy an ARN names exists, on the caller's transaction. */
    static boolean customerPolicyExists(Connection c, Directory.Repositories store, String arn) throws SQLException {
        String[] parts = arn.split(":", 6);
        String resource = parts[5];
        int slash = resource.lastIndexOf('/');
        return store.permissions().policyExists(c, parts[4], resource.substring("policy".length(), slash + 1),
                resource.substring(slash + 1));
    }
}
