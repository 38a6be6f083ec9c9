package io.charter.server.sts;

import io.charter.policy.ContextValue;
import io.charter.policy.Decision;
import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.domain.Domain;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.RoleDetails;
import io.charter.server.identity.Tag;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.charter.server.identity.Arns;

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
                Operation.of("AssumeRole", this::assumeRole),
                Operation.of("GetSessionToken", this::getSessionToken),
                Operation.of("GetFederationToken", this::getFederationToken),
                Operation.of("GetAccessKeyInfo", this::getAccessKeyInfo),
                Operation.of("DecodeAuthorizationMessage", this::decodeAuthorizationMessage));
    }

    private StructValue assumeRole(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        String roleArn = input.string("RoleArn");
        String sessionName = input.string("RoleSessionName");
        RoleName name = RoleName.parse(roleArn);
        if (caller.kind() == IdentityKind.ROOT) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Roles may not be assumed by root accounts.");
        }
        Optional<SessionClaims> callerSession = caller.session();
        if (callerSession.isPresent() && callerSession.get().kind() == SessionKind.FEDERATED_USER) {
            throw denied(caller, "sts:AssumeRole", roleArn);
        }
        SessionTags tags = SessionTags.from(input, true, callerSession);
        Optional<String> inherited = callerSession.flatMap(SessionClaims::sourceIdentity);
        Optional<String> requestedSource = input.optionalString("SourceIdentity");
        if (requestedSource.isPresent() && requestedSource.get().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint: "
                            + "Member must not start with 'aws:'");
        }
        if (requestedSource.isPresent() && inherited.isPresent() && !inherited.equals(requestedSource)) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                    "The source identity of a role session cannot be changed in a chain of sessions.");
        }
        Optional<String> sourceIdentity = inherited.or(() -> requestedSource);
        rejectContexts(input);
        Optional<Instant> mfaAt = mfa.verify(context, input, MultiFactorAuthentication.INVALID_CODE);

        // Only now is the role looked up: every check above answers alike whether it exists or not,
        // and one that does not exist is refused exactly as one the caller may not assume.
        IdentitySnapshot snapshot = context.snapshot();
        Optional<Identity> role = snapshot.principal(name.accountId(), IdentityKind.ROLE, name.name())
                .filter(r -> r.path().equals(name.path()));
        Optional<RoleDetails> details = role.flatMap(r -> snapshot.role(r.uniqueId()));
        if (role.isEmpty() || details.isEmpty()) {
            // A role that does not exist is refused exactly as one the caller may not assume.
            throw denied(caller, "sts:AssumeRole", roleArn);
        }

        Map<String, ContextValue> keys = new HashMap<>(tags.requestKeys());
        mfaAt.ifPresent(at -> keys.putAll(MultiFactorAuthentication.requestKeys(at, context.time())));
        keys.put("sts:RoleSessionName", ContextValue.string(sessionName));
        input.optionalString("ExternalId").ifPresent(id -> keys.put("sts:ExternalId", ContextValue.string(id)));
        requestedSource.ifPresent(id -> keys.put("sts:SourceIdentity", ContextValue.string(id)));
        for (Tag tag : snapshot.tags(role.get().uniqueId())) {
            keys.put("aws:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
            keys.put("iam:ResourceTag/" + tag.key(), ContextValue.string(tag.value()));
        }
        Optional<io.charter.policy.Policy> trust = Optional.of(details.get().trustPolicy());
        require(context, "sts:AssumeRole", role.get().arn(), roleArn, keys, trust);
        if (!tags.tags().isEmpty()) {
            require(context, "sts:TagSession", role.get().arn(), roleArn, keys, trust);
        }
        if (sourceIdentity.isPresent()) {
            require(context, "sts:SetSourceIdentity", role.get().arn(), roleArn, keys, trust);
        }

        boolean chained = callerSession.isPresent();
        int duration = duration(input, details.get(), chained);
        Optional<String> policy = SessionPolicies.inline(input);
        List<String> policyArns = SessionPolicies.arns(input, snapshot, name.accountId());
        boolean packed = policy.isPresent() || !policyArns.isEmpty() || !tags.tags().isEmpty();
        int packedSize = SessionPolicies.packedSize(policy, policyArns, tags.tags());

        Instant now = context.time();
        StructValue issued = credentials.mint(new TemporaryCredentials.Session(SessionKind.ASSUMED_ROLE,
                name.accountId(), role.get().arn(), role.get().uniqueId(), sessionName, now, now.plusSeconds(duration),
                sourceIdentity, policy, policyArns, tags.tags(), tags.transitiveKeys(), Optional.empty(), chained));
        StructValue.Builder out = StructValue.builder()
                .put("Credentials", issued)
                .put("AssumedRoleUser", StructValue.builder()
                        .put("AssumedRoleId", role.get().uniqueId() + ":" + sessionName)
                        .put("Arn", Arns.assumedRole(name.accountId(), role.get().name(), sessionName))
                        .build());
        if (packed) {
            out.put("PackedPolicySize", packedSize);
        }
        sourceIdentity.ifPresent(id -> out.put("SourceIdentity", id));
        return out.build();
    }

    private int duration(StructValue input, RoleDetails role, boolean chained) {
        int requested = input.optionalInt("DurationSeconds").orElse(DEFAULT_ROLE_SESSION);
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

    private StructValue getSessionToken(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        if (caller.session().isPresent()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        Optional<Instant> mfaAt = mfa.verify(context, input, MultiFactorAuthentication.UNKNOWN_DEVICE);
        int duration = input.optionalInt("DurationSeconds").orElse(USER_SESSION_DEFAULT);
        if (caller.kind() == IdentityKind.ROOT) {
            duration = Math.min(duration, ROOT_SESSION_MAX); // AWS silently caps root sessions at one hour
        }
        Instant now = context.time();
        StructValue issued = credentials.mint(new TemporaryCredentials.Session(SessionKind.USER_SESSION,
                caller.accountId(), caller.arn(), caller.userId(), "", now, now.plusSeconds(duration), Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of(), mfaAt, false));
        return StructValue.builder().put("Credentials", issued).build();
    }

    private StructValue getFederationToken(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        if (caller.session().isPresent()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Cannot call GetFederationToken with session credentials");
        }
        String name = input.string("Name");
        String federatedArn = Arns.federatedUser(caller.accountId(), name);
        SessionTags tags = SessionTags.from(input, false, Optional.empty());
        authorizer.authorize(context, "sts:GetFederationToken", federatedArn, tags.requestKeys());
        if (!tags.tags().isEmpty()) {
            authorizer.authorize(context, "sts:TagSession", federatedArn, tags.requestKeys());
        }
        int duration = input.optionalInt("DurationSeconds").orElse(USER_SESSION_DEFAULT);
        if (caller.kind() == IdentityKind.ROOT) {
            duration = Math.min(duration, ROOT_SESSION_MAX);
        }
        Optional<String> policy = SessionPolicies.inline(input);
        List<String> policyArns = SessionPolicies.arns(input, context.snapshot(), caller.accountId());
        int packedSize = SessionPolicies.packedSize(policy, policyArns, tags.tags());
        Instant now = context.time();
        StructValue issued = credentials.mint(new TemporaryCredentials.Session(SessionKind.FEDERATED_USER,
                caller.accountId(), caller.arn(), caller.userId(), name, now, now.plusSeconds(duration), Optional.empty(),
                policy, policyArns, tags.tags(), List.of(), Optional.empty(), false));
        return StructValue.builder()
                .put("Credentials", issued)
                .put("FederatedUser", StructValue.builder()
                        .put("FederatedUserId", caller.accountId() + ":" + name)
                        .put("Arn", federatedArn)
                        .build())
                .put("PackedPolicySize", packedSize)
                .build();
    }

    private StructValue getAccessKeyInfo(OperationContext context, StructValue input) {
        String keyId = input.string("AccessKeyId");
        String account = new AccessKeyId(keyId).accountId()
                .or(() -> context.snapshot().credential(keyId).map(c -> c.key().accountId()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                        "The access key ID " + keyId + " is not valid."));
        return StructValue.builder().put("Account", account).build();
    }

    /**
     * Turns an encoded authorization failure message back into the decision it records, for a
     * caller allowed {@code sts:DecodeAuthorizationMessage} in the account that was denied.
     */
    private StructValue decodeAuthorizationMessage(OperationContext context, StructValue input) {
        authorizer.authorize(context, "sts:DecodeAuthorizationMessage", "*", Map.of());
        return StructValue.builder()
                .put("DecodedMessage", messages.decode(input.string("EncodedMessage"), context.caller().accountId(),
                        context.time()))
                .build();
    }

    /** Authorizes one action of AssumeRole; STS's AccessDenied message carries no reason. */
    private void require(OperationContext context, String action, String resource, String requestedArn,
            Map<String, ContextValue> keys, Optional<io.charter.policy.Policy> trust) {
        Decision decision = authorizer.decide(context, action, resource, keys, trust);
        if (!decision.isAllowed()) {
            throw denied(context.caller(), action, requestedArn);
        }
    }

    private static ServiceException denied(Caller caller, String action, String resource) {
        return new ServiceException(AwsErrorCode.ACCESS_DENIED,
                "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resource);
    }

    private static void rejectContexts(StructValue input) {
        if (input.optionalList("ProvidedContexts").isPresent() && !input.list("ProvidedContexts").isEmpty()) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "The provided context could not be verified.");
        }
    }

    /** A role ARN taken apart: {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
    record RoleName(String accountId, String path, String name) {
        static RoleName parse(String arn) {
            String[] parts = arn.split(":", 6);
            if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("iam") && parts[3].isEmpty()
                    && io.charter.policy.Principal.isAccountId(parts[4]) && parts[5].startsWith("role/") && !parts[5].endsWith("/")) {
                String resource = parts[5];
                int slash = resource.lastIndexOf('/');
                return new RoleName(parts[4], resource.substring(4, slash + 1), resource.substring(slash + 1));
            }
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, arn + " is invalid");
        }
    }
}
