package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A machine registered with Charter, an instance of one account as EC2 knows instances: its id
 * ({@code i-} and 17 hex digits), the name it was registered with, the region it was registered in,
 * its reservation ({@code r-…}, one per instance), the key id of its own credential ({@code ACCA…};
 * the secret is never here), its metadata options, the instance profile attached to it and the
 * roles it may hand to its containers.
 */
public record Instance(
        String instanceId,
        String accountId,
        String name,
        String region,
        String reservationId,
        String accessKeyId,
        Instant createdAt,
        InstanceMetadataOptions metadataOptions,
        Optional<InstanceProfileAssociation> association,
        List<String> taskRoleArns) {
    public Instance {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(region, "region is null");
        requireNonNull(reservationId, "reservationId is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(metadataOptions, "metadataOptions is null");
        requireNonNull(association, "association is null");
        taskRoleArns = List.copyOf(taskRoleArns);
    }

    /** {@code arn:aws:ec2:REGION:ACCOUNT:instance/ID}. */
    public String arn() {
        return Arns.instance(region, accountId, instanceId);
    }

    /** The availability zone EC2 would name: the region's first. */
    public String availabilityZone() {
        return region + "a";
    }
}
