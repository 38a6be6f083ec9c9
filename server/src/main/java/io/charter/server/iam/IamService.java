package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.domain.Domain;
import io.charter.server.domain.UsageTracker;
import io.charter.server.identity.IdentityKind;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules.Access;
import io.charter.server.service.SessionRules;
import java.util.ArrayList;
import java.util.List;

/** IAM as Charter serves it: the AWS Query service {@code iam}, one family of operations per class. */
public final class IamService {
    /** The bundled model. */
    public static final String MODEL = "iam";

    /**
     * GetSessionToken credentials minted without MFA cannot call IAM (AWS answers
     * {@code InvalidClientTokenId}); federated users can call nothing in IAM, which the authorizer
     * denies with AWS's message.
     */
    static final SessionRules SESSION_RULES = new SessionRules(Access.WITH_MFA, Access.ALL);

    private IamService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, Domain domain, Authorizer authorizer,
            UsageTracker usage) {
        ResultShapes shapes = new ResultShapes(model);
        List<Operation> operations = new ArrayList<>();
        operations.addAll(new UserOperations(domain, authorizer).operations());
        operations.addAll(new AccessKeyOperations(domain, authorizer, usage).operations());
        operations.addAll(new PolicyOperations(domain, authorizer).operations());
        operations.addAll(new PolicyDetailOperations(domain, authorizer).operations());
        operations.addAll(new AccountAliasOperations(domain, authorizer).operations());
        operations.addAll(new LoginProfileOperations(domain, authorizer).operations());
        operations.addAll(new AccountPasswordPolicyOperations(domain, authorizer).operations());
        operations.addAll(new AccountSummaryOperations(domain, authorizer).operations());
        operations.addAll(new RoleOperations(domain, authorizer, usage).operations());
        operations.addAll(new InstanceProfileOperations(domain, authorizer, shapes).operations());
        operations.addAll(new SimulationOperations(authorizer).operations());
        operations.addAll(new AuthorizationDetailsOperations(domain, authorizer, shapes).operations());
        operations.addAll(new CredentialReportOperations(domain, authorizer, usage).operations());
        operations.addAll(new ServiceLinkedRoleOperations(domain, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forUsers(domain, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forRoles(domain, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forGroups(domain, authorizer).operations());
        operations.addAll(new PrincipalAttributeOperations(domain, authorizer, IdentityKind.USER).operations());
        operations.addAll(new PrincipalAttributeOperations(domain, authorizer, IdentityKind.ROLE).operations());
        operations.addAll(new GroupOperations(domain, authorizer, shapes).operations());
        operations.addAll(new MfaDeviceOperations(domain, authorizer, shapes).operations());
        return new ServiceDescriptor(model, SESSION_RULES, operations);
    }
}
