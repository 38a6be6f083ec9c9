package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What the agent knows of its instance at one moment: what the server last answered to
 * GetInstanceCredentials, with the credentials of the attached role it holds (kept from an earlier
 * answer while they are the same role's and not due). The metadata endpoint answers from one such
 * value per request; the watch replaces it as a whole.
 *
 * @param credentialsCode {@code Success}, or why there are no credentials (e.g.
 *        {@code AssumeRoleUnauthorizedAccess}); empty when no profile is attached
 */
public record InstanceView(String instanceId, String instanceArn, String accountId, String region,
        String availabilityZone, MetadataOptions options, Optional<InstanceProfile> profile,
        Optional<String> credentialsCode, Optional<String> credentialsMessage, Optional<RoleCredentials> credentials,
        List<String> taskRoleArns) {
    public InstanceView {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(instanceArn, "instanceArn is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(availabilityZone, "availabilityZone is null");
        requireNonNull(options, "options is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(credentialsCode, "credentialsCode is null");
        requireNonNull(credentialsMessage, "credentialsMessage is null");
        requireNonNull(credentials, "credentials is null");
        taskRoleArns = List.copyOf(taskRoleArns);
    }

    public InstanceView withCredentials(Optional<RoleCredentials> held) {
        return new InstanceView(instanceId, instanceArn, accountId, region, availabilityZone, options, profile,
                credentialsCode, credentialsMessage, held, taskRoleArns);
    }

    public InstanceView withOptions(MetadataOptions changed) {
        return new InstanceView(instanceId, instanceArn, accountId, region, availabilityZone, changed, profile,
                credentialsCode, credentialsMessage, credentials, taskRoleArns);
    }

    public InstanceView withProfile(Optional<InstanceProfile> attached, Optional<RoleCredentials> held) {
        return new InstanceView(instanceId, instanceArn, accountId, region, availabilityZone, options, attached,
                attached.isPresent() ? Optional.of("Success") : Optional.empty(), Optional.empty(), held,
                taskRoleArns);
    }

    public InstanceView withTaskRoleArns(List<String> granted) {
        return new InstanceView(instanceId, instanceArn, accountId, region, availabilityZone, options, profile,
                credentialsCode, credentialsMessage, credentials, granted);
    }
}
