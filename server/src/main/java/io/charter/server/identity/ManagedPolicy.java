package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A managed policy: a customer managed policy of an account, or an AWS managed policy
 * ({@code arn:aws:iam::aws:policy/…}) that every account can attach.
 *
 * @param arn the policy ARN
 * @param policyId the unique id ({@code ANPA…})
 * @param accountId the owning account; empty for AWS managed policies
 * @param name the policy name
 * @param path the policy path
 * @param description the description, possibly empty
 * @param defaultVersionId the version in force
 * @param versions every version, oldest first
 * @param createdAt creation time
 * @param updatedAt when the default version last changed
 */
public record ManagedPolicy(
        String arn, String policyId, Optional<String> accountId, String name, String path, String description,
        String defaultVersionId, List<PolicyVersion> versions, Instant createdAt, Instant updatedAt) {

    public ManagedPolicy {
        requireNonNull(arn, "arn is null");
        requireNonNull(policyId, "policyId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(description, "description is null");
        requireNonNull(defaultVersionId, "defaultVersionId is null");
        versions = List.copyOf(requireNonNull(versions, "versions is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (versions.stream().noneMatch(v -> v.versionId().equals(defaultVersionId))) {
            throw new IllegalArgumentException("the default version " + defaultVersionId + " is not among the versions");
        }
    }

    public boolean awsManaged() {
        return accountId.isEmpty();
    }

    public PolicyVersion defaultVersion() {
        return version(defaultVersionId).orElseThrow();
    }

    public Optional<PolicyVersion> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }
}
