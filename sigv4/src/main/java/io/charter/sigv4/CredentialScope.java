package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

/**
 * The credential scope {@code date/region/service/terminator}, e.g. {@code 20150830/us-east-1/iam/aws4_request}.
 * The components are kept as received; {@link SignatureParser} checks their values.
 *
 * @param date       {@code yyyyMMdd}
 * @param region     region the client signed for
 * @param service    signing name of the service
 * @param terminator always {@code aws4_request} once verified
 */
public record CredentialScope(String date, String region, String service, String terminator) {

    public static final String TERMINATOR = "aws4_request";

    public CredentialScope {
        requireNonNull(date, "date is null");
        requireNonNull(region, "region is null");
        requireNonNull(service, "service is null");
        requireNonNull(terminator, "terminator is null");
    }

    /** A scope with the {@code aws4_request} terminator. */
    public static CredentialScope of(String date, String region, String service) {
        return new CredentialScope(date, region, service, TERMINATOR);
    }

    /** {@code date/region/service/terminator}. */
    public String text() {
        return date + '/' + region + '/' + service + '/' + terminator;
    }

    @Override
    public String toString() {
        return text();
    }
}
