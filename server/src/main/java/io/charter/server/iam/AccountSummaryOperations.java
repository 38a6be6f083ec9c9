package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.InstanceProfiles;
import io.charter.server.domain.PolicyHolderKind;
import io.charter.server.domain.Quotas;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.MfaDevice;
import io.charter.server.protocol.IntegerValue;
import io.charter.server.protocol.MapValue;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.Value;
import io.charter.server.service.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetAccountSummary: counts of the caller's account's entities beside IAM's quotas, under the keys
 * the model's {@code summaryKeyType} allows. The quotas are AWS's defaults.
 */
public final class AccountSummaryOperations {
    private final InstanceProfiles profiles;
    private final Authorizer authorizer;

    public AccountSummaryOperations(Domain domain, Authorizer authorizer) {
        this.profiles = domain.instanceProfiles();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(Operation.of("GetAccountSummary", this::summary));
    }

    private StructValue summary(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:GetAccountSummary", "*", Map.of());
        String account = context.caller().accountId();
        IdentitySnapshot snapshot = context.snapshot();
        int instanceProfiles = profiles.count(account);
        List<Identity> principals = snapshot.allPrincipals().stream().filter(p -> p.accountId().equals(account)).toList();
        List<ManagedPolicy> policies = snapshot.managedPolicies().values().stream()
                .filter(p -> !p.awsManaged() && p.accountId().orElseThrow().equals(account)).toList();
        List<MfaDevice> devices = snapshot.mfaDevices().inAccount(account);

        Map<String, Value> map = new LinkedHashMap<>();
        put(map, "Users", principals.stream().filter(p -> p.kind() == IdentityKind.USER).count());
        put(map, "UsersQuota", 5000);
        put(map, "Groups", snapshot.groups().inAccount(account).size());
        put(map, "GroupsQuota", Quotas.GROUPS_PER_ACCOUNT);
        put(map, "Roles", principals.stream().filter(p -> p.kind() == IdentityKind.ROLE).count());
        put(map, "RolesQuota", 1000);
        put(map, "Policies", policies.size());
        put(map, "PoliciesQuota", 1500);
        put(map, "InstanceProfiles", instanceProfiles);
        put(map, "InstanceProfilesQuota", 1000);
        put(map, "MFADevices", devices.size());
        put(map, "MFADevicesInUse", devices.stream().filter(d -> d.userId().isPresent()).count());
        // The root user's unique id is the account id.
        put(map, "AccountMFAEnabled", snapshot.mfaDevices().enabledFor(account).isEmpty() ? 0 : 1);
        put(map, "AccountAccessKeysPresent", snapshot.credentialsOf(account).isEmpty() ? 0 : 1);
        put(map, "AccountPasswordPresent", 0);
        put(map, "AccountSigningCertificatesPresent", 0);
        put(map, "AccessKeysPerUserQuota", Quotas.ACCESS_KEYS_PER_USER);
        put(map, "AttachedPoliciesPerUserQuota", Quotas.ATTACHED_POLICIES_PER_ENTITY);
        put(map, "AttachedPoliciesPerGroupQuota", Quotas.ATTACHED_POLICIES_PER_ENTITY);
        put(map, "AttachedPoliciesPerRoleQuota", Quotas.ATTACHED_POLICIES_PER_ENTITY);
        put(map, "GroupsPerUserQuota", Quotas.GROUPS_PER_USER);
        put(map, "SigningCertificatesPerUserQuota", 2);
        put(map, "UserPolicySizeQuota", PolicyHolderKind.USER.maxInlineChars());
        put(map, "GroupPolicySizeQuota", PolicyHolderKind.GROUP.maxInlineChars());
        put(map, "RolePolicySizeQuota", PolicyHolderKind.ROLE.maxInlineChars());
        put(map, "PolicySizeQuota", 6144);
        // Charter's reading of an undefined count: the stored versions of the account's customer managed policies.
        put(map, "PolicyVersionsInUse", policies.stream().mapToLong(p -> p.versions().size()).sum());
        put(map, "PolicyVersionsInUseQuota", 10000);
        put(map, "VersionsPerPolicyQuota", Quotas.VERSIONS_PER_POLICY);
        put(map, "AssumeRolePolicySizeQuota", 2048);
        put(map, "ServerCertificates", 0);
        put(map, "ServerCertificatesQuota", 20);
        put(map, "Providers", 0);
        put(map, "GlobalEndpointTokenVersion", 1);
        return StructValue.builder().put("SummaryMap", new MapValue(map)).build();
    }

    private static void put(Map<String, Value> map, String key, long value) {
        map.put(key, new IntegerValue(Math.toIntExact(value)));
    }
}
