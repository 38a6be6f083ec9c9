package io.charter.server.admin;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.InstanceProfiles;
import io.charter.server.domain.Instances;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Instance;
import io.charter.server.identity.InstanceMetadataOptions;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.identity.InstanceProfileAssociation;
import io.charter.server.identity.RoleDetails;
import io.charter.server.protocol.StringValue;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionMint;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The calls a registered instance's metadata agent makes with the instance's own credential, and
 * nothing else may make (the only calls that credential may make at all):
 * <ul>
 *   <li>{@code GetInstanceCredentials}: what the instance is (id, account, region, metadata
 *       options, the profile attached, the task roles granted) and, when asked, credentials of the
 *       attached profile's role, as EC2 hands them out: a session of the role named after the
 *       instance id, carrying {@code ec2:SourceInstanceARN}, when the role's trust policy lets
 *       {@code ec2.amazonaws.com} assume it ({@code AssumeRoleUnauthorizedAccess} otherwise, as EC2's
 *       metadata service reports it).</li>
 *   <li>{@code GetTaskRoleCredentials}: credentials of a role granted to the instance for its
 *       containers, a session named after the container, when the role trusts
 *       {@code ecs-tasks.amazonaws.com}.</li>
 * </ul>
 * The instance is read afresh from the store on every call, so a change of attachment shows at
 * once and a deregistered instance gets nothing.
 */
public final class InstanceCredentialsApi {
    static final String EC2_SERVICE = "ec2.amazonaws.com";
    static final String SUCCESS = "Success";
    static final String ASSUME_ROLE_UNAUTHORIZED = "AssumeRoleUnauthorizedAccess";
    private static final BigDecimal IMDS_V1 = new BigDecimal("1.0");
    private static final BigDecimal IMDS_V2 = new BigDecimal("2.0");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    private final Instances instances;
    private final InstanceProfiles profiles;
    private final Authorizer authorizer;
    private final SessionMint mint;
    private final Duration sessionDuration;

    public InstanceCredentialsApi(Instances instances, InstanceProfiles profiles, Authorizer authorizer,
            SessionMint mint, Duration sessionDuration) {
        this.instances = instances;
        this.profiles = profiles;
        this.authorizer = authorizer;
        this.mint = mint;
        this.sessionDuration = sessionDuration;
    }

    /** The operations an instance's own credential may call. */
    public static final List<String> INSTANCE_OPERATIONS = List.of("GetInstanceCredentials", "GetTaskRoleCredentials");

    public List<Operation> operations() {
        return List.of(
                Operation.of("GetInstanceCredentials", this::instanceCredentials),
                Operation.of("GetTaskRoleCredentials", this::taskRoleCredentials));
    }

    private StructValue instanceCredentials(OperationContext context, StructValue input) {
        Instance instance = callingInstance(context);
        InstanceMetadataOptions options = instance.metadataOptions();
        StructValue.Builder out = StructValue.builder()
                .put("InstanceId", instance.instanceId())
                .put("InstanceArn", instance.arn())
                .put("AccountId", instance.accountId())
                .put("Region", instance.region())
                .put("AvailabilityZone", instance.availabilityZone())
                .put("MetadataOptions", StructValue.builder()
                        .put("HttpTokens", options.httpTokens())
                        .put("HttpPutResponseHopLimit", options.hopLimit())
                        .put("HttpEndpoint", options.httpEndpoint())
                        .build())
                .putList("TaskRoleArns", instance.taskRoleArns().stream().map(StringValue::new).toList());
        if (instance.association().isEmpty()) {
            return out.build();
        }
        InstanceProfileAssociation association = instance.association().get();
        // The profile and its role are the instance's own account's (the association is made so);
        // checked again here, where credentials are handed out.
        Optional<InstanceProfile> profile = profiles.findByArn(association.profileArn())
                .filter(p -> p.profileId().equals(association.profileId()))
                .filter(p -> p.accountId().equals(instance.accountId()));
        Optional<Identity> role = profile.flatMap(p -> profiles.roleIds(p).stream().findFirst())
                .map(id -> context.snapshot().principals().get(id))
                .filter(r -> r.accountId().equals(instance.accountId()));
        StructValue.Builder attached = StructValue.builder()
                .put("Arn", association.profileArn())
                .put("Id", association.profileId());
        role.ifPresent(r -> attached.put("RoleName", r.name()).put("RoleArn", r.arn()));
        out.put("InstanceProfile", attached.build());
        if (role.isEmpty()) {
            return out.build();
        }
        Identity theRole = role.get();
        RoleDetails details = context.snapshot().role(theRole.uniqueId()).orElseThrow();
        if (!authorizer.serviceMayAssume(EC2_SERVICE, theRole, details, context.facts())) {
            return out.put("CredentialsCode", ASSUME_ROLE_UNAUTHORIZED)
                    .put("CredentialsMessage", "EC2 cannot assume the role " + theRole.name() + ": its trust policy"
                            + " does not allow the service principal " + EC2_SERVICE + " sts:AssumeRole.")
                    .build();
        }
        out.put("CredentialsCode", SUCCESS);
        if (input.optionalBoolean("IncludeCredentials").orElse(false)) {
            // IMDSv1 may deliver them unless the instance requires tokens: 1.0, so that AWS's policy refusing
            // IMDSv1-delivered credentials (NumericLessThan ec2:RoleDelivery 2.0) refuses these too.
            BigDecimal delivery = options.tokensRequired() ? IMDS_V2 : IMDS_V1;
            out.put("Credentials", credentials(context, theRole, instance.instanceId(), Optional.of(instance.arn()),
                    Optional.of(delivery)));
        }
        return out.build();
    }

