package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable in-memory picture of the IAM state that requests read without locks or I/O:
 * principals, long-term keys, managed policies (customer and AWS) with every version compiled,
 * attachments, inline policies, tags and permissions boundaries, and the S3 buckets with their
 * owners and bucket policies. Built by the domain layer (its Directory).
 *
 * @param credentials long-term access keys by id
 * @param principals principals by unique id
 * @param managedPolicies managed policies by ARN, customer and AWS managed alike
 * @param attachments managed-policy ARNs attached to each entity (by unique id), in attach order
 * @param inlinePolicies inline policies of each entity, by name order
 * @param tags tags of each entity (principal unique id or policy id), in the order given
 * @param boundaries permissions-boundary policy ARN of each principal that has one
 * @param roles the role-only attributes of each role, by role id
 * @param groups IAM groups and their members
 * @param mfaDevices virtual MFA devices
 * @param revokedSessions temporary access key ids of sessions revoked one by one, with when
 * @param buckets the S3 buckets Charter knows, with their owners and bucket policies
 */
public record IdentitySnapshot(
        Map<String, Credential> credentials,
        Map<String, Identity> principals,
        Map<String, ManagedPolicy> managedPolicies,
        Map<String, List<String>> attachments,
        Map<String, List<InlinePolicy>> inlinePolicies,
        Map<String, List<Tag>> tags,
        Map<String, String> boundaries,
        Map<String, RoleDetails> roles,
        Map<String, Identity> principalsByName,
        Map<String, List<Credential>> credentialsByPrincipal,
        GroupIndex groups,
        MfaDeviceIndex mfaDevices,
        Map<String, Instant> revokedSessions,
        BucketIndex buckets) {

    public static final IdentitySnapshot EMPTY = of(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of());

    /**
     * Takes ownership of the maps: callers hand over maps nobody else changes ({@link #of} copies
     * its arguments; {@link SnapshotBuilder} hands over the copies it made). Wrapping rather than
     * copying keeps a write's cost to the maps it changed.
     */
    public IdentitySnapshot {
        credentials = readOnly(requireNonNull(credentials, "credentials is null"));
        principals = readOnly(requireNonNull(principals, "principals is null"));
        managedPolicies = readOnly(requireNonNull(managedPolicies, "managedPolicies is null"));
        attachments = readOnly(requireNonNull(attachments, "attachments is null"));
        inlinePolicies = readOnly(requireNonNull(inlinePolicies, "inlinePolicies is null"));
        tags = readOnly(requireNonNull(tags, "tags is null"));
        boundaries = readOnly(requireNonNull(boundaries, "boundaries is null"));
        roles = readOnly(requireNonNull(roles, "roles is null"));
        principalsByName = readOnly(requireNonNull(principalsByName, "principalsByName is null"));
        credentialsByPrincipal = readOnly(requireNonNull(credentialsByPrincipal, "credentialsByPrincipal is null"));
        requireNonNull(groups, "groups is null");
        requireNonNull(mfaDevices, "mfaDevices is null");
        revokedSessions = readOnly(requireNonNull(revokedSessions, "revokedSessions is null"));
        requireNonNull(buckets, "buckets is null");
    }

    private static <V> Map<String, V> readOnly(Map<String, V> map) {
        // A LayeredMap is immutable already and must stay itself, so the next write can layer over it.
        return map instanceof LayeredMap ? map : Collections.unmodifiableMap(map);
    }

    /** Builds a snapshot and its derived indexes. */
    public static IdentitySnapshot of(Map<String, Credential> credentials, Map<String, Identity> principals,
            Map<String, ManagedPolicy> managedPolicies, Map<String, List<String>> attachments,
            Map<String, List<InlinePolicy>> inlinePolicies, Map<String, List<Tag>> tags, Map<String, String> boundaries,
            Map<String, RoleDetails> roles) {
        Map<String, Identity> byName = new HashMap<>();
        for (Identity principal : principals.values()) {
            byName.put(nameKey(principal.accountId(), principal.kind(), principal.name()), principal);
        }
        Map<String, List<Credential>> byPrincipal = new HashMap<>();
        for (Credential credential : credentials.values()) {
            byPrincipal.computeIfAbsent(credential.principal().uniqueId(), k -> new ArrayList<>()).add(credential);
        }
        byPrincipal.replaceAll((k, v) -> {
            v.sort((a, b) -> a.key().createdAt().compareTo(b.key().createdAt()));
            return List.copyOf(v);
        });
        return new IdentitySnapshot(new HashMap<>(credentials), new HashMap<>(principals), new HashMap<>(managedPolicies),
                new HashMap<>(attachments), new HashMap<>(inlinePolicies), new HashMap<>(tags), new HashMap<>(boundaries),
                new HashMap<>(roles), byName, byPrincipal, GroupIndex.EMPTY, MfaDeviceIndex.EMPTY, Map.of(), BucketIndex.EMPTY);
    }

    /** This snapshot with {@code groups} in place of its groups. */
    public IdentitySnapshot withGroups(GroupIndex groups) {
        return new IdentitySnapshot(credentials, principals, managedPolicies, attachments, inlinePolicies, tags,
                boundaries, roles, principalsByName, credentialsByPrincipal, groups, mfaDevices, revokedSessions,
                buckets);
    }

    /** This snapshot with {@code mfaDevices} in place of its MFA devices. */
    public IdentitySnapshot withMfaDevices(MfaDeviceIndex mfaDevices) {
        return new IdentitySnapshot(credentials, principals, managedPolicies, attachments, inlinePolicies, tags,
                boundaries, roles, principalsByName, credentialsByPrincipal, groups, mfaDevices, revokedSessions,
                buckets);
    }

    /** This snapshot with {@code revokedSessions} in place of its revoked sessions. */
    public IdentitySnapshot withRevokedSessions(Map<String, Instant> revokedSessions) {
        return new IdentitySnapshot(credentials, principals, managedPolicies, attachments, inlinePolicies, tags,
                boundaries, roles, principalsByName, credentialsByPrincipal, groups, mfaDevices, Map.copyOf(revokedSessions),
                buckets);
    }

    /** This snapshot with {@code buckets} in place of its buckets. */
    public IdentitySnapshot withBuckets(BucketIndex buckets) {
        return new IdentitySnapshot(credentials, principals, managedPolicies, attachments, inlinePolicies, tags,
                boundaries, roles, principalsByName, credentialsByPrincipal, groups, mfaDevices, revokedSessions,
                buckets);
    }

    /** The bucket of this exact name, whichever account owns it. */
    public Optional<Bucket> bucket(String name) {
        return buckets.bucket(name);
    }

    /** The account's buckets, sorted by name. */
    public List<Bucket> buckets(String accountId) {
        return buckets.inAccount(accountId);
    }

    /** Whether the session of this temporary access key id was revoked (beyond AWS: one session at a time). */
    public boolean isRevokedSession(String accessKeyId) {
        return !revokedSessions.isEmpty() && revokedSessions.containsKey(accessKeyId);
    }

    static String nameKey(String accountId, IdentityKind kind, String name) {
        return accountId + '/' + kind + '/' + name.toLowerCase(Locale.ROOT);
    }

    public Optional<Credential> credential(String accessKeyId) {
        return Optional.ofNullable(credentials.get(accessKeyId));
    }

    /** The principal of this kind and name in the account (names compare case-insensitively). */
    public Optional<Identity> principal(String accountId, IdentityKind kind, String name) {
        return Optional.ofNullable(principalsByName.get(nameKey(accountId, kind, name)));
    }

    public List<Credential> credentialsOf(String principalId) {
        return credentialsByPrincipal.getOrDefault(principalId, List.of());
    }

    public Collection<Identity> allPrincipals() {
        return principals.values();
    }

    public Optional<ManagedPolicy> managedPolicy(String arn) {
        return Optional.ofNullable(managedPolicies.get(arn));
    }

    public List<String> attachedPolicies(String entityId) {
        return attachments.getOrDefault(entityId, List.of());
    }

    public List<InlinePolicy> inlinePolicies(String entityId) {
        return inlinePolicies.getOrDefault(entityId, List.of());
    }

    public List<Tag> tags(String entityId) {
        return tags.getOrDefault(entityId, List.of());
    }

    public Optional<String> boundaryArn(String entityId) {
        return Optional.ofNullable(boundaries.get(entityId));
    }

    /**
     * The identity-based policies in force for an entity: its own attached (default versions), then
     * its own inline ones, then the same for each group it belongs to (a user's groups).
     */
    public List<Policy> identityPolicies(String entityId) {
        List<Policy> policies = new ArrayList<>();
        addPolicies(entityId, policies);
        for (Group group : groups.groupsOf(entityId)) {
            addPolicies(group.groupId(), policies);
        }
        return policies;
    }

    private void addPolicies(String entityId, List<Policy> policies) {
        for (String arn : attachedPolicies(entityId)) {
            ManagedPolicy policy = managedPolicies.get(arn);
            // An attachment whose policy is gone can only take permissions away (fail closed).
            policies.add(policy != null ? policy.defaultVersion().document() : Unresolvable.POLICY);
        }
        for (InlinePolicy policy : inlinePolicies(entityId)) {
            policies.add(policy.document());
        }
    }

    /** The role-only attributes of a role. */
    public Optional<RoleDetails> role(String roleId) {
        return Optional.ofNullable(roles.get(roleId));
    }

    /** The compiled permissions boundary of an entity, if it has one. */
    public Optional<Policy> boundary(String entityId) {
        // A boundary that no longer resolves still bounds: it allows nothing (fail closed).
        return boundaryArn(entityId).map(arn -> Optional.ofNullable(managedPolicies.get(arn))
                .map(p -> p.defaultVersion().document()).orElse(Unresolvable.POLICY));
    }
}
