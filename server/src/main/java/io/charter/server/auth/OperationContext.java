package io.charter.server.auth;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.IdentitySnapshot;
import java.time.Instant;
import java.util.Optional;

/**
 * What an operation knows about its request besides its input: who signed it, the one snapshot of
 * the IAM state the request reads (pinned when the request arrived, and read by authentication,
 * authorization and the operation alike, so that a trust policy and the caller's own policies
 * cannot come from two different states), and the facts the authorization context needs.
 *
 * @param caller the authenticated caller
 * @param snapshot the IAM state this request reads
 * @param time the time the request is served at (from the injected clock)
 * @param sourceIp the client's address ({@code aws:SourceIp})
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport})
 * @param requestId the request id sent back to the client
 * @param region the region the request was signed for
 */
public record OperationContext(Caller caller, IdentitySnapshot snapshot, Instant time, String sourceIp,
        boolean secureTransport, String requestId, String region) {
    public OperationContext {
        requireNonNull(caller, "caller is null");
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(time, "time is null");
        requireNonNull(sourceIp, "sourceIp is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(region, "region is null");
    }

    /** The facts of this request for its authorization context: all known. */
    public RequestFacts facts() {
        return new RequestFacts(time, Optional.of(sourceIp), Optional.of(secureTransport), region, Optional.empty());
    }
}
