package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The AWS JSON 1.1 codec against the real Organizations model, with botocore on both sides:
 * botocore's {@code JSONSerializer} builds the requests Charter decodes, and botocore's
 * {@code JSONParser} reads the responses and errors Charter encodes.
 */
class OrganizationsJsonCodecTest {
    private static final JsonCodec CODEC = TestSupport.organizationsAndCharter();
    private static final ServiceModel ORGANIZATIONS = CODEC.service("organizations").orElseThrow();
    private static final String PREFIX = "AWSOrganizationsV20161128.";

    private static final String ORG_ID = "o-exampleorgid";
    private static final String ACCOUNT_ARN = "arn:aws:organizations::111111111111:account/" + ORG_ID + "/222222222222";

    private static DecodedRequest decode(String operation, String body) {
        return CODEC.decode(PREFIX + operation, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ServiceException decodeError(String operation, String body) {
        return assertThrows(ServiceException.class, () -> decode(operation, body));
    }

    @Test
    void bundledModelIsAwsJson11() {
        assertEquals("json", ORGANIZATIONS.protocol());
        assertEquals(Optional.of("1.1"), ORGANIZATIONS.jsonVersion());
        assertEquals(Optional.of("AWSOrganizationsV20161128"), ORGANIZATIONS.targetPrefix());
        assertEquals("organizations", ORGANIZATIONS.signingName());
        assertEquals("2016-11-28", ORGANIZATIONS.apiVersion());
        assertEquals("", ORGANIZATIONS.xmlNamespace());
        assertEquals(63, ORGANIZATIONS.operations().size());
        for (ServiceModel query : TestSupport.stsAndIam().services()) {
            assertEquals(Optional.empty(), query.targetPrefix(), query.name());
            assertEquals(Optional.empty(), query.jsonVersion(), query.name());
        }
        StructureShape serviceException = (StructureShape) ORGANIZATIONS.shape("ServiceException").orElseThrow();
        assertEquals(500, serviceException.errorHttpStatus(), "a server fault without a status is a 500");
        Member joined = ((StructureShape) ORGANIZATIONS.shape("Account").orElseThrow()).member("JoinedTimestamp")
                .orElseThrow();
        assertEquals(TimestampFormat.UNIX_SECONDS, joined.timestampFormat(), "JSON timestamps default to epoch seconds");
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.of(List.of(ServiceModel.load("sts"))));
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.of(List.of(ORGANIZATIONS, ORGANIZATIONS)));
    }

    @Test
    void errorsOfTheAccountOperationsHaveCodesWithTheModelsStatus() {
        for (String name : List.of("CreateAccount", "DescribeCreateAccountStatus", "ListAccounts", "DescribeAccount",
                "DescribeOrganization")) {
            OperationModel op = ORGANIZATIONS.operation(name).orElseThrow();
            assertFalse(op.errors().isEmpty(), name);
            for (StructureShape error : op.errors()) {
                AwsErrorCode code = TestSupport.errorCode(error.errorCode().orElseThrow())
                        .orElseThrow(() -> new AssertionError("no AwsErrorCode for " + error.name()));
                assertEquals(error.errorHttpStatus(), code.httpStatus(), code.code());
            }
        }
        assertEquals(500, AwsErrorCode.ORGANIZATIONS_SERVICE_EXCEPTION.httpStatus());
        assertEquals(AwsErrorCode.Fault.RECEIVER, AwsErrorCode.ORGANIZATIONS_SERVICE_EXCEPTION.fault());
        assertEquals(400, AwsErrorCode.VALIDATION_EXCEPTION.httpStatus());
        assertEquals(400, AwsErrorCode.UNKNOWN_OPERATION.httpStatus());
        assertEquals(400, AwsErrorCode.SERIALIZATION_EXCEPTION.httpStatus());
    }

