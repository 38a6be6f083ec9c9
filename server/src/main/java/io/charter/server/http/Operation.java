package io.charter.server.http;

import io.charter.server.auth.OperationContext;
import io.charter.server.protocol.StructValue;

/**
 * One AWS operation: pure domain logic over a decoded input, never HTTP or SQL. Failures are
 * {@link io.charter.server.error.ServiceException}s with AWS's codes.
 */
public interface Operation {
    /** The signing name of the service, {@code sts} or {@code iam}. */
    String service();

    /** The operation name, as in the {@code Action} parameter. */
    String name();

    StructValue handle(OperationContext context, StructValue input);

    /** The body of an operation. */
    @FunctionalInterface
    interface Handler {
        StructValue handle(OperationContext context, StructValue input);
    }

    /** An operation from its service, name and body. */
    static Operation of(String service, String name, Handler handler) {
        return new Operation() {
            @Override
            public String service() {
                return service;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public StructValue handle(OperationContext context, StructValue input) {
                return handler.handle(context, input);
            }
        };
    }
}
