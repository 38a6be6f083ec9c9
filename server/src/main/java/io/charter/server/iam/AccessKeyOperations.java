package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.AccessKeys;
import io.charter.server.domain.Domain;
import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.iam.IamMessages.AccessKeyLastUsed;
import io.charter.server.iam.IamMessages.AccessKeyMetadata;
import io.charter.server.iam.IamMessages.CreateAccessKeyRequest;
import io.charter.server.iam.IamMessages.CreateAccessKeyResult;
import io.charter.server.iam.IamMessages.DeleteAccessKeyRequest;
import io.charter.server.iam.IamMessages.GetAccessKeyLastUsedRequest;
import io.charter.server.iam.IamMessages.GetAccessKeyLastUsedResult;
import io.charter.server.iam.IamMessages.ListAccessKeysRequest;
import io.charter.server.iam.IamMessages.ListAccessKeysResult;
import io.charter.server.iam.IamMessages.UpdateAccessKeyRequest;
import io.charter.server.identity.AccessKey;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.service.NoResult;
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
                Operation.of("CreateAccessKey", CreateAccessKeyRequest.class, CreateAccessKeyResult.class, this::create),
                Operation.of("ListAccessKeys", ListAccessKeysRequest.class, ListAccessKeysResult.class, this::list),
                Operation.of("UpdateAccessKey", UpdateAccessKeyRequest.class, NoResult.class, this::update),
                Operation.of("DeleteAccessKey", DeleteAccessKeyRequest.class, NoResult.class, this::delete),
                Operation.of("GetAccessKeyLastUsed", GetAccessKeyLastUsedRequest.class, GetAccessKeyLastUsedResult.class,
                        this::lastUsed));
    }

    private CreateAccessKeyResult create(OperationContext context, CreateAccessKeyRequest input) {
        Identity owner = IamResources.authorizedUserOrCaller(context.snapshot(), context, input.userName(), authorizer,
                "iam:CreateAccessKey");
        NewAccessKey key = keys.create(owner, context.time());
        return new CreateAccessKeyResult(new IamMessages.AccessKey(userName(owner), key.accessKeyId(),
                AccessKeyStatus.Active.name(), key.secretAccessKey(), context.time()));
    }

    private ListAccessKeysResult list(OperationContext context, ListAccessKeysRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.userName(), authorizer,
                "iam:ListAccessKeys");
        Page<Credential> page = Page.of(snapshot.credentialsOf(owner.uniqueId()), input.marker(), input.maxItems());
        return new ListAccessKeysResult(page.items().stream().map(c -> metadata(owner, c.key())).toList(),
                page.isTruncated(), page.nextMarker());
    }

    private NoResult update(OperationContext context, UpdateAccessKeyRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.userName(), authorizer,
                "iam:UpdateAccessKey");
        AccessKey key = ownKey(snapshot, owner, input.accessKeyId());
        keys.setStatus(key.id().value(), status(input.status()));
        return NoResult.INSTANCE;
    }

    private NoResult delete(OperationContext context, DeleteAccessKeyRequest input) {
        IdentitySnapshot snapshot = context.snapshot();
        Identity owner = IamResources.authorizedUserOrCaller(snapshot, context, input.userName(), authorizer,
                "iam:DeleteAccessKey");
        AccessKey key = ownKey(snapshot, owner, input.accessKeyId());
        keys.delete(key.id().value());
        return NoResult.INSTANCE;
    }

    /**
     * GetAccessKeyLastUsed: any key of the caller's account, authorized on its owner. A key of
     * another account (its id names the account) is refused without revealing whether it exists.
     */
    private GetAccessKeyLastUsedResult lastUsed(OperationContext context, GetAccessKeyLastUsedRequest input) {
        String keyId = input.accessKeyId();
        IdentitySnapshot snapshot = context.snapshot();
        Optional<Credential> credential = snapshot.credential(keyId)
                .filter(c -> c.key().accountId().equals(context.caller().accountId()));
        String ownerArn = credential.map(c -> c.principal().arn())
                .orElse(Arns.user(context.caller().accountId(), "/", "*"));
        authorizer.authorize(context, "iam:GetAccessKeyLastUsed", ownerArn, Map.of());
        Credential found = credential.orElseThrow(() -> IamErrors.noSuchAccessKey(keyId));
        AccessKeyLastUsed last = usage.lastUsed(keyId)
                .map(u -> new AccessKeyLastUsed(Optional.of(u.at()), u.service(), u.region()))
                .orElse(new AccessKeyLastUsed(Optional.empty(), "N/A", "N/A"));
        return new GetAccessKeyLastUsedResult(userName(found.principal()), last);
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
                .orElseThrow(() -> IamErrors.noSuchAccessKey(accessKeyId));
    }

    private static AccessKeyMetadata metadata(Identity owner, AccessKey key) {
        return new AccessKeyMetadata(userName(owner), key.id().value(), key.status().name(), key.createdAt());
    }

    /** The user name AWS reports for a key; for the root user's keys, the account id (see ARCHITECTURE.md). */
    private static String userName(Identity owner) {
        return owner.kind() == IdentityKind.ROOT ? owner.accountId() : owner.name();
    }
}
