package io.charter.server.admin;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.ForwardedAuthentication;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import io.charter.server.token.SessionMint;
import io.charter.server.token.TokenKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Charter's own calls, beyond AWS: the AWS JSON 1.1 service {@code charter} (model written for
 * Charter): the operator calls ({@link AdminOperations}) and the authorization API other services
 * call ({@link AuthorizationApi}), the operator's instance calls ({@link InstanceOperations}) and
 * the calls a registered instance's metadata agent makes ({@link InstanceCredentialsApi}).
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
            ForwardedAuthentication forwarded, TokenKeys tokenKeys, String managementAccount, SessionMint mint,
            Duration instanceSession) {
        List<Operation> operations = new ArrayList<>(
                new AdminOperations(domain, authorizer, tokenKeys, managementAccount).operations());
        operations.addAll(new AuthorizationApi(authorizer, forwarded).operations());
        operations.addAll(new InstanceOperations(domain.instances(), authorizer).operations());
        operations.addAll(new InstanceCredentialsApi(domain.instances(), domain.instanceProfiles(), authorizer, mint,
                instanceSession).operations());
        return new ServiceDescriptor(model, SessionRules.NONE, operations,
                Set.copyOf(InstanceCredentialsApi.INSTANCE_OPERATIONS));
    }
}
