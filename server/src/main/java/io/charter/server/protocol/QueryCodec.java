package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The AWS Query protocol codec for the services Charter serves (STS and IAM): form parameters in,
 * XML out. Model-driven: what is accepted and produced comes from the bundled AWS models.
 *
 * <h2>Choosing the operation</h2>
 * <ol>
 *   <li>No {@code Action} (or an empty one): {@link AwsErrorCode#MISSING_ACTION}.
 *   <li>The service: the one whose signing name is the SigV4 credential scope's service, when the
 *       request is signed; otherwise (unsigned requests) the service whose model has the action
 *       (if several do, the one whose apiVersion equals {@code Version}, else the first). A scope
 *       naming a service Charter does not serve fails closed with
 *       {@link AwsErrorCode#SIGNATURE_DOES_NOT_MATCH}, in AWS's words
 *       ({@code Credential should be scoped to correct service: 'sts'. }).
 *   <li>An action the service does not have, a {@code Version} other than the model's
 *       apiVersion, or no {@code Version}: {@link AwsErrorCode#INVALID_ACTION},
 *       {@code Could not find operation X for version V} (V is {@code NO_VERSION_SPECIFIED} when
 *       the parameter is absent, as AWS's query front end reports it).
 * </ol>
 * Then the input members are decoded ({@link AwsErrorCode#INVALID_PARAMETER_VALUE} when a value
 * does not convert to its type) and validated ({@link AwsErrorCode#VALIDATION_ERROR}).
 * Parameters the model does not know are ignored, as AWS ignores them.
 *
 * <p>Immutable and thread-safe: build one at start ({@link #of}) and share it.
 */
public final class QueryCodec {
    /** The Content-Type of every response this codec produces. */
    public static final String CONTENT_TYPE = "text/xml";

    static final String NO_VERSION = "NO_VERSION_SPECIFIED";

    private final List<ServiceModel> services;
    private final BiPredicate<String, String> served;

    private QueryCodec(List<ServiceModel> services, BiPredicate<String, String> served) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("at least one service model is needed");
        }
        this.services = List.copyOf(services);
        this.served = requireNonNull(served, "served is null");
    }

    /**
     * This codec, answering {@code InvalidAction} for every operation that {@code served} (given a
     * signing name and an operation name) does not accept: an operation the server does not
     * implement does not exist, whatever the model holds.
     */
    public QueryCodec serving(BiPredicate<String, String> served) {
        return new QueryCodec(services, served);
    }

    /** A codec for the given models; the first one's namespace is used for errors of unknown service. */
    public static QueryCodec of(List<ServiceModel> services) {
        return new QueryCodec(new ArrayList<>(services), (service, operation) -> true);
    }

    public List<ServiceModel> services() {
        return services;
    }

    /** The served model with this short name or signing name ({@code sts}, {@code iam}). */
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
     * @param scopeService the service of the SigV4 credential scope, when the request is signed
     * @throws ServiceException with the AWS error to send back
     */
    public DecodedRequest decode(FormParameters params, Optional<String> scopeService) {
        requireNonNull(params, "params is null");
        requireNonNull(scopeService, "scopeService is null");
        String action = params.first("Action").filter(a -> !a.isEmpty()).orElseThrow(() ->
                new ServiceException(AwsErrorCode.MISSING_ACTION, "The request must contain the parameter Action"));
        Optional<String> version = params.first("Version").filter(v -> !v.isEmpty());

        ServiceModel service = scopeService.isPresent()
                ? scopedService(scopeService.get(), action, version)
                : serviceForAction(action, version);
        OperationModel operation = service.operation(action)
                .filter(op -> version.isPresent() && version.get().equals(service.apiVersion()))
                .filter(op -> served.test(service.signingName(), op.name()))
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_ACTION,
                        "Could not find operation " + action + " for version " + version.orElse(NO_VERSION)));

        StructValue input = StructValue.EMPTY;
        if (operation.input().isPresent()) {
            input = QueryDecoder.decode(operation.input().get(), params);
            InputValidator.check(operation.input().get(), input);
        }
        return new DecodedRequest(service, operation, input);
    }

    /**
     * The service whose {@code Action} (and {@code Version}) the parameters name, for the namespace
     * of an error raised before the request's signature named its service; the first service when
     * they name none.
     */
    public ServiceModel serviceNamedBy(FormParameters params) {
        return params.first("Action")
                .map(action -> serviceForAction(action, params.first("Version").filter(v -> !v.isEmpty())))
                .orElse(services.get(0));
    }

    private ServiceModel scopedService(String scope, String action, Optional<String> version) {
        for (ServiceModel s : services) {
            if (s.signingName().equals(scope)) {
                return s;
            }
        }
        throw new ServiceException(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped to correct service: '" + serviceForAction(action, version).signingName() + "'. ");
    }

    private ServiceModel serviceForAction(String action, Optional<String> version) {
        ServiceModel first = null;
        for (ServiceModel s : services) {
            if (s.operation(action).isPresent()) {
                if (version.isPresent() && version.get().equals(s.apiVersion())) {
                    return s;
                }
                if (first == null) {
                    first = s;
                }
            }
        }
        return first != null ? first : services.get(0);
    }

    /**
     * Encodes a success response ({@code <OpResponse xmlns=…><OpResult>…</OpResult>
     * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>}) as UTF-8.
     *
     * @throws IllegalArgumentException if {@code output} does not fit the operation's output shape
     */
    public byte[] encodeResult(DecodedRequest request, StructValue output, String requestId) {
        requireNonNull(request, "request is null");
        requireNonNull(output, "output is null");
        requireNonNull(requestId, "requestId is null");
        return QueryEncoder.result(request.service().xmlNamespace(), request.operation(), output, requestId);
    }

    /** The shape of IAM's {@code ServiceFailure} in a model that declares it. */
    private static final String SERVICE_FAILURE_SHAPE = "ServiceFailureException";

    /**
     * Encodes an error envelope ({@code <ErrorResponse xmlns=…><Error><Type/><Code/><Message/>
     * </Error><RequestId/></ErrorResponse>}) as UTF-8; send it with {@code error.httpStatus()}.
     *
     * @param service the service the request was for, or null when it is not known (the first
     *     served service's namespace is used)
     */
    public byte[] encodeError(ServiceModel service, ServiceException error, String requestId) {
        requireNonNull(error, "error is null");
        requireNonNull(requestId, "requestId is null");
        ServiceModel named = service != null ? service : services.get(0);
        String namespace = named.xmlNamespace();
        AwsErrorCode code = error.errorCode();
        if (code == AwsErrorCode.SERVICE_FAILURE && named.shape(SERVICE_FAILURE_SHAPE).isEmpty()) {
            // IAM's server failure; a Query service whose model lacks it (STS) answers the common one.
            code = AwsErrorCode.INTERNAL_FAILURE;
        }
        return QueryEncoder.error(namespace, code.fault(), code.code(), error.getMessage(), requestId);
    }
}
