package io.charter.server.ec2;

import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import java.util.List;

/**
 * EC2 as Charter serves it: the EC2 query protocol service {@code ec2}, kept to the instance-profile
 * calls of registered instances (its model, {@code ec2.json}, holds only those six operations).
 * No operation is registered yet: every call is answered {@code InvalidAction}, in EC2's envelope.
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
    public static ServiceDescriptor descriptor(ServiceModel model) {
        return new ServiceDescriptor(model, SessionRules.NONE, List.of());
    }
}
