package io.charter.server.protocol;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.Map;

/**
 * Checks a decoded EC2 input against its shape, EC2's way: the first problem fails the request
 * (EC2 reports one), a required parameter missing as {@code MissingParameter}
 * ({@code The request must contain the parameter InstanceId}), a value outside its enum or range
 * as {@code InvalidParameterValue}. Parameters are named as the client sent them
 * ({@link Member#ec2InputName()}, dotted, list elements by their index from 1). Stateless.
 */
final class Ec2InputCheck {
    private Ec2InputCheck() {
    }

    static void check(StructureShape shape, StructValue value) {
        struct(shape, value, "");
    }

    private static void struct(StructureShape shape, StructValue value, String path) {
        Map<String, Value> members = value.members();
        for (Member m : shape.members()) {
            String name = path.isEmpty() ? m.ec2InputName() : path + "." + m.ec2InputName();
            Value v = members.get(m.name());
            if (v == null) {
                if (m.required()) {
                    throw new ServiceException(AwsErrorCode.MISSING_PARAMETER,
                            "The request must contain the parameter " + name);
                }
                continue;
            }
            value(m.target(), v, name);
        }
    }

    private static void value(Shape shape, Value v, String name) {
        switch (shape) {
            case StructureShape s -> {
                if (v instanceof StructValue sv) {
                    struct(s, sv, name);
                }
            }
            case ListShape l -> {
                if (v instanceof ListValue lv) {
                    for (int i = 0; i < lv.size(); i++) {
                        value(l.member().target(), lv.elements().get(i), name + "." + (i + 1));
                    }
                }
            }
            case MapShape m -> {
                if (v instanceof MapValue mv) {
                    for (Value e : mv.entries().values()) {
                        value(m.value().target(), e, name);
                    }
                }
            }
            case ScalarShape s -> scalar(s, v, name);
        }
    }

    private static void scalar(ScalarShape shape, Value v, String name) {
        if (v instanceof StringValue s && !shape.enumValues().isEmpty() && !shape.enumValues().contains(s.value())) {
            throw invalid(s.value(), name, "Valid values: " + String.join(", ", shape.enumValues()) + ".");
        }
        long number;
        if (v instanceof IntegerValue i) {
            number = i.value();
        } else if (v instanceof LongValue l) {
            number = l.value();
        } else {
            return;
        }
        boolean low = shape.min().isPresent() && number < shape.min().getAsLong();
        boolean high = shape.max().isPresent() && number > shape.max().getAsLong();
        if (low || high) {
            String range = shape.min().isPresent() && shape.max().isPresent()
                    ? "between " + shape.min().getAsLong() + " and " + shape.max().getAsLong()
                    : low ? "at least " + shape.min().getAsLong() : "at most " + shape.max().getAsLong();
            throw invalid(Long.toString(number), name, "It must be " + range + ".");
        }
    }

    private static ServiceException invalid(String value, String name, String expected) {
        return new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                "Value (" + Ec2Codec.shown(value) + ") for parameter " + name + " is invalid. " + expected);
    }
}
