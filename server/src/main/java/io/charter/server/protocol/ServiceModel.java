package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS service model (STS, IAM, Organizations, EC2, or Charter's own): metadata, operations and shapes, read from
 * the trimmed botocore model bundled at {@code io/charter/server/protocol/models/<name>.json}.
 *
 * <p>Immutable and thread-safe once constructed; load each model once at start.
 */
public final class ServiceModel {
    private final String name;
    private final String apiVersion;
    private final String xmlNamespace;
    private final String protocol;
    private final String signingName;
    private final String endpointPrefix;
    private final Optional<String> jsonVersion;
    private final Optional<String> targetPrefix;
    private final Map<String, OperationModel> operations;
    private final Map<String, Shape> shapes;

    ServiceModel(String name, String apiVersion, String xmlNamespace, String protocol, String signingName,
            String endpointPrefix, Optional<String> jsonVersion, Optional<String> targetPrefix,
            Map<String, OperationModel> operations, Map<String, Shape> shapes) {
        this.name = requireNonNull(name, "name is null");
        this.apiVersion = requireNonNull(apiVersion, "apiVersion is null");
        this.xmlNamespace = requireNonNull(xmlNamespace, "xmlNamespace is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.signingName = requireNonNull(signingName, "signingName is null");
        this.endpointPrefix = requireNonNull(endpointPrefix, "endpointPrefix is null");
        this.jsonVersion = requireNonNull(jsonVersion, "jsonVersion is null");
        this.targetPrefix = requireNonNull(targetPrefix, "targetPrefix is null");
        this.operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }

    /**
     * Loads a bundled model: {@code "sts"}, {@code "iam"}, {@code "organizations"}, {@code "ec2"} or
     * {@code "charter"}.
     *
     * @throws IllegalArgumentException if there is no such model or it is invalid
     */
    public static ServiceModel load(String name) {
        requireNonNull(name, "name is null");
        String resource = "models/" + name + ".json";
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled service model named '" + name + "'");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            return ModelReader.read(name, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service model " + resource, e);
        }
    }

    /** The short name the model was loaded under ({@code sts}, {@code iam}, {@code organizations}). */
    public String name() {
        return name;
    }

    /** The value clients send as {@code Version}, e.g. {@code 2011-06-15}. */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * The XML namespace of every response, e.g. {@code https://sts.amazonaws.com/doc/2011-06-15/};
     * empty for a JSON protocol model, which has no XML.
     */
    public String xmlNamespace() {
        return xmlNamespace;
    }

    /** The model's protocol ({@code query}, {@code json} or {@code ec2}). */
    public String protocol() {
        return protocol;
    }

    /** The SigV4 service name in the credential scope ({@code sts}, {@code iam}). */
    public String signingName() {
        return signingName;
    }

    public String endpointPrefix() {
        return endpointPrefix;
    }

    /** For a {@code json} protocol model: the AWS JSON version ({@code 1.1} in {@code application/x-amz-json-1.1}). */
    public Optional<String> jsonVersion() {
        return jsonVersion;
    }

    /**
     * For a {@code json} protocol model: the prefix of the {@code X-Amz-Target} header
     * ({@code AWSOrganizationsV20161128} in {@code AWSOrganizationsV20161128.CreateAccount}).
     */
    public Optional<String> targetPrefix() {
        return targetPrefix;
    }

    /** Operations by name, in model order. */
    public Map<String, OperationModel> operations() {
        return operations;
    }

    public Optional<OperationModel> operation(String operationName) {
        return Optional.ofNullable(operations.get(operationName));
    }

    /** Shapes by name. */
    public Map<String, Shape> shapes() {
        return shapes;
    }

    public Optional<Shape> shape(String shapeName) {
        return Optional.ofNullable(shapes.get(shapeName));
    }

    @Override
    public String toString() {
        return "ServiceModel[" + name + " " + apiVersion + ", " + operations.size() + " operations]";
    }
}
