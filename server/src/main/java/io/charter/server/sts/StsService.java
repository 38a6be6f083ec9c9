package io.charter.server.sts;

import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import io.charter.server.service.SessionRules.Access;
import java.util.ArrayList;
import java.util.List;

/** STS as Charter serves it: the AWS Query service {@code sts}. */
public final class StsService {
    /** The bundled model. */
    public static final String MODEL = "sts";

    /**
     * GetSessionToken credentials call only AssumeRole and GetCallerIdentity, federated users only
     * GetCallerIdentity (§3.1); GetSessionToken and GetFederationToken are let through because they
     * refuse every session themselves, in AWS's own words ("Cannot call … with session credentials").
     */
    static final SessionRules SESSION_RULES = new SessionRules(
            Access.only("AssumeRole", "GetCallerIdentity", "GetSessionToken", "GetFederationToken"),
            Access.only("GetCallerIdentity", "GetSessionToken", "GetFederationToken"));

    private StsService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer,
            TemporaryCredentials credentials, AuthorizationMessages messages) {
        List<Operation> operations = new ArrayList<>();
        operations.add(Operation.of("GetCallerIdentity", StsService::getCallerIdentity));
        operations.addAll(new StsOperations(domain, authorizer, credentials, messages).operations());
        return new ServiceDescriptor(model, SESSION_RULES, operations);
    }

    /** Who signed this request. Needs no permission, as in AWS. */
    private static StructValue getCallerIdentity(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        return StructValue.builder()
                .put("UserId", caller.userId())
                .put("Account", caller.accountId())
                .put("Arn", caller.arn())
                .build();
    }
}
