package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * A request failed a SigV4 check: the AWS error code and AWS's message (may be empty when AWS
 * sends none, e.g. header and query authentication together).
 *
 * <p>No stack trace is captured: these are expected outcomes that a flood of bad requests can
 * produce at a high rate, and filling in a stack costs more than the whole verification.
 */
public final class SigV4Exception extends RuntimeException {

    private final SigV4ErrorCode code;

    public SigV4Exception(SigV4ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
    }

    public SigV4ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    // getMessage() stays AWS's message, sent to clients as it is; toString adds the code for logs.
    @Override
    @SuppressWarnings("OverrideThrowableToString")
    public String toString() {
        return code + ": " + getMessage();
    }
}
