package io.charter.server.iam;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The requests and results of IAM's operations on roles, users, managed policies and access keys
 * as records, bound to the IAM model's shapes (each component to the member of its name;
 * {@code Optional} where the member may be absent, or where a result leaves it out). Tags bind as
 * {@link Tag}.
 */
final class IamMessages {
    private IamMessages() {
    }

    /** {@code AttachedPermissionsBoundary}: always a managed policy in Charter. */
    record PermissionsBoundary(String permissionsBoundaryType, String permissionsBoundaryArn) {
        static PermissionsBoundary policy(String arn) {
            return new PermissionsBoundary("PermissionsBoundaryPolicy", arn);
        }
    }

    // Roles

    record RoleLastUsed(Optional<Instant> lastUsedDate, Optional<String> region) {
    }

    record Role(String path, String roleName, String roleId, String arn, Instant createDate,
            String assumeRolePolicyDocument, Optional<String> description, Optional<Integer> maxSessionDuration,
            Optional<PermissionsBoundary> permissionsBoundary, Optional<List<Tag>> tags,
            Optional<RoleLastUsed> roleLastUsed) {
    }

    record CreateRoleRequest(Optional<String> path, String roleName, String assumeRolePolicyDocument,
            Optional<String> description, Optional<Integer> maxSessionDuration, Optional<String> permissionsBoundary,
            List<Tag> tags) {
    }

    record RoleResult(Role role) {
    }

    record RoleRequest(String roleName) {
    }

    record ListRolesRequest(Optional<String> pathPrefix, Optional<String> marker, Optional<Integer> maxItems) {
    }

    record ListRolesResult(List<Role> roles, boolean isTruncated, Optional<String> marker) {
    }

    record UpdateRoleRequest(String roleName, Optional<String> description, Optional<Integer> maxSessionDuration) {
    }

    record UpdateRoleDescriptionRequest(String roleName, String description) {
    }

    record UpdateAssumeRolePolicyRequest(String roleName, String policyDocument) {
    }

    record CreateServiceLinkedRoleRequest(String awsServiceName, Optional<String> description,
            Optional<String> customSuffix) {
    }

    record DeletionTask(String deletionTaskId) {
    }

    record DeletionStatus(String status) {
    }

    // Users

    record User(Optional<String> path, Optional<String> userName, String userId, String arn, Instant createDate,
            Optional<PermissionsBoundary> permissionsBoundary, Optional<List<Tag>> tags) {
    }

    record CreateUserRequest(Optional<String> path, String userName, Optional<String> permissionsBoundary,
            List<Tag> tags) {
    }

    record UserResult(User user) {
    }

    record GetUserRequest(Optional<String> userName) {
    }

    record ListUsersRequest(Optional<String> pathPrefix, Optional<String> marker, Optional<Integer> maxItems) {
    }

    record ListUsersResult(List<User> users, boolean isTruncated, Optional<String> marker) {
    }

    record UpdateUserRequest(String userName, Optional<String> newPath, Optional<String> newUserName) {
    }

    record UserRequest(String userName) {
    }

    // Access keys

    /** A new access key, with its secret: shown this once. */
    record AccessKey(String userName, String accessKeyId, String status, String secretAccessKey, Instant createDate) {
        AccessKey {
            requireNonNull(secretAccessKey, "secretAccessKey is null");
        }

        /** Leaves the secret out. */
        @Override
        public String toString() {
            return "AccessKey[userName=" + userName + ", accessKeyId=" + accessKeyId + ", status=" + status + "]";
        }
    }

    record CreateAccessKeyRequest(Optional<String> userName) {
    }

    record CreateAccessKeyResult(AccessKey accessKey) {
    }

    record AccessKeyMetadata(String userName, String accessKeyId, String status, Instant createDate) {
    }

    record ListAccessKeysRequest(Optional<String> userName, Optional<String> marker, Optional<Integer> maxItems) {
    }

    record ListAccessKeysResult(List<AccessKeyMetadata> accessKeyMetadata, boolean isTruncated, Optional<String> marker) {
    }

    record UpdateAccessKeyRequest(Optional<String> userName, String accessKeyId, String status) {
    }

    record DeleteAccessKeyRequest(Optional<String> userName, String accessKeyId) {
    }

    record GetAccessKeyLastUsedRequest(String accessKeyId) {
    }

    record AccessKeyLastUsed(Optional<Instant> lastUsedDate, String serviceName, String region) {
    }

    record GetAccessKeyLastUsedResult(String userName, AccessKeyLastUsed accessKeyLastUsed) {
    }

    // Managed policies

    record Policy(String policyName, String policyId, String arn, String path, String defaultVersionId,
            int attachmentCount, int permissionsBoundaryUsageCount, boolean isAttachable, Optional<String> description,
            Instant createDate, Instant updateDate, Optional<List<Tag>> tags) {
    }

    record CreatePolicyRequest(String policyName, Optional<String> path, String policyDocument,
            Optional<String> description, List<Tag> tags) {
    }

    record PolicyResult(Policy policy) {
    }

    record PolicyRequest(String policyArn) {
    }

    record ListPoliciesRequest(Optional<String> scope, Optional<Boolean> onlyAttached, Optional<String> pathPrefix,
            Optional<String> policyUsageFilter, Optional<String> marker, Optional<Integer> maxItems) {
    }

    record ListPoliciesResult(List<Policy> policies, boolean isTruncated, Optional<String> marker) {
    }

    record PolicyVersion(Optional<String> document, String versionId, boolean isDefaultVersion, Instant createDate) {
    }

    record CreatePolicyVersionRequest(String policyArn, String policyDocument, Optional<Boolean> setAsDefault) {
    }

    record PolicyVersionResult(PolicyVersion policyVersion) {
    }

    record PolicyVersionRequest(String policyArn, String versionId) {
    }

    record ListPolicyVersionsRequest(String policyArn, Optional<String> marker, Optional<Integer> maxItems) {
    }

    record ListPolicyVersionsResult(List<PolicyVersion> versions, boolean isTruncated, Optional<String> marker) {
    }
}
