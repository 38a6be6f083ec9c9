package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a record type to a structure shape of a service model, so that operations read typed
 * requests and return typed results while the codecs keep the value tree: {@link #read} turns a
 * decoded {@link StructValue} into the record, {@link #write} a record into the value the codec
 * renders.
 *
 * <p>Each record component binds to the member of the same name, compared case-insensitively
 * ({@code roleArn} to {@code RoleArn}, {@code mfaDevices} to {@code MFADevices}). Java types map
 * to model types: {@code String} to string, {@code int}/{@code Integer} to integer,
 * {@code long}/{@code Long} to long, {@code boolean}/{@code Boolean} to boolean, {@code double} to
 * double and float, {@link Instant} to timestamp, {@code byte[]} to blob, a record to a
 * structure, {@code List<T>} to a list and {@code Map<String, T>} to a map; {@code Optional<T>} for
 * a member that may be absent.
 *
 * <p>A binding is checked when it is made (when the server registers its operations): a
 * component naming no member, or a type the member's shape does not carry, fails the start. A
 * request record must bind every member of its shape, so that no parameter a client sends is
 * silently dropped, and a member the model does not require must be an {@code Optional} (or a
 * list or map, empty when absent), so a record read never holds a null. For results, an empty
 * {@code Optional} leaves its member out; a list is always written, empty or not.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordBinding<R extends Record> {
    /** Which way a binding is used: requests must say which members may be absent. */
    private enum Direction {
        INPUT,
        OUTPUT
    }

    private final Class<R> type;
    private final Constructor<R> constructor;
    private final Component[] components;
    /** The one value of a record without components (read on every call of operations without input). */
    private final R empty;

    private RecordBinding(Class<R> type, Constructor<R> constructor, Component[] components) {
        this.type = type;
        this.constructor = constructor;
        this.components = components;
        this.empty = components.length == 0 ? construct(new Object[0]) : null;
    }

    /**
     * The binding of an operation's request record to its input shape (none: a record without components).
     *
     * @throws IllegalStateException when the record does not fit the shape
     */
    public static <R extends Record> RecordBinding<R> input(Class<R> type, Optional<StructureShape> shape) {
        return of(type, shape, Direction.INPUT);
    }

    /**
     * The binding of an operation's result record to its output shape (none: a record without components).
     *
     * @throws IllegalStateException when the record does not fit the shape
     */
    public static <R extends Record> RecordBinding<R> output(Class<R> type, Optional<StructureShape> shape) {
        return of(type, shape, Direction.OUTPUT);
    }

    private static <R extends Record> RecordBinding<R> of(Class<R> type, Optional<StructureShape> shape,
            Direction direction) {
        requireNonNull(type, "type is null");
        requireNonNull(shape, "shape is null");
        if (shape.isEmpty()) {
            if (type.getRecordComponents().length > 0) {
                throw new IllegalStateException(type.getName() + " has components, but its operation has no "
                        + direction.name().toLowerCase(Locale.ROOT) + " shape");
            }
            return bind(type, List.of(), direction);
        }
        return bind(type, shape.get(), direction);
    }

    private static <R extends Record> RecordBinding<R> bind(Class<R> type, StructureShape shape, Direction direction) {
        return bind(type, shape.members(), direction, shape.name());
    }

    private static <R extends Record> RecordBinding<R> bind(Class<R> type, List<Member> members, Direction direction) {
        return bind(type, members, direction, "(none)");
    }

    private static <R extends Record> RecordBinding<R> bind(Class<R> type, List<Member> members, Direction direction,
            String shapeName) {
        RecordComponent[] recordComponents = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[recordComponents.length];
        Component[] components = new Component[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++) {
            RecordComponent rc = recordComponents[i];
            parameterTypes[i] = rc.getType();
            Member member = member(members, rc.getName()).orElseThrow(() -> new IllegalStateException(
                    "component " + rc.getName() + " of " + type.getName() + " names no member of shape " + shapeName));
            String where = type.getName() + "." + rc.getName();
            Type javaType = rc.getGenericType();
            boolean optional = raw(javaType) == Optional.class;
            Type valueType = optional ? argument(javaType, 0, where) : javaType;
            if (direction == Direction.INPUT) {
                boolean emptyWhenAbsent = raw(valueType) == List.class || raw(valueType) == Map.class;
                if (member.required() && optional) {
                    throw new IllegalStateException(where + " is Optional, but member " + member.name() + " is required");
                }
                if (!member.required() && !optional && !emptyWhenAbsent) {
                    throw new IllegalStateException(where + " must be Optional: member " + member.name()
                            + " may be absent");
                }
            }
            Method accessor = rc.getAccessor();
            accessor.setAccessible(true);
            components[i] = new Component(member.name(), accessor, optional,
                    converter(valueType, member.target(), direction, where));
        }
        if (direction == Direction.INPUT) {
            for (Member member : members) {
                boolean bound = false;
                for (RecordComponent rc : recordComponents) {
                    bound |= rc.getName().equalsIgnoreCase(member.name());
                }
                if (!bound) {
                    throw new IllegalStateException(type.getName() + " binds no component to member " + member.name()
                            + " of shape " + shapeName + ": a parameter a client sends would be dropped");
                }
            }
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return new RecordBinding<>(type, constructor, components);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
    }

    private static Optional<Member> member(List<Member> members, String componentName) {
        Member found = null;
        for (Member member : members) {
            if (member.name().equalsIgnoreCase(componentName)) {
                if (found != null) {
                    throw new IllegalStateException("component " + componentName + " matches members " + found.name()
                            + " and " + member.name());
                }
                found = member;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The record a decoded value holds. */
    public R read(StructValue value) {
        if (empty != null) {
            return empty;
        }
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Component component = components[i];
            Value member = value.members().get(component.member);
            if (member == null) {
                arguments[i] = component.optional ? Optional.empty() : component.converter.absent();
            } else {
                Object converted = component.converter.read(member);
                arguments[i] = component.optional ? Optional.of(converted) : converted;
            }
        }
        return construct(arguments);
    }

    private R construct(Object[] arguments) {
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** The value the codec renders for a record. */
    public StructValue write(R record) {
        requireNonNull(record, "record is null");
        if (components.length == 0) {
            return StructValue.EMPTY;
        }
        StructValue.Builder out = StructValue.builder();
        for (Component component : components) {
            Object value = component.get(record);
            if (component.optional) {
                Optional<?> present = (Optional<?>) value;
                if (present.isEmpty()) {
                    continue;
                }
                value = present.get();
            }
            out.put(component.member, component.converter.write(value));
        }
        return out.build();
    }

    /** One record component and the member it binds to. */
    private record Component(String member, Method accessor, boolean optional, Converter converter) {
        Object get(Record record) {
            try {
                return accessor.invoke(record);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
        }
    }

    /** Converts one Java type to and from the values of one shape. */
    private interface Converter {
        Object read(Value value);

        Value write(Object value);

        /** What an absent member reads as when the component is not Optional: an empty list or map. */
        default Object absent() {
            throw new IllegalStateException("a required member is absent");
        }
    }

    private static Converter converter(Type javaType, Shape shape, Direction direction, String where) {
        Class<?> raw = raw(javaType);
        if (raw == List.class) {
            ListShape list = expect(shape, ListShape.class, where);
            Converter element = converter(argument(javaType, 0, where), list.member().target(), direction, where + "[]");
            return new Converter() {
                @Override
                public Object read(Value value) {
                    List<Value> elements = ((ListValue) value).elements();
                    Object[] out = new Object[elements.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = element.read(elements.get(i));
                    }
                    return List.of(out);
                }

                @Override
                public Value write(Object value) {
                    List<?> elements = (List<?>) value;
                    List<Value> out = new ArrayList<>(elements.size());
                    for (Object e : elements) {
                        out.add(element.write(e));
                    }
                    return new ListValue(out);
                }

                @Override
                public Object absent() {
                    return List.of();
                }
            };
        }
        if (raw == Map.class) {
            MapShape map = expect(shape, MapShape.class, where);
            if (argument(javaType, 0, where) != String.class) {
                throw new IllegalStateException(where + " must be a map with String keys");
            }
            Converter element = converter(argument(javaType, 1, where), map.value().target(), direction, where + "{}");
            return new Converter() {
                @Override
                public Object read(Value value) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    ((MapValue) value).entries().forEach((k, v) -> out.put(k, element.read(v)));
                    return Collections.unmodifiableMap(out);
                }

                @Override
                public Value write(Object value) {
                    Map<String, Value> out = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, element.write(v)));
                    return new MapValue(out);
                }

                @Override
                public Object absent() {
                    return Map.of();
                }
            };
        }
        if (raw.isRecord()) {
            StructureShape structure = expect(shape, StructureShape.class, where);
            RecordBinding<?> nested = bind(raw.asSubclass(Record.class), structure, direction);
            return new Converter() {
                @Override
                public Object read(Value value) {
                    return nested.read((StructValue) value);
                }

                @Override
                public Value write(Object value) {
                    return nested.writeUnchecked(value);
                }
            };
        }
        return scalar(raw, shape, where);
    }

    @SuppressWarnings("unchecked")
    private StructValue writeUnchecked(Object record) {
        return write((R) record);
    }

    private static Converter scalar(Class<?> raw, Shape shape, String where) {
        ShapeType type = shape.type();
        if (raw == String.class && type == ShapeType.STRING) {
            return scalar(v -> ((StringValue) v).value(), o -> new StringValue((String) o));
        }
        if ((raw == Integer.class || raw == int.class) && type == ShapeType.INTEGER) {
            return scalar(v -> ((IntegerValue) v).value(), o -> new IntegerValue((Integer) o));
        }
        if ((raw == Long.class || raw == long.class) && type == ShapeType.LONG) {
            return scalar(v -> ((LongValue) v).value(), o -> new LongValue((Long) o));
        }
        if ((raw == Boolean.class || raw == boolean.class) && type == ShapeType.BOOLEAN) {
            return scalar(v -> ((BooleanValue) v).value(), o -> new BooleanValue((Boolean) o));
        }
        if ((raw == Double.class || raw == double.class) && (type == ShapeType.DOUBLE || type == ShapeType.FLOAT)) {
            return scalar(v -> ((DoubleValue) v).value(), o -> new DoubleValue((Double) o));
        }
        if (raw == Instant.class && type == ShapeType.TIMESTAMP) {
            return scalar(v -> ((TimestampValue) v).value(), o -> new TimestampValue((Instant) o));
        }
        if (raw == byte[].class && type == ShapeType.BLOB) {
            return scalar(v -> ((BlobValue) v).value(), o -> new BlobValue((byte[]) o));
        }
        throw new IllegalStateException(where + " is a " + raw.getSimpleName() + ", which does not carry the "
                + type.modelName() + " shape " + shape.name());
    }

    private static Converter scalar(Function<Value, Object> read, Function<Object, Value> write) {
        return new Converter() {
            @Override
            public Object read(Value value) {
                return read.apply(value);
            }

            @Override
            public Value write(Object value) {
                return write.apply(value);
            }
        };
    }

    private static <S extends Shape> S expect(Shape shape, Class<S> kind, String where) {
        if (!kind.isInstance(shape)) {
            throw new IllegalStateException(where + " does not fit the " + shape.type().modelName() + " shape "
                    + shape.name());
        }
        return kind.cast(shape);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException("unsupported component type " + type);
    }

    private static Type argument(Type type, int index, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException(where + " must give its type argument");
    }
}
