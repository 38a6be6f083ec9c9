package io.charter.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.charter.server.protocol.BlobValue;
import io.charter.server.protocol.BooleanValue;
import io.charter.server.protocol.DoubleValue;
import io.charter.server.protocol.IntegerValue;
import io.charter.server.protocol.ListShape;
import io.charter.server.protocol.ListValue;
import io.charter.server.protocol.LongValue;
import io.charter.server.protocol.MapShape;
import io.charter.server.protocol.MapValue;
import io.charter.server.protocol.Member;
import io.charter.server.protocol.ScalarShape;
import io.charter.server.protocol.Shape;
import io.charter.server.protocol.StringValue;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.StructureShape;
import io.charter.server.protocol.TimestampValue;
import io.charter.server.protocol.Value;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An operation's input or output as CloudTrail writes it in {@code requestParameters} and
 * {@code responseElements}: the members the request or answer had, named in lower camel case
 * ({@code RoleArn} is {@code roleArn}), timestamps as CloudTrail prints them ({@code Dec 8, 2026,
 * 1:15:12 AM}), and never a secret:
 *
 * <ul>
 *   <li>left out, as CloudTrail leaves them out of CreateAccessKey's and AssumeRole's answers and
 *       CreateVirtualMFADevice's: secret access keys, a virtual MFA device's seed and QR code;</li>
 *   <li>written {@value #HIDDEN}, as CloudTrail writes hidden values: every member of a shape the
 *       model marks {@code sensitive} (passwords, private keys, SAML assertions, web identity tokens,
 *       Organizations' account names and emails), session tokens (which CloudTrail itself records,
 *       and Charter does not: a recorded token is a usable credential), passwords, MFA codes, and
 *       any other member whose name says it is a token, a password or a secret.</li>
 * </ul>
 *
 * <p>Stateless; used on the audit log's writer thread.
 */
final class CloudTrailParameters {
    /** What CloudTrail writes in place of a value it keeps out of its records. */
    static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    private static final Set<String> LEFT_OUT = Set.of("SecretAccessKey", "Base32StringSeed", "QRCodePNG");
    private static final Set<String> HIDDEN_MEMBERS = Set.of("AuthenticationCode1", "AuthenticationCode2", "TokenCode",
            "PrivateKey", "AddPrivateKey", "SAMLAssertion", "ServicePassword", "ServiceCredentialSecret");
    /** Tokens that are positions or idempotency keys, not credentials. */
    private static final Set<String> PLAIN_TOKENS = Set.of("NextToken", "ClientToken", "ClientRequestToken",
            "ContinuationToken");
    private static final DateTimeFormatter CLOUDTRAIL_TIME =
            DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    private CloudTrailParameters() {
    }

    /** Writes {@code value} of {@code shape} as a JSON object. */
    static void write(JsonGenerator json, StructureShape shape, StructValue value) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Value> entry : value.members().entrySet()) {
            String name = entry.getKey();
            if (LEFT_OUT.contains(name)) {
                continue;
            }
            Optional<Member> member = shape.member(name);
            json.writeFieldName(lowerCamel(name));
            if (hidden(name, member.map(Member::target))) {
                json.writeString(HIDDEN);
            } else {
                writeValue(json, member.map(Member::target), entry.getValue());
            }
        }
        json.writeEndObject();
    }

    /** Whether a member's value is kept out of the record. */
    static boolean hidden(String name, Optional<Shape> target) {
        if (target.isPresent() && target.get() instanceof ScalarShape scalar && scalar.sensitive()) {
            return true;
        }
        if (HIDDEN_MEMBERS.contains(name) || LEFT_OUT.contains(name)) {
            return true;
        }
        if (PLAIN_TOKENS.contains(name)) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith("token") || lower.contains("password") || lower.contains("secret");
    }

    private static void writeValue(JsonGenerator json, Optional<Shape> shape, Value value) throws IOException {
        switch (value) {
            case StructValue struct -> {
                if (shape.isPresent() && shape.get() instanceof StructureShape structure) {
                    write(json, structure, struct);
                } else {
                    // Not described by the model (never for a decoded value): its members hidden.
                    json.writeStartObject();
                    for (String name : struct.members().keySet()) {
                        json.writeStringField(lowerCamel(name), HIDDEN);
                    }
                    json.writeEndObject();
                }
            }
            case ListValue list -> {
                Optional<Shape> element = shape.filter(ListShape.class::isInstance)
                        .map(s -> ((ListShape) s).member().target());
                json.writeStartArray();
                for (Value v : list.elements()) {
                    writeValue(json, element, v);
                }
                json.writeEndArray();
            }
            case MapValue map -> {
                Optional<Shape> entryShape = shape.filter(MapShape.class::isInstance)
                        .map(s -> ((MapShape) s).value().target());
                json.writeStartObject();
                for (Map.Entry<String, Value> entry : map.entries().entrySet()) {
                    json.writeFieldName(entry.getKey());
                    writeValue(json, entryShape, entry.getValue());
                }
                json.writeEndObject();
            }
            case StringValue s -> json.writeString(s.value());
            case IntegerValue i -> json.writeNumber(i.value());
            case LongValue l -> json.writeNumber(l.value());
            case BooleanValue b -> json.writeBoolean(b.value());
            case DoubleValue d -> json.writeNumber(d.value());
            case TimestampValue t -> json.writeString(CLOUDTRAIL_TIME.format(t.value()));
            case BlobValue b -> json.writeString(Base64.getEncoder().encodeToString(b.value()));
        }
    }

    /** {@code RoleArn} → {@code roleArn}; {@code SAMLAssertion} → {@code sAMLAssertion}, as CloudTrail writes it. */
    static String lowerCamel(String name) {
        if (name.isEmpty() || Character.isLowerCase(name.charAt(0))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
