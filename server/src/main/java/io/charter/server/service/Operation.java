package io.charter.server.service;

import static java.util.Objects.requireNonNull;

import io.charter.server.auth.OperationContext;
import io.charter.server.protocol.OperationModel;
import io.charter.server.protocol.RecordBinding;
import io.charter.server.protocol.StructValue;

/**
 * One operation of a service: its name, as the service model spells it, and its body. A body reads
 * the input and returns the output (typed: a request record in, a result record out, bound to the
 * model's shapes by {@link RecordBinding}; or the codec's value tree); it authorizes what it does with the
 * {@link io.charter.server.auth.Authorizer}, reads the request's pinned snapshot
 * ({@link OperationContext#snapshot()}), changes state only through the domain layer, and never
 * sees HTTP, SQL or the store. It fails with {@link io.charter.server.error.ServiceException}s
 * carrying AWS's codes.
 *
 * <p>An operation is bound to its model when its service is registered ({@link ServiceRegistry}),
 * which fails the start for a name the model lacks.
 */
public sealed interface Operation permits Operation.Typed, Operation.Untyped {
    /** The operation name, as in the model (the Query protocol's {@code Action}). */
    String name();

    /** This operation's body, bound to its model. */
    Body bind(OperationModel model);

    /** A body over the decoded value tree: the codec's input in, a value for the codec to render out. */
    @FunctionalInterface
    interface Body {
        StructValue handle(OperationContext context, StructValue input);
    }

    /** A typed body: a request record in, a result record out. */
    @FunctionalInterface
    interface TypedBody<I extends Record, O extends Record> {
        O handle(OperationContext context, I input);
    }

    /** An operation from its name and a body over the value tree. */
    static Operation of(String name, Body body) {
        return new Untyped(name, body);
    }

    /**
     * A typed operation: its body reads an {@code input} record and returns an {@code output}
     * record ({@link NoResult} for an operation without output).
     */
    static <I extends Record, O extends Record> Operation of(String name, Class<I> input, Class<O> output,
            TypedBody<I, O> body) {
        return new Typed<>(name, input, output, body);
    }

    /** An operation whose body reads and returns records bound to the model's shapes. */
    record Typed<I extends Record, O extends Record>(String name, Class<I> input, Class<O> output, TypedBody<I, O> body)
            implements Operation {
        public Typed {
            requireNonNull(name, "name is null");
            requireNonNull(input, "input is null");
            requireNonNull(output, "output is null");
            requireNonNull(body, "body is null");
        }

        /** Binds the records to the operation's shapes; a record that does not fit fails the start. */
        @Override
        public Body bind(OperationModel model) {
            RecordBinding<I> in = RecordBinding.input(input, model.input());
            RecordBinding<O> out = RecordBinding.output(output, model.output());
            return (context, value) -> out.write(body.handle(context, in.read(value)));
        }
    }

    /** An operation whose body reads and writes the value tree. */
    record Untyped(String name, Body body) implements Operation {
        public Untyped {
            requireNonNull(name, "name is null");
            requireNonNull(body, "body is null");
        }

        @Override
        public Body bind(OperationModel model) {
            return body;
        }
    }
}