    @Test
    void botocoreRequestsDecodeToTypedValues() {
        Map<String, JsonNode> wire = botocore(List.of(
                serialize("create", "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\","
                        + "\"RoleName\":\"OrganizationAccountAccessRole\",\"IamUserAccessToBilling\":\"DENY\","
                        + "\"Tags\":[{\"Key\":\"team\",\"Value\":\"platform\"},{\"Key\":\"cost-centre\",\"Value\":\"\"}]}", true),
                serialize("status", "DescribeCreateAccountStatus",
                        "{\"CreateAccountRequestId\":\"car-0123456789abcdef\"}", true),
                serialize("list", "ListAccounts", "{\"NextToken\":\"token/with+chars==\",\"MaxResults\":20}", true),
                serialize("listAll", "ListAccounts", "{}", true),
                serialize("account", "DescribeAccount", "{\"AccountId\":\"222222222222\"}", true),
                serialize("org", "DescribeOrganization", "{}", true)));

        for (JsonNode w : wire.values()) {
            assertEquals("POST", w.get("method").asText());
            assertEquals("/", w.get("url_path").asText());
            assertEquals(JsonCodec.CONTENT_TYPE, w.get("contentType").asText());
            assertTrue(w.get("target").asText().startsWith(PREFIX), w.toString());
        }

        DecodedRequest create = decodeWire(wire.get("create"));
        assertEquals(ORGANIZATIONS, create.service());
        assertEquals("CreateAccount", create.operation().name());
        StructValue in = create.input();
        assertEquals("dev@example.com", in.string("Email"));
        assertEquals("dev", in.string("AccountName"));
        assertEquals("OrganizationAccountAccessRole", in.string("RoleName"));
        assertEquals("DENY", in.string("IamUserAccessToBilling"));
        List<StructValue> tags = in.structList("Tags");
        assertEquals(2, tags.size());
        assertEquals("team", tags.get(0).string("Key"));
        assertEquals("platform", tags.get(0).string("Value"));
        assertEquals("cost-centre", tags.get(1).string("Key"));
        assertEquals("", tags.get(1).string("Value"));
        assertEquals(5, in.members().size());

        DecodedRequest status = decodeWire(wire.get("status"));
        assertEquals("DescribeCreateAccountStatus", status.operation().name());
        assertEquals("car-0123456789abcdef", status.input().string("CreateAccountRequestId"));

        DecodedRequest list = decodeWire(wire.get("list"));
        assertEquals("token/with+chars==", list.input().string("NextToken"));
        assertEquals(20, list.input().integer("MaxResults"));
        assertEquals(new IntegerValue(20), list.input().get("MaxResults").orElseThrow());
        assertEquals(StructValue.EMPTY, decodeWire(wire.get("listAll")).input());

        assertEquals("222222222222", decodeWire(wire.get("account")).input().string("AccountId"));

        DecodedRequest org = decodeWire(wire.get("org"));
        assertEquals("DescribeOrganization", org.operation().name());
        assertEquals("{}", wire.get("org").get("body").asText());
        assertEquals(StructValue.EMPTY, org.input());
    }

