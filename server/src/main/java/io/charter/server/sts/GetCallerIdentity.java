package io.charter.server.sts;

import io.charter.server.auth.Caller;
import io.charter.server.http.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.protocol.StructValue;

/** STS {@code GetCallerIdentity}: who signed this request. Needs no permission, as in AWS. */
public final class GetCallerIdentity implements Operation {
    @Override
    public String service() {
        return "sts";
    }

    @Override
    public String name() {
        return "GetCallerIdentity";
    }

    @Override
    public StructValue handle(OperationContext context, StructValue input) {
        Caller caller = context.caller();
        return StructValue.builder()
                .put("UserId", caller.userId())
                .put("Account", caller.accountId())
                .put("Arn", caller.arn())
                .build();
    }
}
