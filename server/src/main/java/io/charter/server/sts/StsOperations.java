package io.charter.server.sts;

import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.policy.Policy;
import io.charter.policy.Principal;
import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.Tag;
import io.charter.server.service.Operation;
import io.charter.server.sts.StsMessages.AssumeRoleRequest;
import io.charter.server.sts.StsMessages.AssumeRoleResult;
import io.charter.server.sts.StsMessages.AssumedRoleUser;
import io.charter.server.sts.StsMessages.Credentials;
import io.charter.server.sts.StsMessages.DecodeAuthorizationMessageRequest;
import io.charter.server.sts.StsMessages.DecodeAuthorizationMessageResult;
import io.charter.server.sts.StsMessages.FederatedUser;
import io.charter.server.sts.StsMessages.GetAccessKeyInfoRequest;
import io.charter.server.sts.StsMessages.GetAccessKeyInfoResult;
import io.charter.server.sts.StsMessages.GetFederationTokenRequest;
import io.charter.server.sts.StsMessages.GetFederationTokenResult;
import io.charter.server.sts.StsMessages.GetSessionTokenRequest;
import io.charter.server.sts.StsMessages.GetSessionTokenResult;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * STS: AssumeRole, GetSessionToken, GetFederationToken, GetAccessKeyInfo and
 * DecodeAuthorizationMessage (GetCallerIdentity is in {@link StsService}). AssumeRole is authorized as AWS does it: the role's trust
 * policy is the resource policy for {@code sts:AssumeRole} (and {@code sts:TagSession},
 * {@code sts:SetSourceIdentity} when the request tags the session or sets a source identity),
 * evaluated together with the caller's own policies under the same- and cross-account rules.
 */
public final class StsOperations {
    static final int DEFAULT_ROLE_SESSION = 3600;
    static final int CHAINED_MAX = 3600;
    static final int USER_SESSION_DEFAULT = 43_200;
    static final int ROOT_SESSION_MAX = 3600;

    private final Authorizer authorizer;
    private final TemporaryCredentials credentials;
    private final MultiFactorAuthentication mfa;
    private final AuthorizationMessages messages;

