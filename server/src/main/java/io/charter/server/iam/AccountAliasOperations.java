package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.AccountAliases;
import io.charter.server.domain.Domain;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;

/**
 * Account aliases: CreateAccountAlias, ListAccountAliases, DeleteAccountAlias, over
 * {@link AccountAliases}. The model checks the alias's pattern.
 */
public final class AccountAliasOperations {
    private final AccountAliases aliases;
    private final Authorizer authorizer;

    public AccountAliasOperations(Domain domain, Authorizer authorizer) {
        this.aliases = domain.accountAliases();
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
        aliases.create(account, alias, context.time());
        return StructValue.EMPTY;
    }

    private StructValue list(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:ListAccountAliases", "*", Map.of());
        Page<String> page = Page.of(aliases.aliasesOf(account), input);
        return page.addTo(StructValue.builder().putStrings("AccountAliases", page.items())).build();
    }

    private StructValue delete(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String alias = input.string("AccountAlias");
        authorizer.authorize(context, "iam:DeleteAccountAlias", "*", Map.of());
        aliases.delete(account, alias);
        return StructValue.EMPTY;
    }
}
