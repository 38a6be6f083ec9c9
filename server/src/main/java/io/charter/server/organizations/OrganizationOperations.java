package io.charter.server.organizations;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.UniqueId;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.AccountRecord;
import io.charter.server.store.OrganizationRepository.CreateAccountRow;
import io.charter.server.store.OrganizationRepository.OrganizationRow;
import io.charter.server.store.RoleRepository.RoleRow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

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
    static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final int DEFAULT_MAX_RESULTS = 20;
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Directory directory;
    private final Authorizer authorizer;
    private final String managementAccount;

    public OrganizationOperations(Directory directory, Authorizer authorizer, String managementAccount) {
        this.directory = directory;
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
        RandomGenerator random = directory.random();
        OrganizationRow organization = organization();
        String requestId = "car-" + randomText(random, 32);
        Instant now = context.time();
        CreateAccountRow result = directory.write((c, w) -> {
            List<AccountRecord> accounts = w.identities().listAccounts(c);
            boolean emailTaken = accounts.stream()
                    .anyMatch(a -> a.email().map(e -> e.equalsIgnoreCase(email)).orElse(false));
            if (emailTaken) {
                CreateAccountRow failed = new CreateAccountRow(requestId, name, email, "FAILED",
                        Optional.of("EMAIL_ALREADY_EXISTS"), Optional.empty(), now, Optional.of(now));
                w.organizations().insertRequest(c, failed);
                return failed;
            }
            String accountId = newAccountId(random, accounts);
            w.identities().insertAccount(c, new AccountRecord(accountId, name, Optional.of(email), false, now));
            w.identities().insertPrincipal(c, new Identity(accountId, accountId, IdentityKind.ROOT, accountId, "/", now));
            Identity role = new Identity(UniqueId.ROLE.mint(random), accountId, IdentityKind.ROLE, roleName, "/", now);
            w.identities().insertPrincipal(c, role);
            w.roles().insert(c, new RoleRow(role.uniqueId(), trustOf(organization.managementAccount()), Optional.empty(),
                    3600));
            w.permissions().attach(c, role.uniqueId(), ADMINISTRATOR_ACCESS, now);
            CreateAccountRow succeeded = new CreateAccountRow(requestId, name, email, "SUCCEEDED", Optional.empty(),
                    Optional.of(accountId), now, Optional.of(now));
            w.organizations().insertRequest(c, succeeded);
            return succeeded;
        });
        return StructValue.builder().put("CreateAccountStatus", status(result)).build();
    }

    private StructValue describeStatus(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:DescribeCreateAccountStatus");
        String requestId = input.string("CreateAccountRequestId");
        CreateAccountRow row = directory.read((c, r) -> r.organizations().request(c, requestId))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.CREATE_ACCOUNT_STATUS_NOT_FOUND,
                        "We can't find an create account request with the CreateAccountRequestId that you specified."));
        return StructValue.builder().put("CreateAccountStatus", status(row)).build();
    }

    private StructValue listAccounts(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:ListAccounts");
        OrganizationRow organization = organization();
        List<AccountRecord> accounts = directory.accounts();
        int maxResults = input.optionalInt("MaxResults").orElse(DEFAULT_MAX_RESULTS);
        int start = input.optionalString("NextToken").map(OrganizationOperations::position).orElse(0);
        if (start > accounts.size()) {
            throw new ServiceException(AwsErrorCode.INVALID_INPUT_EXCEPTION, "You specified an invalid value for nextToken.");
        }
        int end = Math.min(accounts.size(), start + maxResults);
        StructValue.Builder out = StructValue.builder().putList("Accounts",
                accounts.subList(start, end).stream().map(a -> account(a, organization)).toList());
        if (end < accounts.size()) {
            out.put("NextToken", "t1-" + end);
        }
        return out.build();
    }

    private StructValue describeAccount(OperationContext context, StructValue input) {
        managementOnly(context, "organizations:DescribeAccount");
        String accountId = input.string("AccountId");
        AccountRecord account = directory.accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new ServiceException(AwsErrorCode.ACCOUNT_NOT_FOUND,
                        "You specified an account that doesn't exist."));
        return StructValue.builder().put("Account", account(account, organization())).build();
    }

    private StructValue describeOrganization(OperationContext context, StructValue input) {
        // Every account of the organization may describe it.
        authorizer.authorize(context, "organizations:DescribeOrganization", "*", Map.of());
        OrganizationRow organization = organization();
        AccountRecord management = directory.accounts().stream()
                .filter(a -> a.accountId().equals(organization.managementAccount())).findFirst().orElseThrow();
        StructValue.Builder org = StructValue.builder()
                .put("Id", organization.orgId())
                .put("Arn", "arn:aws:organizations::" + organization.managementAccount() + ":organization/" + organization.orgId())
                .put("FeatureSet", "ALL")
                .put("MasterAccountArn", accountArn(organization, organization.managementAccount()))
                .put("MasterAccountId", organization.managementAccount());
        management.email().ifPresent(e -> org.put("MasterAccountEmail", e));
        org.putList("AvailablePolicyTypes", List.of());
        return StructValue.builder().put("Organization", org.build()).build();
    }

    /** The organization, created with its id on first use. */
    private OrganizationRow organization() {
        Optional<OrganizationRow> existing = directory.read((c, r) -> r.organizations().organization(c));
        if (existing.isPresent()) {
            return existing.get();
        }
        return directory.write((c, w) -> {
            Optional<OrganizationRow> raced = w.organizations().organization(c);
            if (raced.isPresent()) {
                return raced.get();
            }
            OrganizationRow row = new OrganizationRow("o-" + randomText(directory.random(), 10), managementAccount,
                    directory.clock().instant());
            w.organizations().insertOrganization(c, row);
            return row;
        });
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

    private static StructValue status(CreateAccountRow row) {
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

    private static StructValue account(AccountRecord account, OrganizationRow organization) {
        StructValue.Builder out = StructValue.builder()
                .put("Id", account.accountId())
                .put("Arn", accountArn(organization, account.accountId()));
        account.email().ifPresent(e -> out.put("Email", e));
        return out.put("Name", account.name())
                .put("Status", "ACTIVE")
                .put("State", "ACTIVE")
                .put("JoinedMethod", account.management() ? "INVITED" : "CREATED")
                .put("JoinedTimestamp", account.createdAt())
                .build();
    }

    private static String accountArn(OrganizationRow organization, String accountId) {
        return "arn:aws:organizations::" + organization.managementAccount() + ":account/" + organization.orgId() + "/" + accountId;
    }

    private static String trustOf(String managementAccount) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + managementAccount + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String newAccountId(RandomGenerator random, List<AccountRecord> existing) {
        while (true) {
            String id = String.format(Locale.ROOT, "%012d", random.nextLong(100_000_000_000L, 1_000_000_000_000L));
            if (existing.stream().noneMatch(a -> a.accountId().equals(id))) {
                return id;
            }
        }
    }

    private static String randomText(RandomGenerator random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(LOWER_ALNUM.charAt(random.nextInt(LOWER_ALNUM.length())));
        }
        return out.toString();
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