    public StsOperations(Domain domain, Authorizer authorizer, TemporaryCredentials credentials,
            AuthorizationMessages messages) {
        this.authorizer = authorizer;
        this.credentials = credentials;
        this.mfa = new MultiFactorAuthentication(domain.mfaDevices());
        this.messages = messages;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("AssumeRole", AssumeRoleRequest.class, AssumeRoleResult.class, this::assumeRole),
                Operation.of("GetSessionToken", GetSessionTokenRequest.class, GetSessionTokenResult.class,
                        this::getSessionToken),
                Operation.of("GetFederationToken", GetFederationTokenRequest.class, GetFederationTokenResult.class,
                        this::getFederationToken),
                Operation.of("GetAccessKeyInfo", GetAccessKeyInfoRequest.class, GetAccessKeyInfoResult.class,
                        this::getAccessKeyInfo),
                Operation.of("DecodeAuthorizationMessage", DecodeAuthorizationMessageRequest.class,
                        DecodeAuthorizationMessageResult.class, this::decodeAuthorizationMessage));
    }

    private AssumeRoleResult assumeRole(OperationContext context, AssumeRoleRequest input) {
        Caller caller = context.caller();
        String roleArn = input.roleArn();
        String sessionName = input.roleSessionName();
        RoleName name = RoleName.parse(roleArn);
        if (caller.kind() == IdentityKind.ROOT) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Roles may not be assumed by root accounts.");
        }
        Optional<SessionClaims> callerSession = caller.session();
        if (callerSession.isPresent() && callerSession.get().kind() == SessionKind.FEDERATED_USER) {
            throw denied(caller, "sts:AssumeRole", roleArn);
        }
        SessionTags tags = SessionTags.from(input.tags(), input.transitiveTagKeys(), callerSession);
        Optional<String> inherited = callerSession.flatMap(SessionClaims::sourceIdentity);
        Optional<String> requestedSource = input.sourceIdentity();
        if (requestedSource.isPresent() && requestedSource.get().toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint: "
                            + "Member must not start with 'aws:'");
        }
        if (requestedSource.isPresent() && inherited.isPresent() && !inherited.equals(requestedSource)) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                    "The source identity of a role session cannot be changed in a chain of sessions.");
        }
        Optional<String> sourceIdentity = inherited.or(() -> requestedSource);
        if (!input.providedContexts().isEmpty()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "The provided context could not be verified.");
        }
        Optional<Instant> mfaAt = mfa.verify(context, input.serialNumber(), input.tokenCode(),
                MultiFactorAuthentication.INVALID_CODE);

        // Only now is the role looked up: every check above answers alike whether it exists or not,
        // and one that does not exist is refused exactly as one the caller may not assume.
        IdentitySnapshot snapshot = context.snapshot();
        Optional<Identity> role = snapshot.principal(name.accountId(), IdentityKind.ROLE, name.name())
                .filter(r -> r.path().equals(name.path()));
        Optional<RoleDetails> details = role.flatMap(r -> snapshot.role(r.uniqueId()));
        if (role.isEmpty() || details.isEmpty()) {
            throw denied(caller, "sts:AssumeRole", roleArn);
        }

        Map<String, ContextValue> keys = new HashMap<>(tags.requestKeys());
        mfaAt.ifPresent(at -> keys.putAll(MultiFactorAuthentication.requestKeys(at, context.time())));
        keys.put("sts:RoleSessionName", ContextValue.string(sessionName));
        input.externalId().ifPresent(id -> keys.put("sts:ExternalId", ContextValue.string(id)));
        requestedSource.ifPresent(id -> keys.put("sts:SourceIdentity", ContextValue.string(id)));
        for (Tag tag : snapshot.tags(role.get().uniqueId())) {
            keys.put("aws:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
            keys.put("iam:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
        }
        Optional<Policy> trust = Optional.of(details.get().trustPolicy());
        require(context, "sts:AssumeRole", role.get().arn(), roleArn, keys, trust);
        if (!tags.tags().isEmpty()) {
            require(context, "sts:TagSession", role.get().arn(), roleArn, keys, trust);
        }
        if (sourceIdentity.isPresent()) {
            require(context, "sts:SetSourceIdentity", role.get().arn(), roleArn, keys, trust);
        }

        boolean chained = callerSession.isPresent();
        int duration = duration(input.durationSeconds(), details.get(), chained);
        Optional<String> policy = SessionPolicies.inline(input.policy());
        List<String> policyArns = SessionPolicies.arns(input.policyArns(), snapshot, name.accountId());
        boolean packed = policy.isPresent() || !policyArns.isEmpty() || !tags.tags().isEmpty();
        int packedSize = SessionPolicies.packedSize(policy, policyArns, tags.tags());

        Instant now = context.time();
        Credentials issued = credentials.mint(new TemporaryCredentials.Session(SessionKind.ASSUMED_ROLE,
                name.accountId(), role.get().arn(), role.get().uniqueId(), sessionName, now, now.plusSeconds(duration),
                sourceIdentity, policy, policyArns, tags.tags(), tags.transitiveKeys(), Optional.empty(), chained));
        return new AssumeRoleResult(issued,
                new AssumedRoleUser(role.get().uniqueId() + ":" + sessionName,
                        Arns.assumedRole(name.accountId(), role.get().name(), sessionName)),
                packed ? Optional.of(packedSize) : Optional.empty(), sourceIdentity);
    }

    private int duration(Optional<Integer> durationSeconds, RoleDetails role, boolean chained) {
        int requested = durationSeconds.orElse(DEFAULT_ROLE_SESSION);
        if (chained && requested > CHAINED_MAX) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (requested > role.maxSessionDuration()) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        return requested;
    }

    private GetSessionTokenResult getSessionToken(OperationContext context, GetSessionTokenRequest input) {
        Caller caller = context.caller();
        if (caller.session().isPresent()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        Optional<Instant> mfaAt = mfa.verify(context, input.serialNumber(), input.tokenCode(),
                MultiFactorAuthentication.UNKNOWN_DEVICE);
        int duration = input.durationSeconds().orElse(USER_SESSION_DEFAULT);
        if (caller.kind() == IdentityKind.ROOT) {
            duration = Math.min(duration, ROOT_SESSION_MAX); // AWS silently caps root sessions at one hour
        }
        Instant now = context.time();
        return new GetSessionTokenResult(credentials.mint(new TemporaryCredentials.Session(SessionKind.USER_SESSION,
                caller.accountId(), caller.arn(), caller.userId(), "", now, now.plusSeconds(duration), Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of(), mfaAt, false)));
    }

    private GetFederationTokenResult getFederationToken(OperationContext context, GetFederationTokenRequest input) {
        Caller caller = context.caller();
        if (caller.session().isPresent()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Cannot call GetFederationToken with session credentials");
        }
        String name = input.name();
        String federatedArn = Arns.federatedUser(caller.accountId(), name);
        SessionTags tags = SessionTags.from(input.tags(), List.of(), Optional.empty());
        authorizer.authorize(context, "sts:GetFederationToken", federatedArn, tags.requestKeys());
        if (!tags.tags().isEmpty()) {
            authorizer.authorize(context, "sts:TagSession", federatedArn, tags.requestKeys());
        }
        int duration = input.durationSeconds().orElse(USER_SESSION_DEFAULT);
        if (caller.kind() == IdentityKind.ROOT) {
            duration = Math.min(duration, ROOT_SESSION_MAX);
        }
        Optional<String> policy = SessionPolicies.inline(input.policy());
        List<String> policyArns = SessionPolicies.arns(input.policyArns(), context.snapshot(), caller.accountId());
        int packedSize = SessionPolicies.packedSize(policy, policyArns, tags.tags());
        Instant now = context.time();
        Credentials issued = credentials.mint(new TemporaryCredentials.Session(SessionKind.FEDERATED_USER,
                caller.accountId(), caller.arn(), caller.userId(), name, now, now.plusSeconds(duration), Optional.empty(),
                policy, policyArns, tags.tags(), List.of(), Optional.empty(), false));
        return new GetFederationTokenResult(issued, new FederatedUser(caller.accountId() + ":" + name, federatedArn),
                packedSize);
    }

    private GetAccessKeyInfoResult getAccessKeyInfo(OperationContext context, GetAccessKeyInfoRequest input) {
        String keyId = input.accessKeyId();
        String account = new AccessKeyId(keyId).accountId()
                .or(() -> context.snapshot().credential(keyId).map(c -> c.key().accountId()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                        "The access key ID " + keyId + " is not valid."));
        return new GetAccessKeyInfoResult(account);
    }

    /**
     * Turns an encoded authorization failure message back into the decision it records, for a
     * caller allowed {@code sts:DecodeAuthorizationMessage} in the account that was denied.
     */
    private DecodeAuthorizationMessageResult decodeAuthorizationMessage(OperationContext context,
            DecodeAuthorizationMessageRequest input) {
        authorizer.authorize(context, "sts:DecodeAuthorizationMessage", "*", Map.of());
        return new DecodeAuthorizationMessageResult(
                messages.decode(input.encodedMessage(), context.caller().accountId(), context.time()));
    }

    /** Authorizes one action of AssumeRole; STS's AccessDenied message carries no reason. */
    private void require(OperationContext context, String action, String resource, String requestedArn,
            Map<String, ContextValue> keys, Optional<Policy> trust) {
        Decision decision = authorizer.decide(context, action, resource, keys, trust);
        if (!decision.isAllowed()) {
            throw denied(context.caller(), action, requestedArn);
        }
    }

    private static ServiceException denied(Caller caller, String action, String resource) {
        return new ServiceException(AwsErrorCode.ACCESS_DENIED,
                "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resource);
    }

    /** A role ARN taken apart: {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
    record RoleName(String accountId, String path, String name) {
        static RoleName parse(String arn) {
            String[] parts = arn.split(":", 6);
            if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("iam") && parts[3].isEmpty()
                    && Principal.isAccountId(parts[4]) && parts[5].startsWith("role/") && !parts[5].endsWith("/")) {
                String resource = parts[5];
                int slash = resource.lastIndexOf('/');
                return new RoleName(parts[4], resource.substring(4, slash + 1), resource.substring(slash + 1));
            }
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, arn + " is invalid");
        }
    }
}
