package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.InstanceErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.Instance;
import io.charter.server.identity.InstanceMetadataOptions;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.identity.InstanceProfileAssociation;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.store.InstanceRepository.InstanceRow;
import io.charter.server.store.InstanceRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Machines registered with Charter as instances of an account (workload credentials): registered
 * with their own credential, deregistered, given and relieved of an instance profile, their
 * metadata options changed, and granted the roles they may hand to their containers. Each call is
 * one transaction that reads its preconditions in the store. Instances are control-plane state the
 * snapshot does not hold: they are read from the store, so deregistering an instance stops its
 * credential on every node at once.
 *
 * <p>Thread-safe.
 */
public final class Instances {
    private static final int ID_HEX_DIGITS = 17;

    private final Directory directory;

    public Instances(Directory directory) {
        this.directory = directory;
    }

    /** A new instance and its credential's secret, which is never stored in the clear nor shown again. */
    public record Registered(Instance instance, String secretAccessKey) {
        public Registered {
            requireNonNull(instance, "instance is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
        }

        @Override
        public String toString() {
            return "Registered[" + instance.instanceId() + "]";
        }
    }

    /** An instance found by its credential's key id, with the secret that signs for it. */
    public record Credential(Instance instance, String secretAccessKey) {
        public Credential {
            requireNonNull(instance, "instance is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
        }

        @Override
        public String toString() {
            return "Credential[" + instance.instanceId() + "]";
        }
    }

    /**
     * Registers an instance of {@code accountId} in {@code region} with the default metadata
     * options, no profile, and a new credential.
     *
     * @throws ServiceException {@code LimitExceededException} when the account has
     *     {@link Quotas#INSTANCES_PER_ACCOUNT} instances
     */
    public Registered register(String accountId, String name, String region) {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(region, "region is null");
        Instant at = directory.clock().instant();
        RandomGenerator random = directory.random();
        String instanceId = "i-" + hex(random, ID_HEX_DIGITS);
        String reservationId = "r-" + hex(random, ID_HEX_DIGITS);
        String keyId = AccessKeyId.mint(AccessKeyId.Kind.INSTANCE, accountId, random).value();
        String secret = SecretAccessKey.mint(random);
        return directory.write((c, store) -> {
            if (store.instances().count(c, accountId) >= Quotas.INSTANCES_PER_ACCOUNT) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED_EXCEPTION, "Cannot exceed quota for"
                        + " InstancesPerAccount: " + Quotas.INSTANCES_PER_ACCOUNT);
            }
            InstanceRow row = new InstanceRow(instanceId, accountId, name, region, reservationId, keyId,
                    directory.masterKey().seal(secret, keyId), InstanceMetadataOptions.DEFAULTS, at);
            store.instances().insert(c, row);
            return new Registered(InstanceRepository.instance(row, Optional.empty(), List.of()), secret);
        });
    }

    /** The instance of this id, in any account; callers check the account. */
    public Optional<Instance> find(String instanceId) {
        return directory.read((c, store) -> load(c, store.instances(), instanceId));
    }

    /** The account's instances, by id, each with its association and task roles. */
    public List<Instance> inAccount(String accountId) {
        return directory.read((c, store) -> {
            InstanceRepository instances = store.instances();
            Map<String, InstanceProfileAssociation> associations = instances.associations(c, accountId);
            Map<String, List<String>> taskRoles = instances.taskRolesInAccount(c, accountId);
            return instances.list(c, accountId).stream()
                    .map(row -> InstanceRepository.instance(row, Optional.ofNullable(associations.get(row.instanceId())),
                            taskRoles.getOrDefault(row.instanceId(), List.of())))
                    .toList();
        });
    }

    /** The instance whose credential has this key id, with its secret; empty for none (deregistered). */
    public Optional<Credential> credential(String accessKeyId) {
        return directory.read((c, store) -> {
            Optional<InstanceRow> row = store.instances().findByAccessKey(c, accessKeyId);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            Instance instance = load(c, store.instances(), row.get().instanceId()).orElseThrow();
            return Optional.of(new Credential(instance,
                    directory.masterKey().open(row.get().sealedSecret(), row.get().accessKeyId())));
        });
    }

