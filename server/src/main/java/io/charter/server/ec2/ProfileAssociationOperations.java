package io.charter.server.ec2;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.InstanceProfiles;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.InstanceErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.Instance;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.identity.InstanceProfileAssociation;
import io.charter.server.identity.RoleDetails;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An instance's instance profile: AssociateIamInstanceProfile, ReplaceIamInstanceProfileAssociation,
 * DisassociateIamInstanceProfile, DescribeIamInstanceProfileAssociations.
 *
 * <p>Attaching a profile, as in AWS, takes the EC2 action on the instance and {@code iam:PassRole}
 * on the profile's role, with {@code iam:PassedToService} {@code ec2.amazonaws.com} and
 * {@code iam:AssociatedResourceARN} the instance's ARN. Charter also refuses, at once, a role whose
 * trust policy does not let {@code ec2.amazonaws.com} assume it (AWS accepts it and the instance
 * then gets no credentials): {@code InvalidParameterValue}. A profile without a role attaches (the
 * instance then has no role to give). The answers' states are EC2's: {@code associating} for a new
 * association, {@code disassociating} for an ended one, {@code associated} when described.
 */
final class ProfileAssociationOperations {
    static final String EC2_SERVICE = "ec2.amazonaws.com";
    private static final Set<String> ASSOCIATION_FILTERS = Set.of("instance-id", "state");
    private static final String ASSOCIATED = "associated";

    private final InstanceAccess access;
    private final InstanceProfiles profiles;
    private final Authorizer authorizer;

    ProfileAssociationOperations(InstanceAccess access, InstanceProfiles profiles, Authorizer authorizer) {
        this.access = access;
        this.profiles = profiles;
        this.authorizer = authorizer;
    }

    List<Operation> operations() {
        return List.of(
                Operation.of("AssociateIamInstanceProfile", this::associate),
                Operation.of("ReplaceIamInstanceProfileAssociation", this::replace),
                Operation.of("DisassociateIamInstanceProfile", this::disassociate),
                Operation.of("DescribeIamInstanceProfileAssociations", this::describe));
    }

    private StructValue associate(OperationContext context, StructValue input) {
        Instance instance = access.authorized(context, input.string("InstanceId"), "ec2:AssociateIamInstanceProfile");
        InstanceProfile profile = passable(context, input.struct("IamInstanceProfile"), instance);
        InstanceProfileAssociation association = access.instances().associate(context.caller().accountId(),
                instance.instanceId(), profile);
        return StructValue.builder().put("IamInstanceProfileAssociation", association(association, "associating")).build();
    }

    private StructValue replace(OperationContext context, StructValue input) {
        Instance instance = associated(context, input.string("AssociationId"));
        access.authorize(context, instance, "ec2:ReplaceIamInstanceProfileAssociation");
        InstanceProfile profile = passable(context, input.struct("IamInstanceProfile"), instance);
        InstanceProfileAssociation association = access.instances().replace(context.caller().accountId(),
                input.string("AssociationId"), profile);
        return StructValue.builder().put("IamInstanceProfileAssociation", association(association, "associating")).build();
    }

    private StructValue disassociate(OperationContext context, StructValue input) {
        Instance instance = associated(context, input.string("AssociationId"));
        access.authorize(context, instance, "ec2:DisassociateIamInstanceProfile");
        InstanceProfileAssociation ended = access.instances().disassociate(context.caller().accountId(),
                input.string("AssociationId"));
        return StructValue.builder().put("IamInstanceProfileAssociation", association(ended, "disassociating")).build();
    }