    @Test
    void encodedOutputsParseWithBotocore() {
        Instant requested = Instant.parse("2023-11-14T22:13:20.123Z");
        Instant completed = Instant.parse("2023-11-14T22:15:00Z");
        StructValue inProgress = StructValue.builder()
                .put("Id", "car-0123456789abcdef")
                .put("AccountName", "dev")
                .put("State", "IN_PROGRESS")
                .put("RequestedTimestamp", requested)
                .build();
        StructValue succeeded = StructValue.builder()
                .put("Id", "car-0123456789abcdef")
                .put("AccountName", "dev")
                .put("State", "SUCCEEDED")
                .put("RequestedTimestamp", requested)
                .put("CompletedTimestamp", completed)
                .put("AccountId", "222222222222")
                .build();
        StructValue management = account("111111111111", "management@example.com", "management",
                Instant.parse("2020-01-01T00:00:00Z"), "INVITED");
        StructValue dev = account("222222222222", "dev@example.com", "dev \"quoted\" \u00e9\u0001",
                Instant.parse("2023-11-14T22:15:00.5Z"), "CREATED");
        StructValue organization = StructValue.builder().put("Organization", StructValue.builder()
                .put("Id", ORG_ID)
                .put("Arn", "arn:aws:organizations::111111111111:organization/" + ORG_ID)
                .put("FeatureSet", "ALL")
                .put("MasterAccountArn", "arn:aws:organizations::111111111111:account/" + ORG_ID + "/111111111111")
                .put("MasterAccountId", "111111111111")
                .put("MasterAccountEmail", "management@example.com")
                .putList("AvailablePolicyTypes", List.of(StructValue.builder()
                        .put("Type", "SERVICE_CONTROL_POLICY").put("Status", "ENABLED").build()))
                .build()).build();

        Map<String, byte[]> bodies = new HashMap<>();
        bodies.put("CreateAccount", CODEC.encodeResult(request("CreateAccount"),
                StructValue.builder().put("CreateAccountStatus", inProgress).build()));
        bodies.put("DescribeCreateAccountStatus", CODEC.encodeResult(request("DescribeCreateAccountStatus"),
                StructValue.builder().put("CreateAccountStatus", succeeded).build()));
        bodies.put("ListAccounts", CODEC.encodeResult(request("ListAccounts"), StructValue.builder()
                .putList("Accounts", List.of(management, dev)).put("NextToken", "next/token==").build()));
        bodies.put("DescribeAccount", CODEC.encodeResult(request("DescribeAccount"),
                StructValue.builder().put("Account", dev).build()));
        bodies.put("DescribeOrganization", CODEC.encodeResult(request("DescribeOrganization"), organization));

        assertEquals("{\"CreateAccountStatus\":{\"Id\":\"car-0123456789abcdef\",\"AccountName\":\"dev\","
                + "\"State\":\"IN_PROGRESS\",\"RequestedTimestamp\":1700000000.123}}", utf8(bodies.get("CreateAccount")));
        assertEquals("{\"Account\":{\"Id\":\"222222222222\",\"Arn\":\"arn:aws:organizations::111111111111:account/"
                + ORG_ID + "/222222222222\",\"Email\":\"dev@example.com\",\"Name\":\"dev \\\"quoted\\\" \u00e9\\u0001\","
                + "\"Status\":\"ACTIVE\",\"State\":\"ACTIVE\",\"JoinedMethod\":\"CREATED\",\"JoinedTimestamp\":1700000100.5}}",
                utf8(bodies.get("DescribeAccount")));

        List<ObjectNode> requests = new ArrayList<>();
        bodies.forEach((op, body) -> requests.add(parse(op, op, 200, Map.of(), utf8(body))));
        Map<String, JsonNode> parsed = botocore(requests);

        String inProgressJson = "{\"Id\":\"car-0123456789abcdef\",\"AccountName\":\"dev\",\"State\":\"IN_PROGRESS\","
                + "\"RequestedTimestamp\":1700000000.123}";
        assertJson("{\"CreateAccountStatus\":" + inProgressJson + "}", parsed.get("CreateAccount"));
        assertJson("{\"CreateAccountStatus\":{\"Id\":\"car-0123456789abcdef\",\"AccountName\":\"dev\","
                + "\"State\":\"SUCCEEDED\",\"RequestedTimestamp\":1700000000.123,\"CompletedTimestamp\":1700000100,"
                + "\"AccountId\":\"222222222222\"}}", parsed.get("DescribeCreateAccountStatus"));
        String managementJson = "{\"Id\":\"111111111111\",\"Arn\":\"arn:aws:organizations::111111111111:account/" + ORG_ID
                + "/111111111111\",\"Email\":\"management@example.com\",\"Name\":\"management\",\"Status\":\"ACTIVE\","
                + "\"State\":\"ACTIVE\",\"JoinedMethod\":\"INVITED\",\"JoinedTimestamp\":1577836800}";
        String devJson = "{\"Id\":\"222222222222\",\"Arn\":\"" + ACCOUNT_ARN + "\",\"Email\":\"dev@example.com\","
                + "\"Name\":\"dev \\\"quoted\\\" \u00e9\\u0001\",\"Status\":\"ACTIVE\",\"State\":\"ACTIVE\","
                + "\"JoinedMethod\":\"CREATED\",\"JoinedTimestamp\":1700000100.5}";
        assertJson("{\"Accounts\":[" + managementJson + "," + devJson + "],\"NextToken\":\"next/token==\"}",
                parsed.get("ListAccounts"));
        assertJson("{\"Account\":" + devJson + "}", parsed.get("DescribeAccount"));
        assertJson("{\"Organization\":{\"Id\":\"" + ORG_ID + "\",\"Arn\":\"arn:aws:organizations::111111111111:organization/"
                + ORG_ID + "\",\"FeatureSet\":\"ALL\",\"MasterAccountArn\":\"arn:aws:organizations::111111111111:account/"
                + ORG_ID + "/111111111111\",\"MasterAccountId\":\"111111111111\",\"MasterAccountEmail\":"
                + "\"management@example.com\",\"AvailablePolicyTypes\":[{\"Type\":\"SERVICE_CONTROL_POLICY\","
                + "\"Status\":\"ENABLED\"}]}}", parsed.get("DescribeOrganization"));
    }

