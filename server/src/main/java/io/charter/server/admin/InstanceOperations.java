package io.charter.server.admin;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Instances;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.InstanceErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.Instance;
import io.charter.server.identity.RoleDetails;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's instance calls (service {@code charter}, beyond AWS): machines registered as
 * instances of the caller's account, and the roles each may hand to its containers.
 * <ul>
 *   <li>{@code RegisterInstance}: {@code charter:RegisterInstance} on
 *       {@code arn:aws:ec2:REGION:ACCOUNT:instance/*} (the region of the request's signature); answers
 *       the instance's id and its credential, whose secret is shown this once.</li>
 *   <li>{@code DeregisterInstance}: {@code charter:DeregisterInstance} on the instance; its
 *       credential stops working at once, on every node.</li>
 *   <li>{@code GrantTaskRole}: {@code charter:GrantTaskRole} on the instance and {@code iam:PassRole}
 *       on the role with {@code iam:PassedToService} {@code ecs-tasks.amazonaws.com}, as passing a role
 *       to ECS needs; the role must be the account's own and trust {@code ecs-tasks.amazonaws.com}.</li>
 *   <li>{@code RevokeTaskRole}: {@code charter:RevokeTaskRole} on the instance.</li>
 * </ul>
 * Each call is authorized before it says whether the instance exists.
 */
public final class InstanceOperations {
    static final String TASKS_SERVICE = "ecs-tasks.amazonaws.com";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private final Instances instances;
    private final Authorizer authorizer;

    public InstanceOperations(Instances instances, Authorizer authorizer) {
        this.instances = instances;
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("RegisterInstance", this::register),
                Operation.of("DeregisterInstance", this::deregister),
                Operation.of("GrantTaskRole", this::grantTaskRole),
                Operation.of("RevokeTaskRole", this::revokeTaskRole));
    }

    private StructValue register(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        if (!REGION.matcher(context.region()).matches()) {
            throw new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION, "The region " + context.region()
                    + " of the request's signature is not a region name (such as us-east-1): instances are"
                    + " registered in the region they are signed for.");
        }
        authorizer.authorize(context, "charter:RegisterInstance", Arns.instance(context.region(), account, "*"),
                Map.<String, ContextValue>of());
        Instances.Registered registered = instances.register(account, input.string("Name"), context.region());
        Instance instance = registered.instance();
        return StructValue.builder()
                .put("InstanceId", instance.instanceId())
                .put("InstanceArn", instance.arn())
                .put("AccessKeyId", instance.accessKeyId())
                .put("SecretAccessKey", registered.secretAccessKey())
                .build();
    }

    private StructValue deregister(OperationContext context, StructValue input) {
        String instanceId = input.string("InstanceId");
        authorized(context, "charter:DeregisterInstance", instanceId);
        Instance gone = instances.deregister(context.caller().accountId(), instanceId);
        return StructValue.builder().put("InstanceId", gone.instanceId()).build();
    }

    private StructValue grantTaskRole(OperationContext context, StructValue input) {
        String instanceId = input.string("InstanceId");
        String roleArn = input.string("RoleArn");
        authorized(context, "charter:GrantTaskRole", instanceId);
        // Passing the role is authorized on the ARN as given, before anything says whether it exists.
        authorizer.authorize(context, "iam:PassRole", roleArn,
                Map.of("iam:PassedToService", ContextValue.string(TASKS_SERVICE)));
        Identity role = InstanceRoles.byArn(context.snapshot(), roleArn)
                .filter(r -> r.accountId().equals(context.caller().accountId()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.RESOURCE_NOT_FOUND_EXCEPTION,
                        "The role " + roleArn + " does not exist in account " + context.caller().accountId() + "."));
        RoleDetails details = context.snapshot().role(role.uniqueId()).orElseThrow();
        if (!authorizer.serviceMayAssume(TASKS_SERVICE, role, details, context.facts())) {
            throw new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION, "The role " + role.arn()
                    + " does not trust " + TASKS_SERVICE + " to assume it: its trust policy must allow the service"
                    + " principal " + TASKS_SERVICE + " sts:AssumeRole.");
        }
        instances.grantTaskRole(context.caller().accountId(), instanceId, role.arn());
        return StructValue.builder().put("InstanceId", instanceId).put("RoleArn", role.arn()).build();
    }

    private StructValue revokeTaskRole(OperationContext context, StructValue input) {
        String instanceId = input.string("InstanceId");
        String roleArn = input.string("RoleArn");
        authorized(context, "charter:RevokeTaskRole", instanceId);
        instances.revokeTaskRole(context.caller().accountId(), instanceId, roleArn);
        return StructValue.builder().put("InstanceId", instanceId).put("RoleArn", roleArn).build();
    }

    /**
     * Authorizes {@code action} on the caller's account's instance, named by its ARN (or, for an
     * instance the account does not have, the ARN it would have in the request's region), then
     * refuses an instance that is not there.
     */
    private void authorized(OperationContext context, String action, String instanceId) {
        String account = context.caller().accountId();
        Instance instance = instances.find(instanceId).filter(i -> i.accountId().equals(account)).orElse(null);
        String arn = instance != null ? instance.arn() : Arns.instance(context.region(), account, instanceId);
        authorizer.authorize(context, action, arn, Map.<String, ContextValue>of());
        if (instance == null) {
            throw InstanceErrors.noSuchInstance(instanceId);
        }
    }
}
