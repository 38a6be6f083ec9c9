package io.charter.server.protocol;

import io.charter.server.error.ServiceException;
import io.charter.server.error.AwsErrorCode;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The AWS JSON 1.1 protocol codec for the JSON services Charter serves (Organizations): a JSON
 * object in, a JSON object out. Model-driven like {@link QueryCodec}, and producing the same
 * {@link DecodedRequest}s, so handlers do not see the protocol.
 *
 * <h2>The wire</h2>
 * A request is {@code POST /} with {@code Content-Type: application/x-amz-json-1.1}, the header
 * {@code X-Amz-Target: <targetPrefix>.<Operation>} (for example
 * {@code AWSOrganizationsV20161128.CreateAccount}) and the input members as a JSON object (see
 * {@link JsonDecoder} for the value rules). A response is the output members as a JSON object
 * with the same content type; an error is {@code {"__type":"<Code>","message":"<Message>"}}
 * sent with the code's HTTP status and the header {@value #ERROR_TYPE_HEADER}{@code : <Code>}
 * (botocore's JSON parser reads the body's {@code __type}; other SDKs and botocore's REST-JSON
 * parser read the header). The HTTP layer routes on the target header, checks the signature and
 * sets the headers; this class only turns bodies into values and back.
 *
 * <h2>Decoding</h2>
 * <ol>
 *   <li>A target that is not {@code <targetPrefix>.<Operation>} of a served model's operation
 *       (including an empty one: no header), or an operation the {@link #serving} predicate
 *       refuses: {@link AwsErrorCode#UNKNOWN_OPERATION}, as AWS's JSON front end answers.
 *   <li>A body that is not a JSON object, or holds a value of the wrong JSON type:
 *       {@link AwsErrorCode#SERIALIZATION_EXCEPTION}.
 *   <li>The model's constraints, checked by the same validator as the query services, with the
 *       same {@code N validation error(s) detected: ...} message but AWS's JSON code
 *       {@link AwsErrorCode#VALIDATION_EXCEPTION} (the query services send
 *       {@code ValidationError}).
 * </ol>
 *
 * <p>Immutable and thread-safe: build one at start ({@link #of}) and share it.
 */
public final class JsonCodec {
    /** The Content-Type of every request and response of AWS JSON 1.1. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** The request header naming the operation. */
    public static final String TARGET_HEADER = "X-Amz-Target";
    /** The response header carrying an error's code (its value: {@link #errorType}). */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    static final String JSON_VERSION = "1.1";

    private final List<ServiceModel> services;
    private final BiPredicate<String, String> served;

    private JsonCodec(List<ServiceModel> services, BiPredicate<String, String> served) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("at least one service model is needed");
        }
        List<String> prefixes = new ArrayList<>();
        for (ServiceModel s : services) {
            if (!ModelReader.JSON_PROTOCOL.equals(s.protocol()) || !s.jsonVersion().equals(Optional.of(JSON_VERSION))) {
                throw new IllegalArgumentException("service model '" + s.name() + "' is not an AWS JSON "
                        + JSON_VERSION + " model (protocol " + s.protocol() + ")");
            }
            String prefix = s.targetPrefix().orElseThrow();
            if (prefixes.contains(prefix)) {
                throw new IllegalArgumentException("two service models share the target prefix " + prefix);
            }
            prefixes.add(prefix);
        }
        this.services = List.copyOf(services);
        this.served = requireNonNull(served, "served is null");
    }

    /**
     * A codec for the given AWS JSON 1.1 models.
     *
     * @throws IllegalArgumentException if a model is not AWS JSON 1.1, or two share a target prefix
     */
    public static JsonCodec of(List<ServiceModel> services) {
        return new JsonCodec(new ArrayList<>(services), (service, operation) -> true);
    }

    /**
     * This codec, answering {@code UnknownOperationException} for every operation that
     * {@code served} (given a signing name and an operation name) does not accept: an operation
     * the server does not implement does not exist, whatever the model holds.
     */
    public JsonCodec serving(BiPredicate<String, String> served) {
        return new JsonCodec(services, served);
    }

    public List<ServiceModel> services() {
        return services;
    }

    /** The served model with this short name or signing name ({@code organizations}). */
    public Optional<ServiceModel> service(String name) {
        for (ServiceModel s : services) {
            if (s.name().equals(name) || s.signingName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes and validates one request.
     *
     * @param target the {@code X-Amz-Target} header value; empty when the header is absent
     * @param body the request body (an empty body reads as {@code {}})
     * @throws ServiceException with the AWS error to send back
     */
    public DecodedRequest decode(String target, byte[] body) {
        requireNonNull(target, "target is null");
        requireNonNull(body, "body is null");
        int dot = target.lastIndexOf('.');
        ServiceModel service = dot < 0 ? null : byTargetPrefix(target.substring(0, dot));
        Optional<OperationModel> found = service == null
                ? Optional.empty()
                : service.operation(target.substring(dot + 1)).filter(op -> served.test(service.signingName(), op.name()));
        if (found.isEmpty()) {
            throw new ServiceException(AwsErrorCode.UNKNOWN_OPERATION, target.isEmpty()
                    ? "The request has no " + TARGET_HEADER + " header"
                    : "Unknown operation '" + shown(target) + "'");
        }
        OperationModel operation = found.get();
        StructValue input = JsonDecoder.decode(operation.input(), body);
        if (operation.input().isPresent()) {
            InputValidator.check(operation.input().get(), input, AwsErrorCode.VALIDATION_EXCEPTION);
        }
        return new DecodedRequest(requireNonNull(service), operation, input);
    }

    private ServiceModel byTargetPrefix(String prefix) {
        for (ServiceModel s : services) {
            if (s.targetPrefix().orElseThrow().equals(prefix)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Encodes a success response: the output members as a JSON object in UTF-8 ({@code {}} for
     * an operation without output).
     *
     * @throws IllegalArgumentException if {@code output} does not fit the operation's output shape
     */
    public byte[] encodeResult(DecodedRequest request, StructValue output) {
        requireNonNull(request, "request is null");
        requireNonNull(output, "output is null");
        return JsonEncoder.result(request.operation(), output);
    }

    /**
     * Encodes an error, {@code {"__type":"<Code>","message":"<Message>"}}, in UTF-8; send it
     * with {@code error.httpStatus()}, {@link #CONTENT_TYPE} and the header
     * {@link #ERROR_TYPE_HEADER}{@code : }{@link #errorType errorType(error)}.
     */
    public byte[] encodeError(ServiceException error) {
        requireNonNull(error, "error is null");
        return JsonEncoder.error(error.errorCode().code(), error.getMessage());
    }

    /** The {@value #ERROR_TYPE_HEADER} header value for {@code error}: its code. */
    public String errorType(ServiceException error) {
        requireNonNull(error, "error is null");
        return error.errorCode().code();
    }

    private static String shown(String target) {
        return target.length() > 128 ? target.substring(0, 128) + "..." : target;
    }
}
