package io.charter.server.service;

import static java.util.Objects.requireNonNull;

import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.WireProtocol;
import java.util.List;
import java.util.Set;

/**
 * One service Charter serves, as data: its AWS service model (which names the service's signing
 * name, endpoint prefix and wire protocol), what temporary credentials may call in it, and its
 * operations. The {@link ServiceRegistry} derives everything else from descriptors: the codecs,
 * the services the signature verifier accepts, the operation table.
 *
 * <p>Adding a service is: its model file (under {@code protocol/models/}), a descriptor, and its
 * operations.
 */
public record ServiceDescriptor(ServiceModel model, SessionRules sessionRules, List<Operation> operations,
        Set<String> instanceOperations) {
    /**
     * @param instanceOperations the operations a registered instance's own credential may call
     *     (the instance calls); it may call nothing else
     * @throws IllegalArgumentException for a model of a protocol no codec here serves
     */
    public ServiceDescriptor {
        requireNonNull(model, "model is null");
        requireNonNull(sessionRules, "sessionRules is null");
        operations = List.copyOf(operations);
        instanceOperations = Set.copyOf(instanceOperations);
        WireProtocol.of(model);
    }

    /** A service no instance credential may call. */
    public ServiceDescriptor(ServiceModel model, SessionRules sessionRules, List<Operation> operations) {
        this(model, sessionRules, operations, Set.of());
    }

    /** The SigV4 service name of the credential scope ({@code iam}, {@code sts}, ...). */
    public String signingName() {
        return model.signingName();
    }

    /** The host prefix AWS serves the service under ({@code iam}, {@code sts}, ...). */
    public String endpointPrefix() {
        return model.endpointPrefix();
    }

    public WireProtocol protocol() {
        return WireProtocol.of(model);
    }
}
