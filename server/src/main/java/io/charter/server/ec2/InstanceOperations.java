package io.charter.server.ec2;

import io.charter.server.auth.OperationContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.InstanceErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Instance;
import io.charter.server.identity.InstanceMetadataOptions;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * DescribeInstances and ModifyInstanceMetadataOptions over the caller's registered instances.
 *
 * <p>An instance is shown as EC2 shows a running one, with what Charter knows of it: its id, state
 * {@code running} (16), its availability zone (the region's first), its launch time (when it was
 * registered), its {@code Name} tag (the name it was registered with), its instance profile and
 * its metadata options; its reservation holds it alone. What Charter does not have (image, type,
 * network) is left out rather than invented.
 */
final class InstanceOperations {
    private static final Set<String> INSTANCE_FILTERS = Set.of("instance-id", "instance-state-name",
            "instance-state-code", "availability-zone", "reservation-id", "owner-id", "tag-key", "tag-value",
            "iam-instance-profile.arn", "iam-instance-profile.id", "metadata-options.http-tokens",
            "metadata-options.http-put-response-hop-limit", "metadata-options.http-endpoint");
    private static final int RUNNING_CODE = 16;
    private static final String RUNNING = "running";

    private final InstanceAccess access;

    InstanceOperations(InstanceAccess access) {
        this.access = access;
    }

    List<Operation> operations() {
        return List.of(
                Operation.of("DescribeInstances", this::describe),
                Operation.of("ModifyInstanceMetadataOptions", this::modifyMetadataOptions));
    }

    private StructValue describe(OperationContext context, StructValue input) {
        List<String> ids = input.optionalList("InstanceIds").map(l -> l.strings()).orElse(List.of());
        ids.forEach(InstanceAccess::checkId);
        OptionalInt max = Ec2Pages.maxResults(input, ids.isEmpty() ? Optional.empty() : Optional.of("instancesSet"));
        Filters filters = Filters.from(input, INSTANCE_FILTERS, true);
        access.authorizeAll(context, "ec2:DescribeInstances");
        InstanceAccess.dryRun(input);

        List<Instance> visible = access.visible(context);
        if (!ids.isEmpty()) {
            visible = named(visible, ids);
        }
        List<Instance> matching = visible.stream().filter(i -> filters.matches(filterValues(i))).toList();
        Ec2Pages<Instance> page = Ec2Pages.of(matching, Instance::instanceId, input, max);
        List<StructValue> reservations = new ArrayList<>();
        for (Instance instance : page.items()) {
            reservations.add(StructValue.builder()
                    .put("ReservationId", instance.reservationId())
                    .put("OwnerId", instance.accountId())
                    .putList("Groups", List.of())
                    .putList("Instances", List.of(instance(instance)))
                    .build());
        }
        StructValue.Builder out = StructValue.builder().putList("Reservations", reservations);
        page.nextToken().ifPresent(token -> out.put("NextToken", token));
        return out.build();
    }

