package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * Assertions on the AWS errors a call of the AWS SDK for Java v2 ends in: the error code, the HTTP
 * status and, where one is given, the message in AWS's wording ({@link TestServer#awsWording}).
 * Each returns the error, for the test to look further.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** Runs {@code call} and asserts that it fails with an AWS service error of {@code code} and {@code status}. */
    public static AwsServiceException fails(String code, int status, Supplier<?> call) {
        return fails(AwsServiceException.class, code, status, null, call);
    }

    /** As {@link #fails(String, int, Supplier)}, and the message, unless {@code message} is null, is {@code message}. */
    public static AwsServiceException fails(String code, int status, String message, Supplier<?> call) {
        return fails(AwsServiceException.class, code, status, message, call);
    }

    /** As {@link #fails(String, int, Supplier)}, the error an {@link IamException}. */
    public static IamException iamFails(String code, int status, Supplier<?> call) {
        return fails(IamException.class, code, status, null, call);
    }

    /** As {@link #fails(String, int, String, Supplier)}, the error an {@link IamException}. */
    public static IamException iamFails(String code, int status, String message, Supplier<?> call) {
        return fails(IamException.class, code, status, message, call);
    }

    private static <E extends AwsServiceException> E fails(Class<E> type, String code, int status, String message,
            Supplier<?> call) {
        E e = assertThrows(type, call::get);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        assertEquals(status, e.statusCode());
        if (message != null) {
            assertEquals(message, TestServer.awsWording(e.awsErrorDetails().errorMessage()));
        }
        return e;
    }
}
