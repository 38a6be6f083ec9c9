package io.charter.server.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a decision's request context knows about a request besides its principal, action and
 * resource: Charter's own requests know all of it ({@link OperationContext#facts()}); a request
 * another service received and forwards ({@code charter:Authorize}) knows only what that service
 * passes, and a key it does not pass is absent from the context, never guessed.
 *
 * @param time the time the request is decided at ({@code aws:CurrentTime}, {@code aws:EpochTime})
 * @param sourceIp the client's address ({@code aws:SourceIp}), when known
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport}), when known
 * @param region the region the request was signed for ({@code aws:RequestedRegion})
 * @param resourceAccount the account owning the resource, when its ARN does not say (or says otherwise)
 */
public record RequestFacts(Instant time, Optional<String> sourceIp, Optional<Boolean> secureTransport, String region,
        Optional<String> resourceAccount) {
    public RequestFacts {
        requireNonNull(time, "time is null");
        requireNonNull(sourceIp, "sourceIp is null");
        requireNonNull(secureTransport, "secureTransport is null");
        requireNonNull(region, "region is null");
        requireNonNull(resourceAccount, "resourceAccount is null");
    }
}
