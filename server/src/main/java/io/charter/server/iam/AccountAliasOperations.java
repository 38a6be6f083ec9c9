package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.store.AccountAliasRepository;
import java.util.List;
import java.util.Map;

/**
 * Account aliases: CreateAccountAlias, ListAccountAliases, DeleteAccountAlias. An account has at
 * most one alias, and an alias belongs to at most one account of the server. Control-plane state
 * read from the store: no request path reads it. The model checks the alias's pattern.
 */
public final class AccountAliasOperations {
    static final int MAX_PER_ACCOUNT = 1;

    private final Directory directory;
    private final Authorizer authorizer;
    private final AccountAliasRepository aliases = new AccountAliasRepository();

    public AccountAliasOperations(Domain domain, Authorizer authorizer) {
        this.directory = domain.directory();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateAccountAlias", this::create),
                Operation.of("ListAccountAliases", this::list),
                Operation.of("DeleteAccountAlias", this::delete));
    }

    private StructValue create(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String alias = input.string("AccountAlias");
        authorizer.authorize(context, "iam:CreateAccountAlias", "*", Map.of());
        directory.write((c, w) -> {
            if (aliases.owner(c, alias).isPresent()) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "The account alias " + alias + " already exists.");
            }
            if (aliases.list(c, account).size() >= MAX_PER_ACCOUNT) {
                throw IamErrors.limit("AccountAliasesPerAccount", MAX_PER_ACCOUNT);
            }
            aliases.insert(c, account, alias, context.time());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue list(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListAccountAliases", "*", Map.of());
        Page<String> page = Page.of(directory.read((c, r) -> aliases.list(c, account)), input);
        return page.addTo(StructValue.builder().putStrings("AccountAliases", page.items())).build();
    }

    private StructValue delete(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String alias = input.string("AccountAlias");
        authorizer.authorize(context, "iam:DeleteAccountAlias", "*", Map.of());
        directory.write((c, w) -> {
            if (!aliases.delete(c, account, alias)) {
                throw new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The account alias " + alias + " cannot be found.");
            }
            return null;
        });
        return StructValue.EMPTY;
    }
}
