package io.charter.server.ec2;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Instances;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.InstanceErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Instance;
import io.charter.server.protocol.StructValue;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The caller's instances as EC2 shows them, and EC2's authorization of a call: an account sees its
 * own instances of the region the request is signed for (EC2 is regional: an instance registered
 * in us-east-1 does not exist in eu-west-1). An action on an instance is authorized on its ARN,
 * built from the id whether or not the instance exists, so that a caller learns of an instance only
 * what its permissions allow; the policy sees {@code ec2:Region}, and for an instance that exists
 * its {@code Name} tag ({@code aws:ResourceTag/Name}, {@code ec2:ResourceTag/Name}) and its
 * instance profile ({@code ec2:InstanceProfile}). A denial is {@code AccessDenied}, which EC2's
 * wire names {@code UnauthorizedOperation}.
 */
final class InstanceAccess {
    /** EC2's instance ids: {@code i-} and 8 or 17 lower-case hex digits. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    private final Instances instances;
    private final Authorizer authorizer;

    InstanceAccess(Instances instances, Authorizer authorizer) {
        this.instances = instances;
        this.authorizer = authorizer;
    }

    Instances instances() {
        return instances;
    }

    /** The instances of the caller's account in the request's region, by id. */
    List<Instance> visible(OperationContext context) {
        return instances.inAccount(context.caller().accountId()).stream()
                .filter(i -> i.region().equals(context.region()))
                .sorted(Comparator.comparing(Instance::instanceId))
                .toList();
    }

    /** @throws ServiceException {@code InvalidInstanceID.Malformed} for an id of another shape */
    static void checkId(String instanceId) {
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new ServiceException(AwsErrorCode.INVALID_INSTANCE_ID_MALFORMED, "Invalid id: \"" + instanceId + "\"");
        }
    }

    /**
     * Authorizes {@code action} on the instance, then returns it.
     *
     * @throws ServiceException {@code InvalidInstanceID.Malformed}, {@code AccessDenied}, or
     *     {@code InvalidInstanceID.NotFound} for an instance the caller's account does not have here
     */
    Instance authorized(OperationContext context, String instanceId, String action) {
        checkId(instanceId);
        String account = context.caller().accountId();
        Optional<Instance> instance = instances.find(instanceId)
                .filter(i -> i.accountId().equals(account) && i.region().equals(context.region()));
        authorizer.authorize(context, action, Arns.instance(context.region(), account, instanceId),
                keys(context, instance));
        return instance.orElseThrow(() -> InstanceErrors.instanceNotFound(instanceId));
    }

    /** Authorizes {@code action} on an instance found already (an association's). */
    void authorize(OperationContext context, Instance instance, String action) {
        authorizer.authorize(context, action, instance.arn(), keys(context, Optional.of(instance)));
    }

    /** Authorizes an action that names no resource (the Describe calls): on {@code *}. */
    void authorizeAll(OperationContext context, String action) {
        authorizer.authorize(context, action, "*", Map.of("ec2:Region", ContextValue.string(context.region())));
    }

    /**
     * Answers a request with {@code DryRun} set, once it has been checked and authorized:
     * {@code DryRunOperation} (412), as EC2 does.
     */
    static void dryRun(StructValue input) {
        if (input.optionalBoolean("DryRun").orElse(false)) {
            throw new ServiceException(AwsErrorCode.DRY_RUN_OPERATION,
                    "Request would have succeeded, but DryRun flag is set.");
        }
    }

    private static Map<String, ContextValue> keys(OperationContext context, Optional<Instance> instance) {
        Map<String, ContextValue> keys = new HashMap<>();
        keys.put("ec2:Region", ContextValue.string(context.region()));
        instance.ifPresent(i -> {
            keys.put("aws:ResourceTag/Name", ContextValue.string(i.name()));
            keys.put("ec2:ResourceTag/Name", ContextValue.string(i.name()));
            i.association().ifPresent(a -> keys.put("ec2:InstanceProfile", ContextValue.arn(a.profileArn())));
        });
        return keys;
    }
}