    @Test
    void errorsParseWithBotocore() {
        List<ServiceException> errors = List.of(
                new ServiceException(AwsErrorCode.ACCOUNT_NOT_FOUND,
                        "You specified an account that doesn't exist. \"<&>'\u0001 \ud800"),
                new ServiceException(AwsErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE,
                        "Your account is not a member of an organization."),
                new ServiceException(AwsErrorCode.CREATE_ACCOUNT_STATUS_NOT_FOUND,
                        "We can't find a create account request with the CreateAccountRequestId that you specified."),
                new ServiceException(AwsErrorCode.ORGANIZATIONS_SERVICE_EXCEPTION, "internal"),
                new ServiceException(AwsErrorCode.TOO_MANY_REQUESTS, "slow down"),
                new ServiceException(AwsErrorCode.CONSTRAINT_VIOLATION, "limit"),
                decodeError("CreateAccount", "{\"AccountName\":\"dev\"}"),
                assertThrows(ServiceException.class, () -> CODEC.decode(PREFIX + "Nope", new byte[0])),
                decodeError("ListAccounts", "{"),
                new ServiceException(AwsErrorCode.INTERNAL_FAILURE, ""));
        assertEquals("{\"__type\":\"AccountNotFoundException\",\"message\":\"You specified an account that doesn't "
                + "exist. \\\"<&>'\\u0001 \uFFFD\"}", utf8(CODEC.encodeError(errors.get(0))));
        assertEquals("AccountNotFoundException", CODEC.errorType(errors.get(0)));

        List<ObjectNode> requests = new ArrayList<>();
        for (int i = 0; i < errors.size(); i++) {
            ServiceException e = errors.get(i);
            String body = utf8(CODEC.encodeError(e));
            requests.add(parse("withHeader" + i, "DescribeAccount", e.httpStatus(),
                    Map.of(JsonCodec.ERROR_TYPE_HEADER, CODEC.errorType(e), "Content-Type", JsonCodec.CONTENT_TYPE), body));
            requests.add(parse("bodyOnly" + i, "CreateAccount", e.httpStatus(), Map.of(), body));
        }
        Map<String, JsonNode> parsed = botocore(requests);
        for (int i = 0; i < errors.size(); i++) {
            ServiceException e = errors.get(i);
            String expectedMessage = JsonEncoder.wellFormed(e.getMessage());
            for (String id : List.of("withHeader" + i, "bodyOnly" + i)) {
                JsonNode error = parsed.get(id).get("Error");
                assertEquals(e.errorCode().code(), error.get("Code").asText(), id);
                assertEquals(expectedMessage, error.get("Message").asText(), id);
            }
        }
        assertEquals(AwsErrorCode.VALIDATION_EXCEPTION, errors.get(6).errorCode());
        assertEquals(AwsErrorCode.UNKNOWN_OPERATION, errors.get(7).errorCode());
        assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, errors.get(8).errorCode());
    }

    @Test
    void validationMessagesAreAwsShaped() {
        Map<String, JsonNode> wire = botocore(List.of(
                serialize("noEmail", "CreateAccount", "{\"AccountName\":\"dev\"}", false),
                serialize("longName", "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\""
                        + "x".repeat(51) + "\"}", true),
                serialize("noId", "DescribeAccount", "{}", false),
                serialize("bad", "ListAccounts", "{\"MaxResults\":21}", true)));

        ServiceException e = assertThrows(ServiceException.class, () -> decodeWire(wire.get("noEmail")));
        assertEquals(AwsErrorCode.VALIDATION_EXCEPTION, e.errorCode());
        assertEquals(400, e.httpStatus());
        assertEquals("1 validation error detected: Value null at 'email' failed to satisfy constraint: "
                + "Member must not be null", e.getMessage());

        // botocore checks no maximum lengths, so the server is the one to refuse this. The account
        // name is a sensitive shape: the validator masks it.
        e = assertThrows(ServiceException.class, () -> decodeWire(wire.get("longName")));
        assertEquals(AwsErrorCode.VALIDATION_EXCEPTION, e.errorCode());
        assertEquals("1 validation error detected: Value '***' at 'accountName' failed to satisfy constraint: "
                + "Member must have length less than or equal to 50", e.getMessage());

        e = assertThrows(ServiceException.class, () -> decodeWire(wire.get("noId")));
        assertEquals("1 validation error detected: Value null at 'accountId' failed to satisfy constraint: "
                + "Member must not be null", e.getMessage());

        e = assertThrows(ServiceException.class, () -> decodeWire(wire.get("bad")));
        assertEquals("1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: "
                + "Member must have value less than or equal to 20", e.getMessage());

        e = decodeError("CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\","
                + "\"IamUserAccessToBilling\":\"MAYBE\",\"Tags\":[{\"Key\":\"\",\"Value\":\"v\"}]}");
        assertEquals("2 validation errors detected: "
                + "Value 'MAYBE' at 'iamUserAccessToBilling' failed to satisfy constraint: Member must satisfy enum "
                + "value set: [ALLOW, DENY]; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than "
                + "or equal to 1", e.getMessage());

        e = decodeError("DescribeCreateAccountStatus", "{\"CreateAccountRequestId\":\"req-1\"}");
        assertEquals("1 validation error detected: Value 'req-1' at 'createAccountRequestId' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: ^car-[a-z0-9]{8,32}$", e.getMessage());
    }

    @Test
    void unknownTargetsAreUnknownOperations() {
        for (String target : List.of(PREFIX + "Nope", PREFIX, "", "CreateAccount", "DynamoDB_20120810.CreateAccount",
                "awsorganizationsv20161128.CreateAccount", PREFIX + "createAccount", PREFIX + "CreateAccount.")) {
            ServiceException e = assertThrows(ServiceException.class,
                    () -> CODEC.decode(target, "{}".getBytes(StandardCharsets.UTF_8)), target);
            assertEquals(AwsErrorCode.UNKNOWN_OPERATION, e.errorCode(), target);
            assertEquals(400, e.httpStatus());
        }
        assertEquals("Unknown operation 'AWSOrganizationsV20161128.Nope'",
                assertThrows(ServiceException.class, () -> decode("Nope", "{}")).getMessage());
        assertEquals("The request has no X-Amz-Target header",
                assertThrows(ServiceException.class, () -> CODEC.decode("", new byte[0])).getMessage());

        JsonCodec accountsOnly = CODEC.serving((service, op) -> "organizations".equals(service)
                && Set.of("CreateAccount", "DescribeAccount").contains(op));
        assertEquals("222222222222", accountsOnly.decode(PREFIX + "DescribeAccount",
                "{\"AccountId\":\"222222222222\"}".getBytes(StandardCharsets.UTF_8)).input().string("AccountId"));
        ServiceException e = assertThrows(ServiceException.class,
                () -> accountsOnly.decode(PREFIX + "ListAccounts", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(AwsErrorCode.UNKNOWN_OPERATION, e.errorCode());
    }

    @Test
    void malformedBodiesAreSerializationExceptions() {
        for (String body : List.of("{", "}", "[]", "null", "\"x\"", "1", "{} {}", "{}x", "{\"AccountId\":}",
                "{\"AccountId\":\"222222222222\",}", "{'AccountId':'222222222222'}", "{\"AccountId\":\"2\" /* c */}",
                "{\"AccountId\":\"222222222222\"")) {
            ServiceException e = decodeError("DescribeAccount", body);
            assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode(), body);
            assertEquals(400, e.httpStatus(), body);
        }
        assertEquals("The request body is not valid JSON (line 1, column 14)",
                decodeError("DescribeAccount", "{\"AccountId\":}").getMessage());
        byte[] notUtf8 = {'{', '"', 'A', 'c', 'c', 'o', 'u', 'n', 't', 'I', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        ServiceException e = assertThrows(ServiceException.class, () -> CODEC.decode(PREFIX + "DescribeAccount", notUtf8));
        assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode());
        // Operations without input still need a well-formed object.
        assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, decodeError("DescribeOrganization", "{\"a\":").errorCode());
        assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, decodeError("DescribeOrganization", "[]").errorCode());
    }

    @Test
    void stringsWithAnUnpairedSurrogateAreRefused() {
        for (String escaped : List.of("\\ud800", "x\\udc00", "\\udc00\\ud800", "a\\ud83d")) {
            ServiceException e = decodeError("CreateAccount",
                    "{\"Email\":\"" + escaped + "@example.com\",\"AccountName\":\"dev\"}");
            assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode(), escaped);
            assertEquals("The value at 'Email' is not valid Unicode text: it holds an unpaired surrogate",
                    e.getMessage());
        }
        // A pair spelled in escapes is one character, and kept.
        assertEquals("\ud83d\ude00@example.com", CODEC.decode(PREFIX + "CreateAccount",
                "{\"Email\":\"\\ud83d\\ude00@example.com\",\"AccountName\":\"dev\"}"
                        .getBytes(StandardCharsets.UTF_8)).input().string("Email"));
    }

    @Test
    void wrongJsonTypesAreSerializationExceptions() {
        Map<String, String> cases = Map.of(
                "{\"Email\":\"dev@example.com\",\"AccountName\":42}",
                "Invalid value at AccountName: expected a string, found a number",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"Tags\":{\"Key\":\"k\"}}",
                "Invalid value at Tags: expected an array, found an object",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"Tags\":[null]}",
                "Invalid value at Tags[0]: null is not allowed in a list",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"Tags\":[{\"Key\":true,\"Value\":\"v\"}]}",
                "Invalid value at Tags[0].Key: expected a string, found a boolean",
                "{\"Email\":[\"dev@example.com\"],\"AccountName\":\"dev\"}",
                "Invalid value at Email: expected a string, found an array");
        cases.forEach((body, message) -> {
            ServiceException e = decodeError("CreateAccount", body);
            assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode(), body);
            assertEquals(message, e.getMessage(), body);
        });
        assertEquals("Invalid value at MaxResults: expected an integer, found a string",
                decodeError("ListAccounts", "{\"MaxResults\":\"5\"}").getMessage());
        assertEquals("Invalid value at MaxResults: expected an integer, found a number",
                decodeError("ListAccounts", "{\"MaxResults\":1.5}").getMessage());
        assertEquals("Invalid value at MaxResults: the integer is out of range",
                decodeError("ListAccounts", "{\"MaxResults\":1099511627776}").getMessage());
        assertEquals("Invalid value at MaxResults: the integer is out of range",
                decodeError("ListAccounts", "{\"MaxResults\":" + "9".repeat(500) + "}").getMessage());
        assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION,
                decodeError("ListAccounts", "{\"MaxResults\":" + "9".repeat(5000) + "}").errorCode());
    }

    @Test
    void nullMembersAreAbsentAndUnknownMembersAreSkipped() {
        DecodedRequest r = decode("ListAccounts", "{\"NextToken\":null,\"MaxResults\":5,"
                + "\"Unknown\":{\"deep\":[1,2,{\"x\":null}]},\"Other\":\"y\"}");
        assertEquals(Optional.empty(), r.input().optionalString("NextToken"));
        assertEquals(5, r.input().integer("MaxResults"));
        assertEquals(1, r.input().members().size());

        ServiceException e = decodeError("DescribeAccount", "{\"AccountId\":null}");
        assertEquals(AwsErrorCode.VALIDATION_EXCEPTION, e.errorCode());
        assertEquals("1 validation error detected: Value null at 'accountId' failed to satisfy constraint: "
                + "Member must not be null", e.getMessage());

        // The later of two values for one member wins; an empty body reads as {}.
        assertEquals(7, decode("ListAccounts", "{\"MaxResults\":3,\"MaxResults\":7}").input().integer("MaxResults"));
        assertEquals(StructValue.EMPTY, decode("ListAccounts", "").input());
        assertEquals(StructValue.EMPTY, decode("DescribeOrganization", " \r\n").input());
        assertEquals(StructValue.EMPTY, decode("DescribeOrganization", "{\"Ignored\":[1]}").input());
        assertEquals(ListValue.EMPTY, decode("CreateAccount",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"Tags\":[]}").input().optionalList("Tags").orElseThrow());
    }

    @Test
    void deeplyNestedBodiesAreRefusedCleanly() {
        int depth = 10_000;
        List<String> bodies = List.of(
                "{\"Unknown\":" + "[".repeat(depth) + "]".repeat(depth) + "}",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"Tags\":" + "[".repeat(depth) + "]".repeat(depth) + "}",
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth) + "]".repeat(depth),
                "{\"Unknown\":" + "[".repeat(depth));
        for (String body : bodies) {
            for (String op : List.of("CreateAccount", "DescribeOrganization")) {
                ServiceException e = decodeError(op, body);
                assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode(), op);
                assertEquals(400, e.httpStatus());
            }
        }
        assertTrue(decodeError("DescribeOrganization", bodies.get(0)).getMessage()
                .startsWith("The request body exceeds a JSON limit (nesting deeper than 100 levels"));
        // Nesting up to the limit is fine.
        String ok = "{\"Unknown\":" + "[".repeat(JsonDecoder.MAX_DEPTH - 1) + "]".repeat(JsonDecoder.MAX_DEPTH - 1) + "}";
        assertEquals(StructValue.EMPTY, decode("DescribeOrganization", ok).input());
    }

    @Test
    void timestampsAreEpochSecondsWithMilliseconds() {
        assertEquals("1700000000", JsonEncoder.epochSeconds(Instant.ofEpochSecond(1_700_000_000L)));
        assertEquals("1700000000.123", JsonEncoder.epochSeconds(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        assertEquals("1700000000.1", JsonEncoder.epochSeconds(Instant.ofEpochSecond(1_700_000_000L, 100_000_000)));
        assertEquals("1700000000", JsonEncoder.epochSeconds(Instant.ofEpochSecond(1_700_000_000L, 999_999)));
        assertEquals("-0.5", JsonEncoder.epochSeconds(Instant.ofEpochMilli(-500)));
        assertEquals("0", JsonEncoder.epochSeconds(Instant.EPOCH));

        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_000_000),
                JsonDecoder.epochSeconds(new BigDecimal("1700000000.123"), "t"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_000_000),
                JsonDecoder.epochSeconds(new BigDecimal("1.700000000123E9"), "t"));
        assertEquals(Instant.ofEpochMilli(-500), JsonDecoder.epochSeconds(new BigDecimal("-0.5"), "t"));
        for (String hostile : List.of("1e999999999", "1e-999999999", "-1e400", "31556889864403200")) {
            ServiceException e = assertThrows(ServiceException.class,
                    () -> JsonDecoder.epochSeconds(new BigDecimal(hostile), "t"), hostile);
            assertEquals(AwsErrorCode.SERIALIZATION_EXCEPTION, e.errorCode());
        }
    }

    @Test
    void encoderChecksOutputAgainstTheShape() {
        DecodedRequest account = request("DescribeAccount");
        assertThrows(IllegalArgumentException.class,
                () -> CODEC.encodeResult(account, StructValue.builder().put("Nope", "x").build()));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encodeResult(account,
                StructValue.builder().put("Account", StructValue.builder().put("JoinedTimestamp", "yesterday").build()).build()));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encodeResult(account,
                StructValue.builder().put("Account", StructValue.builder().put("Id", 12).build()).build()));
        assertEquals("{}", utf8(CODEC.encodeResult(account, StructValue.EMPTY)));
        assertEquals("{\"Accounts\":[]}", utf8(CODEC.encodeResult(request("ListAccounts"),
                StructValue.builder().putList("Accounts", List.of()).build())));
    }

    @Test
    void unpairedSurrogatesAreWrittenAsReplacementCharacters() {
        assertEquals("ok", JsonEncoder.wellFormed("ok"));
        assertEquals("a\uD83D\uDE00b", JsonEncoder.wellFormed("a\uD83D\uDE00b"));
        assertEquals("a\uFFFDb\uFFFD", JsonEncoder.wellFormed("a\uD800b\uDC00"));
        assertEquals("\uFFFD\uD83D\uDE00", JsonEncoder.wellFormed("\uD800\uD83D\uDE00"));
    }

    // ---- helpers ----

    private static StructValue account(String id, String email, String name, Instant joined, String method) {
        return StructValue.builder()
                .put("Id", id)
                .put("Arn", "arn:aws:organizations::111111111111:account/" + ORG_ID + "/" + id)
                .put("Email", email)
                .put("Name", name)
                .put("Status", "ACTIVE")
                .put("State", "ACTIVE")
                .put("JoinedMethod", method)
                .put("JoinedTimestamp", joined)
                .build();
    }

    /** A decoded request for an operation (its input does not matter to encoding). */
    private static DecodedRequest request(String operation) {
        return new DecodedRequest(ORGANIZATIONS, ORGANIZATIONS.operation(operation).orElseThrow(), StructValue.EMPTY);
    }

    private static DecodedRequest decodeWire(JsonNode wire) {
        assertFalse(wire.has("error"), () -> "botocore could not serialize: " + wire);
        return CODEC.decode(wire.get("target").asText(), wire.get("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode serialize(String id, String operation, String params, boolean validate) {
        ObjectNode n = TestSupport.JSON.createObjectNode();
        n.put("id", id).put("kind", "serialize").put("operation", operation).put("validate", validate);
        n.set("params", readJson(params));
        return n;
    }

    private static ObjectNode parse(String id, String operation, int status, Map<String, String> headers, String body) {
        ObjectNode n = TestSupport.JSON.createObjectNode();
        n.put("id", id).put("kind", "parse").put("operation", operation).put("status", status).put("body", body);
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        return n;
    }

    /** Runs one batch through {@code botocore_json.py}; results by id. */
    private static Map<String, JsonNode> botocore(List<ObjectNode> requests) {
        ArrayNode batch = TestSupport.JSON.createArrayNode();
        requests.forEach(batch::add);
        Map<String, JsonNode> results = new HashMap<>();
        for (JsonNode r : TestSupport.python("botocore_json.py", batch)) {
            assertFalse(r.has("error"), () -> "botocore failed: " + r);
            results.put(r.get("id").asText(), r.has("parsed") ? r.get("parsed") : r);
        }
        assertEquals(requests.size(), results.size(), "botocore answered every request");
        return results;
    }

    private static JsonNode readJson(String json) {
        try {
            return TestSupport.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertJson(String expected, JsonNode actual) {
        JsonNode e = readJson(expected);
        assertTrue(TestSupport.sameJson(e, actual), () -> "expected " + e + " but botocore read " + actual);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
