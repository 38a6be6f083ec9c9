package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

/**
 * A request the codec has decoded and validated: which service and operation it calls, and the
 * typed input (an empty structure for operations without input).
 */
public record DecodedRequest(ServiceModel service, OperationModel operation, StructValue input) {

    public DecodedRequest {
        requireNonNull(service, "service is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(input, "input is null");
    }
}