    private StructValue taskRoleCredentials(OperationContext context, StructValue input) {
        Instance instance = callingInstance(context);
        String roleArn = input.string("RoleArn");
        String container = input.string("ContainerName");
        if (INSTANCE_ID.matcher(container).matches()) {
            // An instance's own role session is named after its id; no container may pass for one.
            throw new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION, "ContainerName " + container
                    + " looks like an instance id, which names instances' own role sessions: choose another name.");
        }
        if (!instance.taskRoleArns().contains(roleArn)) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Instance: " + instance.arn()
                    + " is not authorized to hand the role " + roleArn + " to its containers: the role is not granted"
                    + " to it (charter instances grant-task-role)");
        }
        Identity role = InstanceRoles.byArn(context.snapshot(), roleArn)
                .filter(r -> r.accountId().equals(instance.accountId()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.RESOURCE_NOT_FOUND_EXCEPTION,
                        "The role " + roleArn + " does not exist."));
        RoleDetails details = context.snapshot().role(role.uniqueId()).orElseThrow();
        if (!authorizer.serviceMayAssume(InstanceOperations.TASKS_SERVICE, role, details, context.facts())) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "ECS tasks cannot assume the role " + role.name()
                    + ": its trust policy does not allow the service principal " + InstanceOperations.TASKS_SERVICE
                    + " sts:AssumeRole.");
        }
        return StructValue.builder()
                .put("RoleArn", role.arn())
                .put("Credentials", credentials(context, role, container, Optional.empty(), Optional.empty()))
                .build();
    }

    /** The instance whose own credential signed the request, as the store has it now. */
    private Instance callingInstance(OperationContext context) {
        Caller caller = context.caller();
        if (caller.kind() != IdentityKind.INSTANCE) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "User: " + caller.arn() + " is not authorized to"
                    + " fetch an instance's credentials: only the instance's own credential (charter instances"
                    + " register) may");
        }
        return instances.find(caller.userId()).filter(i -> i.accessKeyId().equals(caller.accessKeyId()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID,
                        "The security token included in the request is invalid."));
    }

    private StructValue credentials(OperationContext context, Identity role, String sessionName,
            Optional<String> sourceInstanceArn, Optional<BigDecimal> roleDelivery) {
        Instant now = context.time();
        SessionMint.Minted minted = mint.mint(role.accountId(), (keyId, secret) -> new SessionClaims(keyId, secret,
                SessionKind.ASSUMED_ROLE, role.accountId(), role.arn(), role.uniqueId(), sessionName, now,
                now.plus(sessionDuration), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), false, sourceInstanceArn, roleDelivery));
        SessionClaims claims = minted.claims();
        return StructValue.builder()
                .put("AccessKeyId", claims.accessKeyId())
                .put("SecretAccessKey", claims.secretAccessKey())
                .put("SessionToken", minted.sessionToken())
                .put("Expiration", claims.expiresAt())
                .put("LastUpdated", now)
                .build();
    }
}
