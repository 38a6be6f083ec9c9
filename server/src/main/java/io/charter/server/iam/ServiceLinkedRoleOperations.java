package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Roles;
import io.charter.server.domain.Written;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.iam.IamMessages.CreateServiceLinkedRoleRequest;
import io.charter.server.iam.IamMessages.DeletionStatus;
import io.charter.server.iam.IamMessages.DeletionTask;
import io.charter.server.iam.IamMessages.RoleRequest;
import io.charter.server.iam.IamMessages.RoleResult;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus. A service-linked role lives under
 * {@code /aws-service-role/<service>/}, trusts the service principal, and is protected: users
 * cannot change its trust, policies or boundary, or delete it with DeleteRole
 * ({@code UnmodifiableEntity}). AWS attaches a service-specific policy; Charter serves no other
 * service, so the role carries none. Deletion completes at once, so its status is
 * {@code SUCCEEDED}.
 */
public final class ServiceLinkedRoleOperations {
    /** AWS's role-name stems for well-known services; others are derived from the service name. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("autoscaling.amazonaws.com", "AutoScaling"),
            Map.entry("ecs.amazonaws.com", "ECS"),
            Map.entry("elasticbeanstalk.amazonaws.com", "ElasticBeanstalk"),
            Map.entry("elasticloadbalancing.amazonaws.com", "ElasticLoadBalancing"),
            Map.entry("rds.amazonaws.com", "RDS"),
            Map.entry("eks.amazonaws.com", "AmazonEKS"),
            Map.entry("organizations.amazonaws.com", "Organizations"),
            Map.entry("support.amazonaws.com", "Support"),
            Map.entry("trustedadvisor.amazonaws.com", "TrustedAdvisor"),
            Map.entry("cloudtrail.amazonaws.com", "CloudTrail"),
            Map.entry("config.amazonaws.com", "Config"),
            Map.entry("ssm.amazonaws.com", "AmazonSSM"));

    private final Roles roles;
    private final Authorizer authorizer;
    private final Map<String, String> deletionTasks = new ConcurrentHashMap<>();

    public ServiceLinkedRoleOperations(Domain domain, Authorizer authorizer) {
        this.roles = domain.roles();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateServiceLinkedRole", CreateServiceLinkedRoleRequest.class, RoleResult.class,
                        this::create),
                Operation.of("DeleteServiceLinkedRole", RoleRequest.class, DeletionTask.class, this::delete),
                Operation.of("GetServiceLinkedRoleDeletionStatus", DeletionTask.class, DeletionStatus.class,
                        this::deletionStatus));
    }

    /** Whether a role is service-linked, and so refuses changes by users. */
    static boolean isServiceLinked(Identity role) {
        return role.kind() == IdentityKind.ROLE && role.path().startsWith("/aws-service-role/");
    }

    /** Refuses a change to a service-linked role, with AWS's error. */
    static void requireModifiable(Identity role) {
        if (isServiceLinked(role)) {
            throw new ServiceException(AwsErrorCode.UNMODIFIABLE_ENTITY, "Cannot perform the operation on the protected role '"
                    + role.name() + "' - this role is only modifiable by AWS");
        }
    }

    private RoleResult create(OperationContext context, CreateServiceLinkedRoleRequest input) {
        String account = context.caller().accountId();
        String service = input.awsServiceName();
        if (!service.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com")) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, "Invalid AWS service name: " + service);
        }
        String name = "AWSServiceRoleFor" + NAMES.getOrDefault(service, derived(service))
                + input.customSuffix().map(s -> "_" + s).orElse("");
        String path = "/aws-service-role/" + service + "/";
        String arn = Arns.role(account, path, name);
        authorizer.authorize(context, "iam:CreateServiceLinkedRole", arn,
                Map.of("iam:AWSServiceName", ContextValue.string(service)));
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\""
                + service + "\"]},\"Action\":[\"sts:AssumeRole\"]}]}";
        Written<Identity> role = roles.create(new Roles.NewRole(account, name, path, trust, input.description(),
                Roles.DEFAULT_MAX_SESSION, List.of(), Optional.empty()), context.time(),
                () -> new ServiceException(AwsErrorCode.INVALID_INPUT,
                        "Service role name " + name + " has been taken in this account, please try a different suffix."));
        return new RoleResult(RoleOperations.role(role.value(), role.snapshot(), RoleOperations.View.CREATED));
    }

    private DeletionTask delete(OperationContext context, RoleRequest input) {
        Identity role = IamResources.authorizedPrincipal(context.snapshot(), context, IdentityKind.ROLE, input.roleName(),
                authorizer, "iam:DeleteServiceLinkedRole", Map.of());
        if (!isServiceLinked(role)) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT, "Role " + role.name() + " is not a service-linked role.");
        }
        roles.delete(role);
        String taskId = "task" + role.path() + role.name() + "/" + UUID.randomUUID();
        deletionTasks.put(taskId, role.accountId());
        return new DeletionTask(taskId);
    }

    private DeletionStatus deletionStatus(OperationContext context, DeletionTask input) {
        authorizer.authorize(context, "iam:GetServiceLinkedRoleDeletionStatus", "*", Map.of());
        String taskId = input.deletionTaskId();
        String owner = deletionTasks.get(taskId);
        if (owner == null || !owner.equals(context.caller().accountId())) {
            throw new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Deletion task " + taskId + " cannot be found.");
        }
        return new DeletionStatus("SUCCEEDED");
    }

    /** {@code my-service.amazonaws.com} becomes {@code MyService}. */
    private static String derived(String service) {
        StringBuilder out = new StringBuilder();
        for (String part : service.substring(0, service.indexOf(".amazonaws.com")).split("[.-]")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