    /** The instances of {@code ids}, once each; every id must be one of {@code visible}. */
    private static List<Instance> named(List<Instance> visible, List<String> ids) {
        Map<String, Instance> byId = new HashMap<>();
        visible.forEach(i -> byId.put(i.instanceId(), i));
        List<String> missing = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>(ids);
        for (String id : wanted) {
            if (!byId.containsKey(id)) {
                missing.add(id);
            }
        }
        if (missing.size() == 1) {
            throw InstanceErrors.instanceNotFound(missing.get(0));
        }
        if (!missing.isEmpty()) {
            throw new ServiceException(AwsErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
                    "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        return visible.stream().filter(i -> wanted.contains(i.instanceId())).toList();
    }

    private static Map<String, List<String>> filterValues(Instance instance) {
        Map<String, List<String>> values = new HashMap<>();
        values.put("instance-id", List.of(instance.instanceId()));
        values.put("instance-state-name", List.of(RUNNING));
        values.put("instance-state-code", List.of(Integer.toString(RUNNING_CODE)));
        values.put("availability-zone", List.of(instance.availabilityZone()));
        values.put("reservation-id", List.of(instance.reservationId()));
        values.put("owner-id", List.of(instance.accountId()));
        values.put("tag-key", List.of("Name"));
        values.put("tag-value", List.of(instance.name()));
        values.put(Filters.TAG_PREFIX + "Name", List.of(instance.name()));
        instance.association().ifPresent(a -> {
            values.put("iam-instance-profile.arn", List.of(a.profileArn()));
            values.put("iam-instance-profile.id", List.of(a.profileId()));
        });
        InstanceMetadataOptions options = instance.metadataOptions();
        values.put("metadata-options.http-tokens", List.of(options.httpTokens()));
        values.put("metadata-options.http-put-response-hop-limit", List.of(Integer.toString(options.hopLimit())));
        values.put("metadata-options.http-endpoint", List.of(options.httpEndpoint()));
        return values;
    }

    private static StructValue instance(Instance instance) {
        StructValue.Builder out = StructValue.builder()
                .put("InstanceId", instance.instanceId())
                .put("State", StructValue.builder().put("Code", RUNNING_CODE).put("Name", RUNNING).build())
                .put("LaunchTime", instance.createdAt())
                .put("Placement", StructValue.builder().put("AvailabilityZone", instance.availabilityZone()).build())
                .putList("Tags", List.of(StructValue.builder().put("Key", "Name").put("Value", instance.name()).build()))
                .put("MetadataOptions", metadataOptions(instance.metadataOptions(), "applied"));
        instance.association().ifPresent(a -> out.put("IamInstanceProfile",
                StructValue.builder().put("Arn", a.profileArn()).put("Id", a.profileId()).build()));
        return out.build();
    }

    static StructValue metadataOptions(InstanceMetadataOptions options, String state) {
        return StructValue.builder()
                .put("State", state)
                .put("HttpTokens", options.httpTokens())
                .put("HttpPutResponseHopLimit", options.hopLimit())
                .put("HttpEndpoint", options.httpEndpoint())
                .put("HttpProtocolIpv6", InstanceMetadataOptions.DISABLED)
                .put("InstanceMetadataTags", InstanceMetadataOptions.DISABLED)
                .build();
    }

    /**
     * Sets the options the request gives. The hop limit is 1 to 64; IPv6 and instance tags in the
     * metadata are not served by Charter's agent, so enabling them is refused rather than ignored.
     * The answer's state is {@code pending}, as EC2's is until the instance applies them.
     */
    private StructValue modifyMetadataOptions(OperationContext context, StructValue input) {
        Instance instance = access.authorized(context, input.string("InstanceId"), "ec2:ModifyInstanceMetadataOptions");
        OptionalInt hopLimit = input.optionalInt("HttpPutResponseHopLimit");
        if (hopLimit.isPresent() && (hopLimit.getAsInt() < 1 || hopLimit.getAsInt() > InstanceMetadataOptions.MAX_HOP_LIMIT)) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + hopLimit.getAsInt()
                    + ") for parameter HttpPutResponseHopLimit is invalid. It must be between 1 and "
                    + InstanceMetadataOptions.MAX_HOP_LIMIT + ".");
        }
        for (String unserved : List.of("HttpProtocolIpv6", "InstanceMetadataTags")) {
            Optional<String> value = input.optionalString(unserved);
            if (value.isPresent() && !value.get().equals(InstanceMetadataOptions.DISABLED)) {
                throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + value.get()
                        + ") for parameter " + unserved + " is invalid. Charter's metadata service does not serve it:"
                        + " only disabled is accepted.");
            }
        }
        InstanceAccess.dryRun(input);
        Instance changed = access.instances().modifyMetadataOptions(context.caller().accountId(), instance.instanceId(),
                input.optionalString("HttpTokens"), hopLimit.isPresent() ? Optional.of(hopLimit.getAsInt()) : Optional.empty(),
                input.optionalString("HttpEndpoint"));
        return StructValue.builder()
                .put("InstanceId", changed.instanceId())
                .put("InstanceMetadataOptions", metadataOptions(changed.metadataOptions(), "pending"))
                .build();
    }
}
