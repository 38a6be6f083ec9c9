package io.charter.server.http;

import io.charter.server.auth.Caller;
import io.charter.server.protocol.StructValue;

/**
 * One AWS operation: pure domain logic over a decoded input, never HTTP or SQL. Failures are
 * {@link io.charter.server.protocol.ServiceException}s with AWS's codes.
 */
public interface Operation {
    /** The signing name of the service, {@code sts} or {@code iam}. */
    String service();

    /** The operation name, as in the {@code Action} parameter. */
    String name();

    StructValue handle(Caller caller, StructValue input);
}