    private StructValue describe(OperationContext context, StructValue input) {
        List<String> ids = input.optionalList("AssociationIds").map(l -> l.strings()).orElse(List.of());
        OptionalInt max = Ec2Pages.maxResults(input, ids.isEmpty() ? Optional.empty() : Optional.of("associationIds"));
        Filters filters = Filters.from(input, ASSOCIATION_FILTERS, false);
        access.authorizeAll(context, "ec2:DescribeIamInstanceProfileAssociations");

        List<InstanceProfileAssociation> all = new ArrayList<>();
        for (Instance instance : access.visible(context)) {
            instance.association().ifPresent(all::add);
        }
        all.sort(Comparator.comparing(InstanceProfileAssociation::associationId));
        if (!ids.isEmpty()) {
            Set<String> wanted = new LinkedHashSet<>(ids);
            Set<String> known = new LinkedHashSet<>();
            all.forEach(a -> known.add(a.associationId()));
            for (String id : wanted) {
                if (!known.contains(id)) {
                    throw InstanceErrors.associationNotFound(id);
                }
            }
            all = all.stream().filter(a -> wanted.contains(a.associationId())).toList();
        }
        List<InstanceProfileAssociation> matching = all.stream().filter(a -> filters.matches(Map.of(
                "instance-id", List.of(a.instanceId()), "state", List.of(ASSOCIATED)))).toList();
        Ec2Pages<InstanceProfileAssociation> page = Ec2Pages.of(matching, InstanceProfileAssociation::associationId,
                input, max);
        StructValue.Builder out = StructValue.builder().putList("IamInstanceProfileAssociations",
                page.items().stream().map(a -> association(a, ASSOCIATED)).toList());
        page.nextToken().ifPresent(token -> out.put("NextToken", token));
        return out.build();
    }

    /** The instance of the caller's association (in the request's region). */
    private Instance associated(OperationContext context, String associationId) {
        for (Instance instance : access.visible(context)) {
            if (instance.association().filter(a -> a.associationId().equals(associationId)).isPresent()) {
                return instance;
            }
        }
        throw InstanceErrors.associationNotFound(associationId);
    }

    /**
     * The profile the request names, once the caller may pass its role to EC2 for this instance
     * and the role trusts EC2.
     */
    private InstanceProfile passable(OperationContext context, StructValue spec, Instance instance) {
        InstanceProfile profile = profile(context, spec);
        Optional<String> roleId = profiles.roleIds(profile).stream().findFirst();
        if (roleId.isEmpty()) {
            return profile;
        }
        Identity role = context.snapshot().principals().get(roleId.get());
        Optional<RoleDetails> details = context.snapshot().role(roleId.get());
        if (role == null || details.isEmpty()) {
            // The role was deleted under the profile: nothing to pass, as a profile without a role.
            return profile;
        }
        authorizer.authorize(context, "iam:PassRole", role.arn(), Map.of(
                "iam:PassedToService", ContextValue.string(EC2_SERVICE),
                "iam:AssociatedResourceARN", ContextValue.arn(instance.arn())));
        if (!authorizer.serviceMayAssume(EC2_SERVICE, role, details.get(), context.facts())) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + profile.arn()
                    + ") for parameter iamInstanceProfile is invalid. The trust policy of its role " + role.arn()
                    + " does not allow " + EC2_SERVICE + " to assume it.");
        }
        return profile;
    }

    /** The caller's profile of {@code IamInstanceProfile.Arn} or {@code .Name}. */
    private InstanceProfile profile(OperationContext context, StructValue spec) {
        String account = context.caller().accountId();
        Optional<String> arn = spec.optionalString("Arn").filter(a -> !a.isEmpty());
        Optional<String> name = spec.optionalString("Name").filter(n -> !n.isEmpty());
        if (arn.isEmpty() && name.isEmpty()) {
            throw new ServiceException(AwsErrorCode.MISSING_PARAMETER,
                    "The request must contain the parameter IamInstanceProfile.Arn or IamInstanceProfile.Name");
        }
        if (arn.isPresent()) {
            InstanceProfile profile = profiles.findByArn(arn.get()).filter(p -> p.accountId().equals(account))
                    .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + arn.get()
                            + ") for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN"));
            if (name.isPresent() && !name.get().equalsIgnoreCase(profile.name())) {
                throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_COMBINATION, "The instance profile name "
                        + name.get() + " does not match the instance profile ARN " + arn.get());
            }
            return profile;
        }
        return profiles.find(account, name.get()).orElseThrow(() -> new ServiceException(
                AwsErrorCode.INVALID_PARAMETER_VALUE, "Value (" + name.get()
                        + ") for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"));
    }

    private static StructValue association(InstanceProfileAssociation association, String state) {
        return StructValue.builder()
                .put("AssociationId", association.associationId())
                .put("InstanceId", association.instanceId())
                .put("IamInstanceProfile", StructValue.builder().put("Arn", association.profileArn())
                        .put("Id", association.profileId()).build())
                .put("State", state)
                .put("Timestamp", association.associatedAt())
                .build();
    }
}
