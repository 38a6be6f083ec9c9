package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import io.charter.server.auth.Caller;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.StructureShape;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one request was, as its endpoint saw it: captured on the request's thread as references to
 * values it already holds (the caller, the decoded input, the output), and turned into CloudTrail's
 * record on the audit log's writer thread, so a request pays for one small object and no rendering.
 *
 * <p>Mutable while its request is served, by that request's thread alone; handed to the
 * {@link AuditLog} once complete (the queue publishes it safely) and never changed after. This is
 * the one mutable value of the package: a record rebuilt at each step would cost the hot path an
 * allocation per step for nothing.
 */
public final class AuditEvent {
    /** The region a request is recorded in when its signature named none (it was not read). */
    static final String DEFAULT_REGION = "us-east-1";
    private static final int MAX_USER_AGENT = 1_000;

    final Instant time;
    final String requestId;
    final String sourceIp;
    final String userAgent;
    final String fallbackAccount;
    String service;
    String eventName;
    String region = DEFAULT_REGION;
    Caller caller;
    String presentedKeyId;
    StructureShape inputShape;
    StructValue input;
    StructureShape outputShape;
    StructValue output;
    Map<String, String> plainParameters;
    String errorCode;
    String errorMessage;
    boolean dataEvent;

    /**
     * @param time when the request arrived
     * @param requestId the id its answer carries
     * @param sourceIp the client's address
     * @param userAgent its {@code User-Agent}, if any (kept to its first 1,000 characters)
     * @param fallbackAccount the account that records a request whose caller is not known (the
     *     management account)
     */
    public AuditEvent(Instant time, String requestId, String sourceIp, Optional<String> userAgent,
            String fallbackAccount) {
        this.time = requireNonNull(time, "time is null");
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.sourceIp = requireNonNull(sourceIp, "sourceIp is null");
        String agent = userAgent.orElse("");
        this.userAgent = agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent;
        this.fallbackAccount = requireNonNull(fallbackAccount, "fallbackAccount is null");
    }

    /** The service (its signing name) and the operation, when known. */
    public void operation(String signingName, String name) {
        this.service = signingName;
        this.eventName = name;
    }

    /** Whether the operation is known yet (it is once the request was decoded). */
    public boolean hasOperation() {
        return eventName != null;
    }

    /** The region the request was signed for. */
    public void region(String region) {
        this.region = region;
    }

    /** The access key id the signature named, before it was authenticated. */
    public void presentedKey(String accessKeyId) {
        this.presentedKeyId = accessKeyId;
    }

    /** The authenticated caller. */
    public void caller(Caller caller) {
        this.caller = caller;
    }

    /** The decoded input and its shape. */
    public void input(StructureShape shape, StructValue value) {
        this.inputShape = shape;
        this.input = value;
    }

    /** The operation's output and its shape. */
    public void output(StructureShape shape, StructValue value) {
        this.outputShape = shape;
        this.output = value;
    }

    /**
     * The request's parameters as names and text, for an endpoint without a model's shapes (S3:
     * {@code bucketName}, {@code Host}, the query's parameters). Never a secret: the caller passes
     * none (the signature's parameters are not among them).
     */
    public void parameters(Map<String, String> parameters) {
        this.plainParameters = Map.copyOf(parameters);
    }

    /** An S3 object call: a data event. */
    public void dataEvent() {
        this.dataEvent = true;
    }

    /** This request was refused with {@code error}. */
    public AuditEvent failed(ServiceException error) {
        this.errorCode = error.errorCode().code();
        this.errorMessage = error.getMessage();
        this.output = null;
        return this;
    }

    /** This request was refused with an error code and message (S3's own). */
    public AuditEvent failed(String code, String message) {
        this.errorCode = requireNonNull(code, "code is null");
        this.errorMessage = requireNonNull(message, "message is null");
        this.output = null;
        return this;
    }

    /** The account whose trail records the request first: the caller's, else the fallback. */
    String callerAccount() {
        return caller != null ? caller.accountId() : fallbackAccount;
    }
}
