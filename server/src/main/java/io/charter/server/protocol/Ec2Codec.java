package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.function.BiPredicate;

/**
 * The EC2 query protocol codec (botocore's {@code ec2}): form parameters in, as the AWS Query
 * protocol, but named by EC2's rules ({@link QueryDecoder#decodeEc2}); XML out without a result
 * wrapper, and EC2's own error envelope. Model-driven, from the bundled trimmed EC2 model.
 *
 * <h2>Choosing the operation</h2>
 * <ol>
 *   <li>No {@code Action} (or an empty one): {@link AwsErrorCode#MISSING_ACTION}.
 *   <li>An action the model lacks or the server does not serve: {@link AwsErrorCode#INVALID_ACTION},
 *       in EC2's words ({@code The action X is not valid for this web service.}).
 *   <li>No {@code Version}: {@link AwsErrorCode#MISSING_PARAMETER}; a {@code Version} other than the
 *       model's apiVersion: {@link AwsErrorCode#INVALID_PARAMETER_VALUE}. (EC2 also serves older API
 *       versions; Charter serves the one whose shapes it writes, and says so.)
 * </ol>
 * Then the input is decoded and checked ({@link Ec2InputCheck}): a required parameter missing is
 * {@code MissingParameter}, a value outside its constraints {@code InvalidParameterValue}.
 * Parameters the model does not know are ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ec2Codec {
    /** The Content-Type of every response: EC2's. */
    public static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    private final ServiceModel model;
    private final String namespace;
    private final BiPredicate<String, String> served;

    private Ec2Codec(ServiceModel model, BiPredicate<String, String> served) {
        this.model = requireNonNull(model, "model is null");
        if (!ModelReader.EC2_PROTOCOL.equals(model.protocol())) {
            throw new IllegalArgumentException("service model '" + model.name() + "' is not of the ec2 protocol");
        }
        // The model's namespace lacks the trailing slash EC2's responses carry.
        String ns = model.xmlNamespace();
        this.namespace = ns.endsWith("/") ? ns : ns + "/";
        this.served = requireNonNull(served, "served is null");
    }

    /** A codec for an EC2 protocol model, serving every operation of it. */
    public static Ec2Codec of(ServiceModel model) {
        return new Ec2Codec(model, (service, operation) -> true);
    }

    /**
     * This codec, answering {@code InvalidAction} for every operation that {@code served} (given a
     * signing name and an operation name) does not accept.
     */
    public Ec2Codec serving(BiPredicate<String, String> served) {
        return new Ec2Codec(model, served);
    }

    public ServiceModel service() {
        return model;
    }

    /** The namespace of success responses, {@code http://ec2.amazonaws.com/doc/2016-11-15/}. */
    public String namespace() {
        return namespace;
    }

    /**
     * Decodes and checks one request.
     *
     * @throws ServiceException with the AWS error to send back
     */
    public DecodedRequest decode(FormParameters params) {
        requireNonNull(params, "params is null");
        String action = params.first("Action").filter(a -> !a.isEmpty()).orElseThrow(() ->
                new ServiceException(AwsErrorCode.MISSING_ACTION, "The request must contain the parameter Action"));
        OperationModel operation = model.operation(action)
                .filter(op -> served.test(model.signingName(), op.name()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_ACTION,
                        "The action " + action + " is not valid for this web service."));
        String version = params.first("Version").filter(v -> !v.isEmpty()).orElseThrow(() ->
                new ServiceException(AwsErrorCode.MISSING_PARAMETER, "The request must contain the parameter Version"));
        if (!version.equals(model.apiVersion())) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE, "Version " + shown(version)
                    + " is not served: Charter serves the EC2 API version " + model.apiVersion() + ".");
        }
        StructValue input = StructValue.EMPTY;
        if (operation.input().isPresent()) {
            input = QueryDecoder.decodeEc2(operation.input().get(), params);
            Ec2InputCheck.check(operation.input().get(), input);
        }
        return new DecodedRequest(model, operation, input);
    }

    /**
     * Encodes a success response as UTF-8.
     *
     * @throws IllegalArgumentException if {@code output} does not fit the operation's output shape
     */
    public byte[] encodeResult(DecodedRequest request, StructValue output, String requestId) {
        requireNonNull(request, "request is null");
        requireNonNull(output, "output is null");
        requireNonNull(requestId, "requestId is null");
        return QueryEncoder.ec2Result(namespace, request.operation(), output, requestId);
    }

    /**
     * Encodes an error envelope as UTF-8, the code as given (rename it first with
     * {@link WireProtocol#named}); send it with {@code error.httpStatus()}.
     */
    public byte[] encodeError(ServiceException error, String requestId) {
        requireNonNull(error, "error is null");
        requireNonNull(requestId, "requestId is null");
        return QueryEncoder.ec2Error(error.errorCode().code(), error.getMessage(), requestId);
    }

    static String shown(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
