package io.charter.server.organizations;

import io.charter.server.auth.Authorizer;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;

/** AWS Organizations as Charter serves it: the AWS JSON 1.1 service {@code organizations}. */
public final class OrganizationsService {
    /** The bundled model. */
    public static final String MODEL = "organizations";

    private OrganizationsService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer,
            String managementAccount) {
        return new ServiceDescriptor(model, SessionRules.NONE,
                new OrganizationOperations(domain, authorizer, managementAccount).operations());
    }
}
