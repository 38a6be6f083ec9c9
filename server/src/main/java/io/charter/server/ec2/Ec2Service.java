package io.charter.server.ec2;

import io.charter.server.auth.Authorizer;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import java.util.ArrayList;
import java.util.List;

/**
 * EC2 as Charter serves it: the EC2 query protocol service {@code ec2}, kept to the instance-profile
 * calls over the instances registered with Charter (its model, {@code ec2.json}, holds only those six
 * operations): DescribeInstances and ModifyInstanceMetadataOptions ({@link InstanceOperations}),
 * and the four association calls ({@link ProfileAssociationOperations}).
 */
public final class Ec2Service {
    /** The bundled model. */
    public static final String MODEL = "ec2";

    private Ec2Service() {
    }

    /**
     * The {@code ec2} service. GetSessionToken and federated-user credentials may call EC2 as they
     * may in AWS (only IAM and STS restrict them).
     */
    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer) {
        InstanceAccess access = new InstanceAccess(domain.instances(), authorizer);
        List<Operation> operations = new ArrayList<>(new InstanceOperations(access).operations());
        operations.addAll(new ProfileAssociationOperations(access, domain.instanceProfiles(), authorizer).operations());
        return new ServiceDescriptor(model, SessionRules.NONE, operations);
    }
}
