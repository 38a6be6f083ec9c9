package io.charter.server.service;

import static java.util.Objects.requireNonNull;

import io.charter.server.protocol.Ec2Codec;
import io.charter.server.protocol.JsonCodec;
import io.charter.server.protocol.OperationModel;
import io.charter.server.protocol.QueryCodec;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services of one server and their operations, checked when the server starts: every
 * registered operation must exist in its service's model (a misspelt name fails the start instead
 * of being silently unreachable), once, and so must every operation the session rules name. A
 * service may register no operation yet (its every call is then an unknown action). From
 * it derive the codecs (an operation not registered does not exist), the services the signature
 * verifier accepts, and the operation table the endpoint dispatches on.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceRegistry {
    /** A registered operation: its service, its name and its body bound to the model. */
    public record Registered(ServiceDescriptor service, String name, Operation.Body body) {
        public Registered {
            requireNonNull(service, "service is null");
            requireNonNull(name, "name is null");
            requireNonNull(body, "body is null");
        }
    }

    private final List<ServiceDescriptor> services;
    private final Map<String, Map<String, Registered>> operations;
    /** Empty when no service speaks the protocol. */
    private final Optional<QueryCodec> queryCodec;
    private final Optional<JsonCodec> jsonCodec;
    private final Optional<Ec2Codec> ec2Codec;

    private ServiceRegistry(List<ServiceDescriptor> services, Map<String, Map<String, Registered>> operations) {
        this.services = services;
        this.operations = operations;
        List<ServiceModel> query = models(services, WireProtocol.AWS_QUERY);
        List<ServiceModel> json = models(services, WireProtocol.AWS_JSON_1_1);
        List<ServiceModel> ec2 = models(services, WireProtocol.EC2);
        if (ec2.size() > 1) {
            throw new IllegalStateException("only one service can speak the EC2 protocol; these do: "
                    + ec2.stream().map(ServiceModel::name).toList());
        }
        this.queryCodec = query.isEmpty() ? Optional.empty() : Optional.of(QueryCodec.of(query).serving(this::serves));
        this.jsonCodec = json.isEmpty() ? Optional.empty() : Optional.of(JsonCodec.of(json).serving(this::serves));
        this.ec2Codec = ec2.stream().findFirst().map(model -> Ec2Codec.of(model).serving(this::serves));
    }

    /**
     * Registers the services, in the order given (the Query codec tries them in that order; the
     * first one's namespace answers errors of no known service).
     *
     * @throws IllegalStateException for a service registered twice, an operation its model does not
     *     have or registered twice, or session rules naming an operation the service does not register
     */
    public static ServiceRegistry of(List<ServiceDescriptor> services) {
        Map<String, Map<String, Registered>> bySigningName = new LinkedHashMap<>();
        for (ServiceDescriptor service : services) {
            String signingName = service.signingName();
            if (bySigningName.containsKey(signingName)) {
                throw new IllegalStateException("the service " + signingName + " is registered twice");
            }
            Map<String, Registered> byName = new HashMap<>();
            for (Operation operation : service.operations()) {
                OperationModel model = service.model().operation(operation.name()).orElseThrow(() ->
                        new IllegalStateException("the service " + signingName + " registers the operation '"
                                + operation.name() + "', which its model '" + service.model().name() + "' does not have"));
                Registered registered = new Registered(service, operation.name(), operation.bind(model));
                if (byName.put(operation.name(), registered) != null) {
                    throw new IllegalStateException("the service " + signingName + " registers the operation "
                            + operation.name() + " twice");
                }
            }
            for (SessionRules.Access access : List.of(service.sessionRules().userSession(),
                    service.sessionRules().federatedUser())) {
                if (access instanceof SessionRules.Access.Only only) {
                    for (String name : only.operations()) {
                        if (!byName.containsKey(name)) {
                            throw new IllegalStateException("the session rules of " + signingName + " name the operation '"
                                    + name + "', which the service does not register");
                        }
                    }
                }
            }
            for (String name : service.instanceOperations()) {
                if (!byName.containsKey(name)) {
                    throw new IllegalStateException("the service " + signingName + " lets instances call '" + name
                            + "', which it does not register");
                }
            }
            bySigningName.put(signingName, Map.copyOf(byName));
        }
        return new ServiceRegistry(List.copyOf(services), Map.copyOf(bySigningName));
    }

    /** The registered operation of the service with this signing name. */
    public Optional<Registered> operation(String signingName, String name) {
        Map<String, Registered> byName = operations.get(signingName);
        return byName == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** Whether the service with this signing name registers this operation. */
    public boolean serves(String signingName, String name) {
        Map<String, Registered> byName = operations.get(signingName);
        return byName != null && byName.containsKey(name);
    }

    /** The signing names of the services, in registration order: the credential scopes the verifier accepts. */
    public Set<String> signingNames() {
        Set<String> names = new LinkedHashSet<>();
        services.forEach(s -> names.add(s.signingName()));
        return names;
    }

    public List<ServiceDescriptor> services() {
        return services;
    }

    /** The AWS Query codec for the Query services, answering {@code InvalidAction} for what is not registered. */
    public QueryCodec queryCodec() {
        return queryCodec.orElseThrow(() -> new IllegalStateException("no registered service speaks AWS Query"));
    }

    /** The AWS JSON 1.1 codec for the JSON services, answering {@code UnknownOperationException} for what is not registered. */
    public JsonCodec jsonCodec() {
        return jsonCodec.orElseThrow(() -> new IllegalStateException("no registered service speaks AWS JSON 1.1"));
    }

    /**
     * The EC2 protocol codec, answering {@code InvalidAction} for what is not registered; empty when
     * no registered service speaks it.
     */
    public Optional<Ec2Codec> ec2Codec() {
        return ec2Codec;
    }

    private static List<ServiceModel> models(List<ServiceDescriptor> services, WireProtocol protocol) {
        List<ServiceModel> models = new ArrayList<>();
        for (ServiceDescriptor service : services) {
            if (service.protocol() == protocol) {
                models.add(service.model());
            }
        }
        return models;
    }
}