    /**
     * Deregisters the account's instance: its association and task-role grants end, and its
     * credential stops working.
     *
     * @throws ServiceException {@code ResourceNotFoundException} for an instance the account does not have
     */
    public Instance deregister(String accountId, String instanceId) {
        return directory.write((c, store) -> {
            Instance instance = inAccount(c, store.instances(), accountId, instanceId)
                    .orElseThrow(() -> InstanceErrors.noSuchInstance(instanceId));
            store.instances().delete(c, instanceId);
            return instance;
        });
    }

    /**
     * Attaches {@code profile} to the account's instance.
     *
     * @throws ServiceException {@code InvalidInstanceID.NotFound}, or {@code IncorrectState} when
     *     the instance has a profile (of two concurrent calls, one attaches and the other gets this)
     */
    public InstanceProfileAssociation associate(String accountId, String instanceId, InstanceProfile profile) {
        requireOwnProfile(accountId, profile);
        Instant at = directory.clock().instant();
        InstanceProfileAssociation association = new InstanceProfileAssociation(newAssociationId(), instanceId,
                profile.profileId(), profile.arn(), at);
        return directory.write((c, store) -> {
            if (inAccount(c, store.instances(), accountId, instanceId).isEmpty()) {
                throw InstanceErrors.instanceNotFound(instanceId);
            }
            if (!store.instances().associate(c, association)) {
                throw InstanceErrors.alreadyAssociated(instanceId);
            }
            return association;
        });
    }

    /**
     * Replaces the profile of an association with {@code profile}: the old association ends and a
     * new one (a new id, as EC2 gives) starts, in one transaction.
     *
     * @throws ServiceException {@code InvalidAssociationID.NotFound}
     */
    public InstanceProfileAssociation replace(String accountId, String associationId, InstanceProfile profile) {
        requireOwnProfile(accountId, profile);
        Instant at = directory.clock().instant();
        String newId = newAssociationId();
        return directory.write((c, store) -> {
            InstanceProfileAssociation old = association(c, store.instances(), accountId, associationId);
            if (!store.instances().disassociate(c, associationId)) {
                throw InstanceErrors.associationNotFound(associationId);
            }
            InstanceProfileAssociation replacement = new InstanceProfileAssociation(newId, old.instanceId(),
                    profile.profileId(), profile.arn(), at);
            if (!store.instances().associate(c, replacement)) {
                throw InstanceErrors.alreadyAssociated(old.instanceId());
            }
            return replacement;
        });
    }

    /**
     * Ends an association.
     *
     * @throws ServiceException {@code InvalidAssociationID.NotFound}
     */
    public InstanceProfileAssociation disassociate(String accountId, String associationId) {
        return directory.write((c, store) -> {
            InstanceProfileAssociation association = association(c, store.instances(), accountId, associationId);
            if (!store.instances().disassociate(c, associationId)) {
                throw InstanceErrors.associationNotFound(associationId);
            }
            return association;
        });
    }

    /** The account's associations, by instance id. */
    public Map<String, InstanceProfileAssociation> associations(String accountId) {
        return directory.read((c, store) -> store.instances().associations(c, accountId));
    }

