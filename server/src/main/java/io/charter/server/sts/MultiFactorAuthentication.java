package io.charter.server.sts;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.MfaDevices;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.token.SessionClaims;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code SerialNumber} and {@code TokenCode} of AssumeRole and GetSessionToken: both or
 * neither; the serial must name a device enabled for the calling user, and the code must be a
 * valid, unused code of it. Refusals are {@code AccessDenied} with AWS's messages (§3.5).
 *
 * <p>Thread-safe: stateless apart from its collaborators.
 */
final class MultiFactorAuthentication {
    static final String INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    static final String UNKNOWN_DEVICE = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify"
            + " your MFA serial number is valid and associated with this user.";
    static final String BOTH_NEEDED = "MultiFactorAuthentication failed, must provide both MFA serial number and one"
            + " time pass code.";

    private final MfaDevices devices;

    MultiFactorAuthentication(MfaDevices devices) {
        this.devices = devices;
    }

    /**
     * When the request presents MFA, verifies it and returns the time it was authenticated.
     *
     * @param unknownDevice the message for a serial number that is no device of the caller
     *     (GetSessionToken says so; AssumeRole answers as for a wrong code)
     */
    Optional<Instant> verify(OperationContext context, Optional<String> serial, Optional<String> code,
            String unknownDevice) {
        if (serial.isPresent() != code.isPresent()) {
            throw denied(BOTH_NEEDED);
        }
        if (serial.isEmpty()) {
            return Optional.empty();
        }
        String userId = userId(context.caller());
        boolean known = context.snapshot().mfaDevices().device(serial.get())
                .filter(d -> d.userId().equals(Optional.of(userId))).isPresent();
        if (!known) {
            throw denied(unknownDevice);
        }
        if (!devices.authenticate(userId, serial.get(), code.get(), context.time())) {
            throw denied(INVALID_CODE);
        }
        return Optional.of(context.time());
    }

    /** The request keys of a request that presented valid MFA at {@code at}. */
    static Map<String, ContextValue> requestKeys(Instant at, Instant now) {
        return Map.of("aws:MultiFactorAuthPresent", ContextValue.bool(true),
                "aws:MultiFactorAuthAge", ContextValue.number(Math.max(0, now.getEpochSecond() - at.getEpochSecond())));
    }

    /** The user whose devices count: the signing user, or the user behind a GetSessionToken session. */
    private static String userId(Caller caller) {
        return caller.session().map(SessionClaims::principalId).orElse(caller.userId());
    }

    private static ServiceException denied(String message) {
        return new ServiceException(AwsErrorCode.ACCESS_DENIED, message);
    }
}
