package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

/**
 * How requests are checked.
 *
 * @param allowedServices signing names the server answers for, e.g. {@code {"sts", "iam"}}; any
 *                        syntactically valid region is accepted (clients with an endpoint
 *                        override sign with their configured region)
 * @param clockSkew       how far a request's timestamp may be from the server's clock, both ways
 *                        (AWS: 15 minutes), whole minutes
 * @param normalizePath   normalize the path in the canonical URI and encode it once more (every service but
 *                        S3); off, the path is read as S3 reads it: not normalized, encoded once
 *                        ({@link SignatureVerifier})
 * @param anyService      accept any service in the scope ({@code allowedServices} then empty): for
 *                        requests another service received and forwards for verification, whose
 *                        signing name is that service's own; the caller checks the name it expects
 */
public record VerifierSettings(Set<String> allowedServices, Duration clockSkew, boolean normalizePath,
        boolean anyService) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(15);

    public VerifierSettings {
        requireNonNull(allowedServices, "allowedServices is null");
        requireNonNull(clockSkew, "clockSkew is null");
        allowedServices = Set.copyOf(allowedServices);
        if (allowedServices.isEmpty() && !anyService) {
            throw new IllegalArgumentException("allowedServices is empty: no request could ever verify");
        }
        if (!allowedServices.isEmpty() && anyService) {
            throw new IllegalArgumentException("allowedServices must be empty when any service is accepted");
        }
        if (clockSkew.isNegative() || clockSkew.isZero() || clockSkew.toSecondsPart() != 0 || clockSkew.toNanosPart() != 0) {
            throw new IllegalArgumentException("clockSkew must be a positive whole number of minutes: " + clockSkew);
        }
    }

    /** The given services, a 15-minute window, normalized paths. */
    public static VerifierSettings of(Set<String> allowedServices) {
        return new VerifierSettings(allowedServices, DEFAULT_CLOCK_SKEW, true, false);
    }

    /** Any service in the scope, a 15-minute window, normalized paths. */
    public static VerifierSettings forAnyService() {
        return new VerifierSettings(Set.of(), DEFAULT_CLOCK_SKEW, true, true);
    }

    /** Whether a scope naming {@code service} is accepted. */
    public boolean allowsService(String service) {
        return anyService || allowedServices.contains(service);
    }

    public VerifierSettings withClockSkew(Duration newClockSkew) {
        return new VerifierSettings(allowedServices, newClockSkew, normalizePath, anyService);
    }

    public VerifierSettings withNormalizePath(boolean normalize) {
        return new VerifierSettings(allowedServices, clockSkew, normalize, anyService);
    }
}
