package io.charter.server.organizations;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Accounts;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Organizations;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Account;
import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.Organization;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations, the part that makes accounts: CreateAccount, DescribeCreateAccountStatus,
 * ListAccounts, DescribeAccount, DescribeOrganization, over AWS JSON 1.1. The organization's
 * management account is the bootstrap account. As in AWS, each new account gets a role
 * (default {@code OrganizationAccountAccessRole}) with AdministratorAccess that trusts the
 * management account: that is how its owner first enters it. Accounts are created at once, so
 * a request is {@code SUCCEEDED} (or {@code FAILED}) by the time CreateAccount answers.
 */
public final class OrganizationOperations {
    static final String DEFAULT_ROLE = "OrganizationAccountAccessRole";
    static final int DEFAULT_MAX_RESULTS = 20;

    private final Organizations organizations;
    private final Accounts accounts;
    private final Authorizer authorizer;
    private final String managementAccount;

    public OrganizationOperations(Domain domain, Authorizer authorizer, String managementAccount) {
        this.organizations = domain.organizations();
        this.accounts = domain.accounts();
        this.authorizer = authorizer;
        this.managementAccount = managementAccount;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateAccount", this::createAccount),
                Operation.of("DescribeCreateAccountStatus", this::describeStatus),
                Operation.of("ListAccounts", this::listAccounts),
                Operation.of("DescribeAccount", this::describeAccount),
                Operation.of("DescribeOrganization", this::describeOrganization));
    }

    private StructValue createAccount(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:CreateAccount");
        String email = input.string("Email");
        String name = input.string("AccountName");
        String roleName = input.optionalString("RoleName").orElse(DEFAULT_ROLE);
        CreateAccountStatus result = organizations.createAccount(organization(), email, name, roleName, context.time());
        return StructValue.builder().put("CreateAccountStatus", status(result)).build();
    }

    private StructValue describeStatus(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:DescribeCreateAccountStatus");
        String requestId = input.string("CreateAccountRequestId");
        CreateAccountStatus row = organizations.request(requestId)
                .orElseThrow(() -> new ServiceException(AwsErrorCode.CREATE_ACCOUNT_STATUS_NOT_FOUND,
                        "We can't find an create account request with the CreateAccountRequestId that you specified."));
        return StructValue.builder().put("CreateAccountStatus", status(row)).build();
    }

    private StructValue listAccounts(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:ListAccounts");
        Organization organization = organization();
        List<Account> all = accounts.list();
        int maxResults = input.optionalInt("MaxResults").orElse(DEFAULT_MAX_RESULTS);
        int start = input.optionalString("NextToken").map(OrganizationOperations::position).orElse(0);
        if (start > all.size()) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT_EXCEPTION, "You specified an invalid value for nextToken.");
        }
        int end = Math.min(all.size(), start + maxResults);
        StructValue.Builder out = StructValue.builder().putList("Accounts",
                all.subList(start, end).stream().map(a -> account(a, organization)).toList());
        if (end < all.size()) {
            out.put("NextToken", "t1-" + end);
        }
        return out.build();
    }

    private StructValue describeAccount(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:DescribeAccount");
        String accountId = input.string("AccountId");
        Account account = accounts.list().stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.ACCOUNT_NOT_FOUND,
                        "You specified an account that doesn't exist."));
        return StructValue.builder().put("Account", account(account, organization())).build();
    }

    private StructValue describeOrganization(OperationContext context, StructValue input) {
        // Every account of the organization may describe it.
        authorizer.authorize(context, "organizations:DescribeOrganization", "*", Map.of());
        Organization organization = organization();
        Account management = accounts.list().stream()
                .filter(a -> a.accountId().equals(organization.managementAccount())).findFirst().orElseThrow();
        StructValue.Builder org = StructValue.builder()
                .put("Id", organization.orgId())
                .put("Arn", organization.arn())
                .put("FeatureSet", "ALL")
                .put("MasterAccountArn", organization.accountArn(organization.managementAccount()))
                .put("MasterAccountId", organization.managementAccount());
        management.email().ifPresent(e -> org.put("MasterAccountEmail", e));
        org.putList("AvailablePolicyTypes", List.of());
        return StructValue.builder().put("Organization", org.build()).build();
    }

    /** The organization, created with its id on first use. */
    private Organization organization() {
        return organizations.organization(managementAccount);
    }

    /**
     * Calls that only the management account may make: a member account is told it has no
     * permission, as AWS tells it; within the management account, the caller's policies decide.
     */
    private void managementOnly(OperationContext context, String action) {
        if (!context.caller().accountId().equals(managementAccount)) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED_EXCEPTION, "You don't have permissions to access this resource.");
        }
        authorizer.authorize(context, action, "*", Map.<String, ContextValue>of());
    }

    private static StructValue status(CreateAccountStatus row) {
        StructValue.Builder out = StructValue.builder()
                .put("Id", row.requestId())
                .put("AccountName", row.accountName())
                .put("State", row.state())
                .put("RequestedTimestamp", row.requestedAt());
        row.completedAt().ifPresent(t -> out.put("CompletedTimestamp", t));
        row.accountId().ifPresent(a -> out.put("AccountId", a));
        row.failureReason().ifPresent(f -> out.put("FailureReason", f));
        return out.build();
    }

    private static StructValue account(Account account, Organization organization) {
        StructValue.Builder out = StructValue.builder()
                .put("Id", account.accountId())
                .put("Arn", organization.accountArn(account.accountId()));
        account.email().ifPresent(e -> out.put("Email", e));
        return out.put("Name", account.name())
                .put("Status", "ACTIVE")
                .put("State", "ACTIVE")
                .put("JoinedMethod", account.management() ? "INVITED" : "CREATED")
                .put("JoinedTimestamp", account.createdAt())
                .build();
    }

    private static int position(String token) {
        if (token.startsWith("t1-")) {
            try {
                int position = Integer.parseInt(token.substring(3));
                if (position >= 0) {
                    return position;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ServiceException(AwsErrorCode.INVALID_INPUT_EXCEPTION, "You specified an invalid value for nextToken.");
    }
}
