package io.charter.server.admin;

import io.charter.server.auth.Authorizer;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import io.charter.server.token.TokenKeys;

/** Charter's own operator calls, beyond AWS: the AWS JSON 1.1 service {@code charter} (model written for Charter). */
public final class AdminService {
    /** The bundled model. */
    public static final String MODEL = "charter";

    private AdminService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer,
            TokenKeys tokenKeys, String managementAccount) {
        return new ServiceDescriptor(model, SessionRules.NONE,
                new AdminOperations(domain, authorizer, tokenKeys, managementAccount).operations());
    }
}
