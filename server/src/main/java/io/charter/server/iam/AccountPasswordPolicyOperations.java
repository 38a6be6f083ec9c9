package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.PasswordPolicies;
import io.charter.server.identity.PasswordPolicy;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;

/**
 * The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy. The model checks each value's range; a value left out takes AWS's
 * documented default (a minimum length of 6, everything else off).
 */
public final class AccountPasswordPolicyOperations {
    /** UpdateAccountPasswordPolicy's documented default for MinimumPasswordLength. */
    static final int DEFAULT_MINIMUM_LENGTH = 6;

    private final PasswordPolicies policies;
    private final Authorizer authorizer;

    public AccountPasswordPolicyOperations(Domain domain, Authorizer authorizer) {
        this.policies = domain.passwordPolicies();
        this.authorizer = authorizer;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("UpdateAccountPasswordPolicy", this::update),
                Operation.of("GetAccountPasswordPolicy", this::get),
                Operation.of("DeleteAccountPasswordPolicy", this::delete));
    }

    private StructValue update(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:UpdateAccountPasswordPolicy", "*", Map.of());
        PasswordPolicy policy = new PasswordPolicy(
                input.optionalInt("MinimumPasswordLength").orElse(DEFAULT_MINIMUM_LENGTH),
                input.optionalBoolean("RequireSymbols").orElse(false),
                input.optionalBoolean("RequireNumbers").orElse(false),
                input.optionalBoolean("RequireUppercaseCharacters").orElse(false),
                input.optionalBoolean("RequireLowercaseCharacters").orElse(false),
                input.optionalBoolean("AllowUsersToChangePassword").orElse(false),
                input.optionalInt("MaxPasswordAge").orElse(0),
                input.optionalInt("PasswordReusePrevention").orElse(0),
                input.optionalBoolean("HardExpiry").orElse(false));
        policies.put(account, policy);
        return StructValue.EMPTY;
    }

    private StructValue get(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:GetAccountPasswordPolicy", "*", Map.of());
        PasswordPolicy p = policies.policyOf(account);
        StructValue.Builder out = StructValue.builder()
                .put("MinimumPasswordLength", p.minimumPasswordLength())
                .put("RequireSymbols", p.requireSymbols())
                .put("RequireNumbers", p.requireNumbers())
                .put("RequireUppercaseCharacters", p.requireUppercaseCharacters())
                .put("RequireLowercaseCharacters", p.requireLowercaseCharacters())
                .put("AllowUsersToChangePassword", p.allowUsersToChangePassword())
                .put("ExpirePasswords", p.expirePasswords());
        if (p.maxPasswordAge() > 0) {
            out.put("MaxPasswordAge", p.maxPasswordAge());
        }
        if (p.passwordReusePrevention() > 0) {
            out.put("PasswordReusePrevention", p.passwordReusePrevention());
        }
        out.put("HardExpiry", p.hardExpiry());
        return StructValue.builder().put("PasswordPolicy", out.build()).build();
    }

    private StructValue delete(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        authorizer.authorize(context, "iam:DeleteAccountPasswordPolicy", "*", Map.of());
        policies.delete(account);
        return StructValue.EMPTY;
    }
}
