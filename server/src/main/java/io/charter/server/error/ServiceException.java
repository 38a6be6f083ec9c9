package io.charter.server.error;

import io.charter.server.error.AwsErrorCode;
import static java.util.Objects.requireNonNull;

/**
 * An error to send to the client as an AWS error envelope: one {@link AwsErrorCode} (which fixes
 * the HTTP status and fault type) and a one-line message in AWS's wording. The message is
 * escaped when rendered; it must not contain internal details (no stack traces, no class names).
 *
 * <p>Stack traces are not captured: these are expected outcomes on the request path, not bugs.
 */
public class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final AwsErrorCode errorCode;

    public ServiceException(AwsErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public AwsErrorCode errorCode() {
        return errorCode;
    }

    /** Shorthand for {@code errorCode().httpStatus()}. */
    public int httpStatus() {
        return errorCode.httpStatus();
    }

    @Override
    public String getMessage() {
        return requireNonNull(super.getMessage());
    }
}
