package io.charter.server.concurrency;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.charter.server.TestServer;
import java.util.List;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * What one call of a {@link Race} came to: acknowledged (with the SDK's response), or refused with
 * an AWS error. A server failure (5xx) is neither: the race fails on it at once.
 */
sealed interface Outcome {
    /** The call succeeded; {@code response} is what the SDK returned. */
    record Acknowledged(Object response) implements Outcome {
        public Acknowledged {
            requireNonNull(response, "response is null");
        }
    }

    /** The call was refused with an AWS client error: its code and message (AWS's wording). */
    record Refused(String code, String message) implements Outcome {
        public Refused {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }

    /** The outcome of an SDK call's error: a 5xx (or no AWS error at all) fails the test. */
    static Outcome of(IamException e) {
        if (e.statusCode() >= 500 || e.awsErrorDetails() == null) {
            throw new AssertionError("the server failed under a race: " + e.statusCode() + " " + e.getMessage(), e);
        }
        return new Refused(e.awsErrorDetails().errorCode(), TestServer.awsWording(e.awsErrorDetails().errorMessage()));
    }

    default boolean acknowledged() {
        return this instanceof Acknowledged;
    }

    /** The response of an acknowledged call, as the SDK's type. */
    default <T> T response(Class<T> type) {
        if (this instanceof Acknowledged(Object response)) {
            return type.cast(response);
        }
        return fail("expected acknowledged, was " + this);
    }

    /** Asserts the call was refused with {@code code} and, unless null, exactly {@code message}. */
    default void assertRefused(String code, String message) {
        if (!(this instanceof Refused(String actualCode, String actualMessage))) {
            fail("expected " + code + ", was " + this);
            return;
        }
        assertEquals(code, actualCode, actualMessage);
        if (message != null) {
            assertEquals(message, actualMessage);
        }
    }

    /** How many of {@code outcomes} were acknowledged. */
    static long acknowledged(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::acknowledged).count();
    }
}
