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
 * @param normalizePath   normalize the path in the canonical URI (every service but S3)
 */
public record VerifierSettings(Set<String> allowedServices, Duration clockSkew, boolean normalizePath) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(15);

    public VerifierSettings {
        requireNonNull(allowedServices, "allowedServices is null");
        requireNonNull(clockSkew, "clockSkew is null");
        allowedServices = Set.copyOf(allowedServices);
        if (allowedServices.isEmpty()) {
            throw new IllegalArgumentException("allowedServices is empty: no request could ever verify");
        }
        if (clockSkew.isNegative() || clockSkew.isZero() || clockSkew.toSecondsPart() != 0 || clockSkew.toNanosPart() != 0) {
            throw new IllegalArgumentException("clockSkew must be a positive whole number of minutes: " + clockSkew);
        }
    }

    /** The given services, a 15-minute window, normalized paths. */
    public static VerifierSettings of(Set<String> allowedServices) {
        return new VerifierSettings(allowedServices, DEFAULT_CLOCK_SKEW, true);
    }

    public VerifierSettings withClockSkew(Duration newClockSkew) {
        return new VerifierSettings(allowedServices, newClockSkew, normalizePath);
    }

    public VerifierSettings withNormalizePath(boolean normalize) {
        return new VerifierSettings(allowedServices, clockSkew, normalize);
    }
}
