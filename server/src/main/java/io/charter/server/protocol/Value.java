package io.charter.server.protocol;

/**
 * A typed value decoded from, or to be encoded into, the AWS Query protocol. The family mirrors
 * the model's shape types; every value is immutable.
 */
public sealed interface Value
        permits StructValue, ListValue, MapValue, StringValue, IntegerValue, LongValue, BooleanValue,
                DoubleValue, TimestampValue, BlobValue {

    /** The value as AWS renders it inside validation messages ({@code Value '…' at …}). */
    String render();
}
