package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.AccessKeys;
import io.charter.server.domain.Domain;
import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKey;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Long-term access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
public final class AccessKeyOperations {
    private final AccessKeys keys;
    private final Authorizer authorizer;
    private final UsageTracker usage;

    public AccessKeyOperations(Domain domain, Authorizer authorizer, UsageTracker usage) {
        this.keys = domain.accessKeys();
        this.authorizer = authorizer;
        this.usage = usage;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateAccessKey", this::create),
                Operation.of("ListAccessKeys", this::list),
                Operation.of("UpdateAccessKey", this::update),
                Operation.of("DeleteAccessKey", this::delete),
                Operation.of("GetAccessKeyLastUsed", this::lastUsed));
    }

    private StructValue create(OperationContext context, StructValue input) {
        Identity owner = IamResources.authorizedUserOrCaller(context.snapshot(), context, input.optionalString("UserName"),
                authorizer, "iam:CreateAccessKey");
        NewAccessKey key = keys.create(owner, context.time());
        return StructValue.builder().put("AccessKey", StructValue.builder()
                .put("UserName", userName(owner))
                .put("AccessKeyId", key.accessKeyId())
                .put("Status", AccessKeyStatus.Active.name())
                .put("SecretAccessKey", key.secretAccessKey())
                .put("CreateDate", context.time())
                .build()).build();
    }

    private StructValue list(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:ListAccessKeys");
        Page<Credential> page = Page.of(snapshot.credentialsOf(owner.uniqueId()), input);
        return page.addTo(StructValue.builder().putList("AccessKeyMetadata", page.items().stream()
                .map(c -> metadata(owner, c.key())).toList())).build();
    }

    private StructValue update(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:UpdateAccessKey");
        AccessKey key = ownKey(snapshot, owner, input.string("AccessKeyId"));
        AccessKeyStatus status = status(input.string("Status"));
        keys.setStatus(key.id().value(), status);
        return StructValue.EMPTY;
    }

    private StructValue delete(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:DeleteAccessKey");
        AccessKey key = ownKey(snapshot, owner, input.string("AccessKeyId"));
        keys.delete(key.id().value());
        return StructValue.EMPTY;
    }

    /**
     * GetAccessKeyLastUsed: any key of the caller's account, authorized on its owner. A key of
     * another account (its id names the account) is refused without revealing whether it exists.
     */
    private StructValue lastUsed(OperationContext context, StructValue input) {
        String keyId = input.string("AccessKeyId");
        IdentitySnapshot snapshot = context.snapshot();
        Optional<Credential> credential = snapshot.credential(keyId)
                .filter(c -> c.key().accountId().equals(context.caller().accountId()));
        String ownerArn = credential.map(c -> c.principal().arn())
                .orElse(IamResources.userArn(context.caller().accountId(), "/", "*"));
        authorizer.authorize(context, "iam:GetAccessKeyLastUsed", ownerArn, Map.of());
        Credential found = credential.orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "The Access Key with id " + keyId + " cannot be found."));
        StructValue.Builder last = StructValue.builder();
        usage.lastUsed(keyId).ifPresentOrElse(
                u -> last.put("LastUsedDate", u.at()).put("ServiceName", u.service()).put("Region", u.region()),
                () -> last.put("ServiceName", "N/A").put("Region", "N/A"));
        return StructValue.builder().put("UserName", userName(found.principal()))
                .put("AccessKeyLastUsed", last.build()).build();
    }

    /** The model's status enum also holds {@code Expired}, which no client can set on an access key. */
    private static AccessKeyStatus status(String status) {
        return Arrays.stream(AccessKeyStatus.values()).filter(s -> s.name().equals(status)).findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_INPUT,
                        "The status of an access key can be set to Active or Inactive, not " + status + "."));
    }

    private static AccessKey ownKey(IdentitySnapshot snapshot, Identity owner, String accessKeyId) {
        return snapshot.credential(accessKeyId)
                .filter(c -> c.principal().uniqueId().equals(owner.uniqueId()))
                .map(Credential::key)
                .orElseThrow(() -> new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                        "The Access Key with id " + accessKeyId + " cannot be found."));
    }

    private static StructValue metadata(Identity owner, AccessKey key) {
        return StructValue.builder()
                .put("UserName", userName(owner))
                .put("AccessKeyId", key.id().value())
                .put("Status", key.status().name())
                .put("CreateDate", key.createdAt())
                .build();
    }

    /** The user name AWS reports for a key; for the root user's keys, the account id (see ARCHITECTURE.md). */
    private static String userName(Identity owner) {
        return owner.kind() == IdentityKind.ROOT ? owner.accountId() : owner.name();
    }
}
