package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One operation of a service model.
 *
 * @param resultWrapper the element wrapping the output members; the model's
 *     {@code resultWrapper}, else {@code <Name>Result} (the awsQuery default)
 * @param errors the modeled exception shapes the operation may return
 * @param requiresSignature false for the model's unauthenticated operations
 *     ({@code AssumeRoleWithSAML}, {@code AssumeRoleWithWebIdentity})
 */
public record OperationModel(
        String name,
        Optional<StructureShape> input,
        Optional<StructureShape> output,
        String resultWrapper,
        List<StructureShape> errors,
        boolean requiresSignature) {

    public OperationModel {
        requireNonNull(name, "name is null");
        requireNonNull(input, "input is null");
        requireNonNull(output, "output is null");
        requireNonNull(resultWrapper, "resultWrapper is null");
        errors = List.copyOf(errors);
    }

    /** The root element of a success response: {@code <Name>Response}. */
    public String responseElement() {
        return name + "Response";
    }

    @Override
    public String toString() {
        return "operation " + name;
    }
}
