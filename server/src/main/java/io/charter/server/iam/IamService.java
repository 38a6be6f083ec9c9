package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.domain.Directory;
import io.charter.server.domain.UsageTracker;
import io.charter.server.domain.VirtualMfa;
import io.charter.server.identity.IdentityKind;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import io.charter.server.service.SessionRules.Access;
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

    public static ServiceDescriptor descriptor(ServiceModel model, Directory directory, Authorizer authorizer,
            UsageTracker usage, VirtualMfa mfa) {
        List<Operation> operations = new ArrayList<>();
        operations.addAll(new UserOperations(directory, authorizer).operations());
        operations.addAll(new AccessKeyOperations(directory, authorizer, usage).operations());
        operations.addAll(new PolicyOperations(directory, authorizer).operations());
        operations.addAll(new PolicyDetailOperations(directory, authorizer).operations());
        operations.addAll(new AccountAliasOperations(directory, authorizer).operations());
        operations.addAll(new LoginProfileOperations(directory, authorizer).operations());
        operations.addAll(new AccountPasswordPolicyOperations(directory, authorizer).operations());
        operations.addAll(new AccountSummaryOperations(directory, authorizer).operations());
        operations.addAll(new RoleOperations(directory, authorizer, usage).operations());
        operations.addAll(new InstanceProfileOperations(directory, authorizer).operations());
        operations.addAll(new SimulationOperations(directory, authorizer).operations());
        operations.addAll(new AuthorizationDetailsOperations(directory, authorizer).operations());
        operations.addAll(new CredentialReportOperations(directory, authorizer, usage).operations());
        operations.addAll(new ServiceLinkedRoleOperations(directory, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forUsers(directory, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forRoles(directory, authorizer).operations());
        operations.addAll(EntityPolicyOperations.forGroups(directory, authorizer).operations());
        operations.addAll(new PrincipalAttributeOperations(directory, authorizer, IdentityKind.USER).operations());
        operations.addAll(new PrincipalAttributeOperations(directory, authorizer, IdentityKind.ROLE).operations());
        operations.addAll(new GroupOperations(directory, authorizer).operations());
        operations.addAll(new MfaDeviceOperations(directory, authorizer, mfa).operations());
        return new ServiceDescriptor(model, SESSION_RULES, operations);
    }
}
