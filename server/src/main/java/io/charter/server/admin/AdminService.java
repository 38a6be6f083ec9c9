package io.charter.server.admin;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.ForwardedAuthentication;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import io.charter.server.service.Operation;
import io.charter.server.token.TokenKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Charter's own calls, beyond AWS: the AWS JSON 1.1 service {@code charter} (model written for
 * Charter): the operator calls ({@link AdminOperations}) and the authorization API other services
 * call ({@link AuthorizationApi}).
 */
public final class AdminService {
    /** The bundled model. */
    public static final String MODEL = "charter";

    private AdminService() {
    }

    /**
     * The {@code charter} service: its operator calls and the authorization API for other services.
     *
     * @param forwarded authenticates the requests other services forward to {@code Authorize}
     *     (any service in the scope)
     */
    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer,
            ForwardedAuthentication forwarded, TokenKeys tokenKeys, String managementAccount) {
        List<Operation> operations = new ArrayList<>(
                new AdminOperations(domain, authorizer, tokenKeys, managementAccount).operations());
        operations.addAll(new AuthorizationApi(authorizer, forwarded).operations());
        return new ServiceDescriptor(model, SessionRules.NONE, operations);
    }
}