    /**
     * Sets the account's instance's metadata options, each given one replacing the current one.
     *
     * @throws ServiceException {@code InvalidInstanceID.NotFound}
     */
    public Instance modifyMetadataOptions(String accountId, String instanceId, Optional<String> httpTokens,
            Optional<Integer> hopLimit, Optional<String> httpEndpoint) {
        return directory.write((c, store) -> {
            Instance instance = inAccount(c, store.instances(), accountId, instanceId)
                    .orElseThrow(() -> InstanceErrors.instanceNotFound(instanceId));
            InstanceMetadataOptions now = instance.metadataOptions();
            InstanceMetadataOptions next = new InstanceMetadataOptions(httpTokens.orElse(now.httpTokens()),
                    hopLimit.orElse(now.hopLimit()), httpEndpoint.orElse(now.httpEndpoint()));
            store.instances().setOptions(c, instanceId, next);
            return new Instance(instance.instanceId(), instance.accountId(), instance.name(), instance.region(),
                    instance.reservationId(), instance.accessKeyId(), instance.createdAt(), next,
                    instance.association(), instance.taskRoleArns());
        });
    }

    /**
     * Lets the account's instance hand {@code roleArn} to its containers; granting it again changes nothing.
     *
     * @throws ServiceException {@code ResourceNotFoundException}, or {@code LimitExceededException}
     *     past {@link Quotas#TASK_ROLES_PER_INSTANCE}
     */
    public void grantTaskRole(String accountId, String instanceId, String roleArn) {
        Instant at = directory.clock().instant();
        directory.write((c, store) -> {
            if (inAccount(c, store.instances(), accountId, instanceId).isEmpty()) {
                throw InstanceErrors.noSuchInstance(instanceId);
            }
            if (store.instances().taskRoles(c, instanceId).contains(roleArn)) {
                return false;
            }
            if (store.instances().countTaskRoles(c, instanceId) >= Quotas.TASK_ROLES_PER_INSTANCE) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED_EXCEPTION, "Cannot exceed quota for"
                        + " TaskRolesPerInstance: " + Quotas.TASK_ROLES_PER_INSTANCE);
            }
            return store.instances().grantTaskRole(c, instanceId, roleArn, at);
        });
    }

    /**
     * Stops the account's instance from handing {@code roleArn} to its containers.
     *
     * @throws ServiceException {@code ResourceNotFoundException} for an instance the account does
     *     not have, or a role not granted to it
     */
    public void revokeTaskRole(String accountId, String instanceId, String roleArn) {
        directory.write((c, store) -> {
            if (inAccount(c, store.instances(), accountId, instanceId).isEmpty()) {
                throw InstanceErrors.noSuchInstance(instanceId);
            }
            if (!store.instances().revokeTaskRole(c, instanceId, roleArn)) {
                throw new ServiceException(AwsErrorCode.RESOURCE_NOT_FOUND_EXCEPTION,
                        "The role " + roleArn + " is not granted to the instance " + instanceId + ".");
            }
            return null;
        });
    }

    private static Optional<Instance> load(Connection c, InstanceRepository instances, String instanceId)
            throws SQLException {
        Optional<InstanceRow> row = instances.find(c, instanceId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(InstanceRepository.instance(row.get(), instances.association(c, instanceId),
                instances.taskRoles(c, instanceId)));
    }

    private static Optional<Instance> inAccount(Connection c, InstanceRepository instances, String accountId,
            String instanceId) throws SQLException {
        return load(c, instances, instanceId).filter(i -> i.accountId().equals(accountId));
    }

    private static InstanceProfileAssociation association(Connection c, InstanceRepository instances, String accountId,
            String associationId) throws SQLException {
        Optional<InstanceProfileAssociation> association = instances.findAssociation(c, associationId);
        if (association.isEmpty()
                || inAccount(c, instances, accountId, association.get().instanceId()).isEmpty()) {
            throw InstanceErrors.associationNotFound(associationId);
        }
        return association.get();
    }

    /** An instance is given only a profile of its own account (callers find profiles in the caller's account). */
    private static void requireOwnProfile(String accountId, InstanceProfile profile) {
        if (!profile.accountId().equals(accountId)) {
            throw new IllegalArgumentException("the profile " + profile.arn() + " is not of account " + accountId);
        }
    }

    private String newAssociationId() {
        return "iip-assoc-" + hex(directory.random(), ID_HEX_DIGITS);
    }

    private static String hex(RandomGenerator random, int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }
}
