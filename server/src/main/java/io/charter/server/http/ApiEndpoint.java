package io.charter.server.http;

import io.charter.server.audit.AuditEvent;
import io.charter.server.audit.AuditLog;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.Caller;
import io.charter.server.auth.OperationContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.SnapshotSource;
import io.charter.server.protocol.DecodedRequest;
import io.charter.server.protocol.FormParameters;
import io.charter.server.protocol.QueryCodec;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.ServiceRegistry;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SignableRequest;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API endpoint: reads the request (within the body limit), pins the IAM state it reads,
 * authenticates it, decodes the operation's input with the request's {@link Wire} protocol (AWS
 * Query; AWS JSON 1.1 when an {@code X-Amz-Target} header names the operation; EC2's when the
 * signature's credential scope names the EC2 service; the codecs
 * answer unknown operations for anything not registered in the {@link ServiceRegistry}), applies
 * the service's session rules, runs the operation and encodes the answer. This class is the
 * one place where failures become responses: a {@link ServiceException} becomes AWS's error
 * envelope with its code and status; anything else becomes {@code InternalFailure} (500) with a
 * generic message, its details logged without request content.
 *
 * <p>Every request answered here is recorded in the audit trail before its answer is sent, its
 * refusals included ({@link AuditLog#record}: the answer waits for the record's commit); a request
 * whose record cannot be made durable in time is answered {@code ServiceUnavailable} instead. Only
 * a method other than GET and POST, which names no operation, is not recorded.
 *
 * <p>Thread-safe: holds only immutable collaborators; runs on a virtual thread per request.
 */
public final class ApiEndpoint implements Handler {
    private static final Logger LOG = Logger.getLogger(ApiEndpoint.class.getName());
    private static final byte[] NO_BODY = new byte[0];

    private final SnapshotSource snapshots;
    private final Authenticator authenticator;
    private final Wire.Query query;
    private final Wire.Json json;
    /** Empty when no registered service speaks EC2's protocol. */
    private final Optional<Wire.Ec2> ec2;
    private final ServiceRegistry registry;
    private final Clock clock;
    private final int maxBodyBytes;
    private final AuditLog audit;
    private final String managementAccount;

    /**
     * @param audit where every request's record is made durable before its answer
     * @param managementAccount the account that records requests whose caller is not known
     */
    public ApiEndpoint(SnapshotSource snapshots, Authenticator authenticator, ServiceRegistry registry, Clock clock,
            int maxBodyBytes, AuditLog audit, String managementAccount) {
        this.audit = audit;
        this.managementAccount = managementAccount;
        this.snapshots = snapshots;
        this.authenticator = authenticator;
        this.query = new Wire.Query(registry.queryCodec());
        this.json = new Wire.Json(registry.jsonCodec());
        this.ec2 = registry.ec2Codec().map(Wire.Ec2::new);
        this.registry = registry;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Answers one request. A connection closed under it (its deadline passed, the client went away)
     * ends quietly through the HTTP library's {@link CloseConnectionException}: nothing can be
     * answered, and it is not the server's failure.
     */
    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        try {
            answer(request, response);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (socketClosed(e)) {
                throw new CloseConnectionException("the connection closed while the request was answered", e);
            }
            throw e;
        }
    }

    private void answer(ServerRequest request, ServerResponse response) {
        String requestId = RequestIds.next();
        String scopeService = null;
        byte[] body = NO_BODY;
        Method method = request.prologue().method();
        Wire wire = wire(request);
        if (!method.equals(Method.GET) && !method.equals(Method.POST)) {
            refuseMethod(response, method, requestId);
            return;
        }
        String sourceIp = sourceIp(request);
        AuditEvent event = new AuditEvent(clock.instant(), requestId, sourceIp,
                request.headers().first(HeaderNames.USER_AGENT), managementAccount);
        try {
            byte[] read = readBody(request);
            body = read;
            SignableRequest signable = signable(request, read);
            // AWS's order: authentication before anything in the request is decoded.
            ParsedSignature signature = authenticator.parse(signable, clock.instant());
            scopeService = signature.scope().service();
            Served served = serve(signature, signable, scope -> wire.decode(request, read, scope), sourceIp,
                    request.isSecure(), requestId, event);
            byte[] answer = wire.result(served.request(), served.output(), requestId);
            try {
                audit.record(event);
            } catch (ServiceException unavailable) {
                // Done, but not recorded in time: not acknowledged (the client may ask again, as after any 5xx).
                wire.sendError(response, scopeService, unavailable, requestId);
                return;
            }
            send(response, 200, wire.contentType(), answer, requestId);
        } catch (ClosingRefusal e) {
            response.header("Connection", "close");
            String service = errorService(wire, scopeService, request, body);
            wire.sendError(response, service, recorded(event, e.error, wire, service, request, body), requestId);
        } catch (ServiceException e) {
            String service = errorService(wire, scopeService, request, body);
            wire.sendError(response, service, recorded(event, e, wire, service, request, body), requestId);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (socketClosed(e)) {
                throw e;
            }
            // The message of an unexpected exception may quote request content: log where, not what.
            RuntimeException where = new RuntimeException(e.getClass().getName(), null);
            where.setStackTrace(e.getStackTrace());
            LOG.log(Level.SEVERE, "request " + requestId + " failed", where);
            String service = errorService(wire, scopeService, request, body);
            wire.sendError(response, service, recorded(event, new ServiceException(AwsErrorCode.INTERNAL_FAILURE,
                    "The request processing has failed because of an unknown error, exception or failure."), wire,
                    service, request, body), requestId);
        }
    }

    /**
     * Records a refused request and returns the error to answer: {@code error}, or
     * {@code ServiceUnavailable} when the record could not be made durable in time. A request refused
     * before it was decoded is named as leniently as its error's service is: by its
     * {@code X-Amz-Target}, else its {@code Action}.
     */
    private ServiceException recorded(AuditEvent event, ServiceException error, Wire wire, String service,
            ServerRequest request, byte[] body) {
        if (!event.hasOperation()) {
            // An unsigned JSON request names its service only in its target's prefix: recorded as unknown.
            event.operation(service != null ? service : "unknown", operationNamed(wire, request, body));
        }
        try {
            audit.record(event.failed(error));
            return error;
        } catch (ServiceException unavailable) {
            return unavailable;
        }
    }

    /** The operation a request names, read leniently; {@code Unknown} when it names none. */
    private String operationNamed(Wire wire, ServerRequest request, byte[] body) {
        if (wire.equals(json)) {
            String target = request.headers().first(Wire.TARGET).orElse("");
            String name = target.substring(target.lastIndexOf('.') + 1);
            return name.isEmpty() ? "Unknown" : truncated(name);
        }
        try {
            FormParameters parameters = request.prologue().method().equals(Method.POST) && body.length > 0
                    ? FormParameters.parseForm(body)
                    : FormParameters.parseQuery(rawQuery(request));
            return parameters.first("Action").filter(a -> !a.isEmpty()).map(ApiEndpoint::truncated).orElse("Unknown");
        } catch (ServiceException | IllegalArgumentException e) {
            return "Unknown";
        }
    }

    private static String truncated(String name) {
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    /**
     * The protocol a request speaks: AWS JSON when an {@code X-Amz-Target} header names the operation;
     * EC2's when its credential scope names the EC2 service; else the AWS Query protocol.
     */
    private Wire wire(ServerRequest request) {
        if (request.headers().contains(Wire.TARGET)) {
            return json;
        }
        if (ec2.isPresent()) {
            String ec2Service = ec2.get().codec().service().signingName();
            if (Wire.scopeService(request).filter(ec2Service::equals).isPresent()) {
                return ec2.get();
            }
        }
        return query;
    }

    /**
     * The service whose namespace an error is written in: the one the signature's credential scope
     * names; when the request failed before its signature was read, the one its {@code Action}
     * names ({@link QueryCodec#serviceNamedBy}), read leniently from the query string or the form
     * body; STS, the first service, when neither says. (The JSON wire's envelope has no namespace.)
     */
    private String errorService(Wire wire, String scopeService, ServerRequest request, byte[] body) {
        if (scopeService != null || !wire.equals(query)) {
            return scopeService;
        }
        try {
            FormParameters parameters = request.prologue().method().equals(Method.POST) && body.length > 0
                    ? FormParameters.parseForm(body)
                    : FormParameters.parseQuery(rawQuery(request));
            return query.codec().serviceNamedBy(parameters).signingName();
        } catch (ServiceException | IllegalArgumentException e) {
            return query.codec().services().getFirst().signingName();
        }
    }

    /** Decodes a request's input once its signature's scope names the service. */
    @FunctionalInterface
    public interface Decoder {
        DecodedRequest decode(String scopeService);
    }

    /** A request served: its decoded input and the operation's output, before encoding. */
    public record Served(DecodedRequest request, StructValue output) {
    }

    /**
     * The request path after the signature was parsed, in AWS's order: authentication, then
     * decoding, the rules of the caller's kind of credentials, and the operation. The IAM state is
     * read once, here: authentication, authorization and the operation all read that one snapshot.
     * The in-process benchmarks call this too, so they measure exactly what the endpoint runs.
     *
     * @throws ServiceException the AWS error to answer
     */
    public Served serve(ParsedSignature signature, SignableRequest signable, Decoder decoder, String sourceIp,
            boolean secureTransport, String requestId) {
        return serve(signature, signable, decoder, sourceIp, secureTransport, requestId,
                new AuditEvent(clock.instant(), requestId, sourceIp, Optional.empty(), managementAccount));
    }

    /**
     * {@link #serve(ParsedSignature, SignableRequest, Decoder, String, boolean, String)}, noting in
     * {@code event} what the audit trail records as it learns it: the region and key the signature
     * names, the caller, the operation and its input, its output.
     */
    Served serve(ParsedSignature signature, SignableRequest signable, Decoder decoder, String sourceIp,
            boolean secureTransport, String requestId, AuditEvent event) {
        event.region(signature.scope().region());
        event.presentedKey(signature.accessKeyId());
        IdentitySnapshot snapshot = snapshots.current();
        Caller caller = authenticator.authenticate(signature, signable, snapshot);
        event.caller(caller);
        DecodedRequest decoded = decoder.decode(signature.scope().service());
        event.operation(decoded.service().signingName(), decoded.operation().name());
        decoded.operation().input().ifPresent(shape -> event.input(shape, decoded.input()));
        ServiceRegistry.Registered operation = registry.operation(decoded.service().signingName(),
                decoded.operation().name())
                .orElseThrow(() -> new IllegalStateException("the codec served an unregistered operation"));
        operation.service().sessionRules().check(caller, operation.service().signingName(), operation.name());
        if (caller.kind() == IdentityKind.INSTANCE && !operation.service().instanceOperations().contains(operation.name())) {
            throw new ServiceException(AwsErrorCode.ACCESS_DENIED, "Instance: " + caller.arn() + " is not authorized to"
                    + " perform: " + operation.service().signingName() + ":" + operation.name() + " because an"
                    + " instance's own credential may only fetch the credentials of its roles");
        }
        OperationContext context = new OperationContext(caller, snapshot, clock.instant(), sourceIp, secureTransport,
                requestId, signature.scope().region());
        StructValue output = operation.body().handle(context, decoded.input());
        decoded.operation().output().ifPresent(shape -> event.output(shape, output));
        return new Served(decoded, output);
    }

    /** Only GET and POST carry the Query protocol; HEAD gets the status without a body. */
    private void refuseMethod(ServerResponse response, Method method, String requestId) {
        ServiceException error = new ServiceException(AwsErrorCode.METHOD_NOT_ALLOWED,
                "The HTTP method " + method.text() + " is not allowed: use POST (or GET).");
        response.header("Allow", "GET, POST");
        if (method.equals(Method.HEAD)) {
            response.status(HttpStatuses.of(error.httpStatus()));
            response.header(HeaderNames.CONTENT_TYPE, QueryCodec.CONTENT_TYPE);
            response.header("x-amzn-RequestId", requestId);
            response.send();
            return;
        }
        query.sendError(response, null, error, requestId);
    }

    /**
     * A request refused and its connection closed, not drained: a body that could not be read whole
     * or over the limit.
     */
    private static final class ClosingRefusal extends RuntimeException {
        final ServiceException error;

        ClosingRefusal(ServiceException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    private byte[] readBody(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            // Declared too large: refused from the headers, before any of the body is read.
            throw tooLarge();
        }
        byte[] body;
        InputStream in = request.content().inputStream();
        try {
            body = in.readNBytes(maxBodyBytes + 1);
        } catch (RequestException e) {
            if (socketClosed(e)) {
                throw e; // closed under the read: handle ends the connection quietly
            }
            throw e.status().code() == 413 ? tooLarge() : unreadable();
        } catch (IOException | RuntimeException e) {
            throw unreadable();
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw unreadable();
        }
        return body;
    }

    private static boolean socketClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private ClosingRefusal tooLarge() {
        return new ClosingRefusal(new ServiceException(AwsErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "Request body exceeds the limit of " + maxBodyBytes + " bytes."));
    }

    private static ClosingRefusal unreadable() {
        return new ClosingRefusal(new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                "The request body could not be read."));
    }

    /** Request line plus headers, counted as HTTP/1.1 writes them, within the server's limit. */
    private static String sourceIp(ServerRequest request) {
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "0.0.0.0";
    }

    private static String rawQuery(ServerRequest request) {
        String raw = request.query().rawValue();
        return raw == null ? "" : raw;
    }

    private static SignableRequest signable(ServerRequest request, byte[] body) {
        List<io.charter.sigv4.Header> headers = new ArrayList<>();
        for (Header header : request.headers()) {
            if (header.name().isEmpty()) {
                // Helidon passes a header line that starts with ':' on, as a header without a name.
                throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING, "The request could not be parsed as HTTP.");
            }
            for (String value : header.allValues()) {
                headers.add(new io.charter.sigv4.Header(header.name(), value));
            }
        }
        return new SignableRequest(request.prologue().method().text(), request.path().rawPath(),
                rawQuery(request), headers, Payload.of(body));
    }

    static void send(ServerResponse response, int status, String contentType, byte[] body, String requestId) {
        response.status(HttpStatuses.of(status));
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        response.header("x-amzn-RequestId", requestId);
        response.send(body);
    }
}
