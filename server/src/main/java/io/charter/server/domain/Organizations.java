package io.charter.server.domain;

import io.charter.server.error.IamErrors;
import io.charter.server.identity.Account;
import io.charter.server.identity.Arns;
import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Organization;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The organization and the accounts it creates. As in AWS, each new account gets a role with
 * AdministratorAccess that trusts the management account: that is how its owner first enters it.
 * Accounts are created at once, in one transaction with their root user and that role, so a
 * request has its outcome by the time CreateAccount answers. Thread-safe.
 */
public final class Organizations {
    /** The AWS managed policy the new account's access role gets. */
    static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Directory directory;

    public Organizations(Directory directory) {
        this.directory = directory;
    }

    /** The organization, created with its id on first use. */
    public Organization organization(String managementAccount) {
        Optional<Organization> existing = directory.read((c, store) -> store.organizations().organization(c));
        if (existing.isPresent()) {
            return existing.get();
        }
        return directory.write((c, store) -> {
            Optional<Organization> raced = store.organizations().organization(c);
            if (raced.isPresent()) {
                return raced.get();
            }
            Organization created = new Organization("o-" + randomText(directory.random(), 10), managementAccount,
                    directory.clock().instant());
            store.organizations().insertOrganization(c, created);
            return created;
        });
    }

    /**
     * Creates a member account with its root user and the access role {@code roleName} trusting
     * the management account, and records the request. An e-mail another account has (compared
     * case-insensitively) fails the request ({@code EMAIL_ALREADY_EXISTS}), which is recorded too.
     */
    public CreateAccountStatus createAccount(Organization organization, String email, String name, String roleName,
            Instant at) {
        RandomGenerator random = directory.random();
        String requestId = "car-" + randomText(random, 32);
        return directory.write((c, store) -> {
            List<Account> accounts = store.identities().listAccounts(c);
            boolean emailTaken = accounts.stream()
                    .anyMatch(a -> a.email().map(e -> e.equalsIgnoreCase(email)).orElse(false));
            if (emailTaken) {
                CreateAccountStatus failed = new CreateAccountStatus(requestId, name, email, "FAILED",
                        Optional.of("EMAIL_ALREADY_EXISTS"), Optional.empty(), at, Optional.of(at));
                store.organizations().insertRequest(c, failed);
                return failed;
            }
            String accountId = newAccountId(random, accounts);
            store.identities().insertAccount(c, new Account(accountId, name, Optional.of(email), false, at));
            store.identities().insertPrincipal(c, new Identity(accountId, accountId, IdentityKind.ROOT, accountId, "/", at));
            Identity role = Roles.insert(c, store, directory, new Roles.NewRole(accountId, roleName, "/",
                    trustOf(organization.managementAccount()), Optional.empty(), Roles.DEFAULT_MAX_SESSION, List.of(),
                    Optional.empty()), at, () -> IamErrors.roleExists(roleName));
            store.permissions().attach(c, role.uniqueId(), ADMINISTRATOR_ACCESS, at);
            CreateAccountStatus succeeded = new CreateAccountStatus(requestId, name, email, "SUCCEEDED", Optional.empty(),
                    Optional.of(accountId), at, Optional.of(at));
            store.organizations().insertRequest(c, succeeded);
            return succeeded;
        });
    }

    /** A CreateAccount request by its id. */
    public Optional<CreateAccountStatus> request(String requestId) {
        return directory.read((c, store) -> store.organizations().request(c, requestId));
    }

    private static String trustOf(String managementAccount) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + Arns.root(managementAccount) + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String newAccountId(RandomGenerator random, List<Account> existing) {
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
}
