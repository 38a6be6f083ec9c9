package io.charter.server.sts;

import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules.Access;
import io.charter.server.service.SessionRules;
import io.charter.server.sts.StsMessages.GetCallerIdentityRequest;
import io.charter.server.sts.StsMessages.GetCallerIdentityResult;
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
        operations.add(Operation.of("GetCallerIdentity", GetCallerIdentityRequest.class, GetCallerIdentityResult.class,
                StsService::getCallerIdentity));
        operations.addAll(new StsOperations(domain, authorizer, credentials, messages).operations());
        return new ServiceDescriptor(model, SESSION_RULES, operations);
    }

    /** Who signed this request. Needs no permission, as in AWS. */
    private static GetCallerIdentityResult getCallerIdentity(OperationContext context, GetCallerIdentityRequest input) {
        Caller caller = context.caller();
        return new GetCallerIdentityResult(caller.userId(), caller.accountId(), caller.arn());
    }
}
