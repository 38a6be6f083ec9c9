package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The codec against the real STS and IAM models. */
class StsIamCodecTest {
    private static final QueryCodec CODEC = TestSupport.stsAndIam();
    private static final ServiceModel STS = CODEC.service("sts").orElseThrow();
    private static final ServiceModel IAM = CODEC.service("iam").orElseThrow();

    /** The botocore 1.43.11 AssumeRole capture of the reference (§1.7), ProviderArn filled in. */
    private static final String ASSUME_ROLE_BODY = "Action=AssumeRole&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1"
            + "&Tags.member.1.Key=a&Tags.member.1.Value=b&TransitiveTagKeys.member.1=a"
            + "&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds=900"
            + "&ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter"
            + "&ProvidedContexts.member.1.ContextAssertion=abcd";

    private static DecodedRequest decode(String body, String scope) {
        return CODEC.decode(FormParameters.parseForm(body.getBytes(StandardCharsets.UTF_8)), Optional.ofNullable(scope));
    }

    private static ServiceException decodeError(String body, String scope) {
        return assertThrows(ServiceException.class, () -> decode(body, scope));
    }

    @Test
    void bundledModelsMatchTheReference() {
        assertEquals("2011-06-15", STS.apiVersion());
        assertEquals("https://sts.amazonaws.com/doc/2011-06-15/", STS.xmlNamespace());
        assertEquals("sts", STS.signingName());
        assertEquals("query", STS.protocol());
        assertEquals(11, STS.operations().size());
        assertEquals("2010-05-08", IAM.apiVersion());
        assertEquals("https://iam.amazonaws.com/doc/2010-05-08/", IAM.xmlNamespace());
        assertEquals("iam", IAM.signingName());
        assertEquals(176, IAM.operations().size());
        Set<String> shared = new HashSet<>(STS.operations().keySet());
        shared.retainAll(IAM.operations().keySet());
        assertEquals(Set.of(), shared, "no action name is in both services");
        assertFalse(STS.operation("AssumeRoleWithWebIdentity").orElseThrow().requiresSignature());
        assertFalse(STS.operation("AssumeRoleWithSAML").orElseThrow().requiresSignature());
        assertTrue(STS.operation("AssumeRole").orElseThrow().requiresSignature());
        assertEquals("AssumeRoleResult", STS.operation("AssumeRole").orElseThrow().resultWrapper());
    }

    @Test
    void everyModeledErrorHasOneCodeWithTheModelsStatus() {
        for (ServiceModel service : List.of(STS, IAM, ServiceModel.load("organizations"))) {
            for (Shape shape : service.shapes().values()) {
                if (shape instanceof StructureShape s && s.errorCode().isPresent()) {
                    AwsErrorCode code = TestSupport.errorCode(s.errorCode().get())
                            .orElseThrow(() -> new AssertionError("no AwsErrorCode for " + s.errorCode().get()));
                    assertEquals(s.errorHttpStatus(), code.httpStatus(), code.code());
                }
            }
        }
        Set<String> codes = new HashSet<>();
        for (AwsErrorCode c : AwsErrorCode.values()) {
            if (c.name().startsWith("S3_")) {
                continue; // S3's own status for a code the query services send with another (the enum says so)
            }
            assertTrue(codes.add(c.code()), "duplicate code " + c.code());
            assertEquals(c.httpStatus() >= 500 ? AwsErrorCode.Fault.RECEIVER : AwsErrorCode.Fault.SENDER, c.fault());
        }
        assertEquals(404, AwsErrorCode.NO_SUCH_ENTITY.httpStatus());
        assertEquals(409, AwsErrorCode.ENTITY_ALREADY_EXISTS.httpStatus());
        assertEquals(403, AwsErrorCode.ACCESS_DENIED.httpStatus());
        assertEquals(400, AwsErrorCode.MALFORMED_QUERY_STRING.httpStatus());
        assertEquals(403, AwsErrorCode.EXPIRED_TOKEN.httpStatus());
        assertEquals(503, AwsErrorCode.SERVICE_UNAVAILABLE.httpStatus());
    }

    @Test
    void botocoreAssumeRoleCaptureDecodesToTypedValues() {
        DecodedRequest r = decode(ASSUME_ROLE_BODY, "sts");
        assertEquals(STS, r.service());
        assertEquals("AssumeRole", r.operation().name());
        StructValue in = r.input();
        assertEquals("arn:aws:iam::123456789012:role/r", in.string("RoleArn"));
        assertEquals("s1", in.string("RoleSessionName"));
        assertEquals(900, in.integer("DurationSeconds"));
        assertEquals(new IntegerValue(900), in.get("DurationSeconds").orElseThrow());
        List<StructValue> tags = in.structList("Tags");
        assertEquals(1, tags.size());
        assertEquals("a", tags.get(0).string("Key"));
        assertEquals("b", tags.get(0).string("Value"));
        assertEquals(List.of("a"), in.stringList("TransitiveTagKeys"));
        assertEquals("arn:aws:iam::aws:policy/ReadOnlyAccess", in.structList("PolicyArns").get(0).string("arn"));
        StructValue context = in.structList("ProvidedContexts").get(0);
        assertEquals("arn:aws:iam::aws:contextProvider/IdentityCenter", context.string("ProviderArn"));
        assertEquals("abcd", context.string("ContextAssertion"));
        assertEquals(Optional.empty(), in.optionalString("ExternalId"));
        assertEquals(7, in.members().size());
    }

    @Test
    void everyOperationIsReachableAndFailsOnlyWithValidationErrors() {
        int reached = 0;
        for (ServiceModel service : List.of(STS, IAM)) {
            for (OperationModel op : service.operations().values()) {
                String body = "Action=" + op.name() + "&Version=" + service.apiVersion();
                try {
                    DecodedRequest r = decode(body, service.signingName());
                    assertEquals(op, r.operation());
                } catch (ServiceException e) {
                    assertEquals(AwsErrorCode.VALIDATION_ERROR, e.errorCode(), op.name());
                    assertTrue(e.getMessage().endsWith("Member must not be null"), e.getMessage());
                }
                reached++;
            }
        }
        assertEquals(187, reached);
    }

    @Test
    void unsignedRequestsPickTheServiceByAction() {
        DecodedRequest r = decode("Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&WebIdentityToken=tok1", null);
        assertEquals(STS, r.service());
        assertEquals("tok1", r.input().string("WebIdentityToken"));
        assertEquals(IAM, decode("Action=ListRoles&Version=2010-05-08", null).service());
    }

    @Test
    void validationMessagesAreAwsShaped() {
        String longName = "x".repeat(64) + ":";
        ServiceException e = decodeError("Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=" + longName, "sts");
        assertEquals(AwsErrorCode.VALIDATION_ERROR, e.errorCode());
        assertEquals(400, e.httpStatus());
        assertEquals("2 validation errors detected: Value '" + longName + "' at 'roleSessionName' failed to satisfy "
                + "constraint: Member must have length less than or equal to 64; Value '" + longName
                + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                + "pattern: [\\w+=,.@-]*", e.getMessage());

        e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=Session1%3A2"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr", "sts");
        assertEquals("1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", e.getMessage());

        e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1", "sts");
        assertEquals("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
                + "Member must not be null", e.getMessage());

        e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1&DurationSeconds=100"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr", "sts");
        assertEquals("1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 900", e.getMessage());

        e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s&DurationSeconds=50000"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&Tags.member.1.Key=&Tags.member.1.Value=v", "sts");
        assertEquals("4 validation errors detected: "
                + "Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; "
                + "Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                + "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
                e.getMessage());
    }

    @Test
    void enumViolationsListTheValueSet() {
        ServiceException e = decodeError("Action=ListPolicies&Version=2010-05-08&Scope=Everything", "iam");
        assertEquals("1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [All, AWS, Local]", e.getMessage());
    }

    @Test
    void emptyListParameterIsAnEmptyList() {
        DecodedRequest r = decode("Action=SimulateCustomPolicy&Version=2010-05-08"
                + "&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=sts%3AAssumeRole&ResourceArns=", "iam");
        assertEquals(Optional.of(ListValue.EMPTY), r.input().optionalList("ResourceArns"));
        assertEquals(List.of("{}"), r.input().stringList("PolicyInputList"));
        assertFalse(r.input().has("ContextEntries"));
    }

    @Test
    void nestedListsAndIndexOrder() {
        DecodedRequest r = decode("Action=SimulateCustomPolicy&Version=2010-05-08"
                + "&PolicyInputList.member.1=%7B%7D&ActionNames.member.10=c%3Ac1&ActionNames.member.2=b%3Ab1"
                + "&ActionNames.member.1=a%3Aa1"
                + "&ContextEntries.member.1.ContextKeyName=aws%3Ausername&ContextEntries.member.1.ContextKeyType=string"
                + "&ContextEntries.member.1.ContextKeyValues.member.1=bob&ContextEntries.member.1.ContextKeyValues.member.2=al",
                "iam");
        assertEquals(List.of("a:a1", "b:b1", "c:c1"), r.input().stringList("ActionNames"));
        StructValue entry = r.input().structList("ContextEntries").get(0);
        assertEquals(List.of("bob", "al"), entry.stringList("ContextKeyValues"));
    }

    @Test
    void actionAndVersionErrors() {
        ServiceException e = decodeError("Action=Nope&Version=2011-06-15", "sts");
        assertEquals(AwsErrorCode.INVALID_ACTION, e.errorCode());
        assertEquals("Could not find operation Nope for version 2011-06-15", e.getMessage());

        e = decodeError("Action=GetCallerIdentity&Version=2010-05-08", "sts");
        assertEquals("Could not find operation GetCallerIdentity for version 2010-05-08", e.getMessage());

        e = decodeError("Action=GetCallerIdentity", "sts");
        assertEquals("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED", e.getMessage());

        e = decodeError("Action=GetCallerIdentity&Version=2011-06-15", "iam");
        assertEquals("Could not find operation GetCallerIdentity for version 2011-06-15", e.getMessage());

        e = decodeError("Version=2011-06-15", "sts");
        assertEquals(AwsErrorCode.MISSING_ACTION, e.errorCode());
        assertEquals(400, e.httpStatus());
        assertEquals(AwsErrorCode.MISSING_ACTION, decodeError("Action=&Version=2011-06-15", null).errorCode());

        e = decodeError("Action=GetCallerIdentity&Version=2011-06-15", "s3");
        assertEquals(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH, e.errorCode());
        assertEquals("Credential should be scoped to correct service: 'sts'. ", e.getMessage());
    }

    @Test
    void unconvertibleValuesAreInvalidParameterValue() {
        ServiceException e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1&DurationSeconds=abc"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr", "sts");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
        assertEquals("Invalid value 'abc' for parameter DurationSeconds: expected an integer", e.getMessage());
        e = decodeError("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1&DurationSeconds=99999999999"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr", "sts");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
        e = decodeError("Action=ListRoles&Version=2010-05-08&MaxItems=1.5", "iam");
        assertEquals("Invalid value '1.5' for parameter MaxItems: expected an integer", e.getMessage());
        e = decodeError("Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=Role&MaxItems=x", "iam");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
    }

    @Test
    void unknownParametersAreIgnored() {
        DecodedRequest r = decode("Action=GetCallerIdentity&Version=2011-06-15&Foo=bar&X-Amz-Date=20261123T121112Z", "sts");
        assertEquals(StructValue.EMPTY, r.input());
    }

    @Test
    void encodedOutputsParseWithBotocore() {
        DecodedRequest gci = decode("Action=GetCallerIdentity&Version=2011-06-15", "sts");
        StructValue gciOut = StructValue.builder()
                .put("UserId", "AIDAEXAMPLEUSERID0001")
                .put("Account", "123456789012")
                .put("Arn", "arn:aws:iam::123456789012:user/alice")
                .build();
        byte[] gciXml = CODEC.encodeResult(gci, gciOut, "req-1");
        assertEquals("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><UserId>AIDAEXAMPLEUSERID0001</UserId><Account>123456789012</Account>"
                + "<Arn>arn:aws:iam::123456789012:user/alice</Arn></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
                new String(gciXml, StandardCharsets.UTF_8));

        DecodedRequest ar = decode(ASSUME_ROLE_BODY, "sts");
        StructValue arOut = StructValue.builder()
                .put("Credentials", StructValue.builder()
                        .put("AccessKeyId", "ASIAEXAMPLEKEYID0001")
                        .put("SecretAccessKey", "secret/with+chars&<>")
                        .put("SessionToken", "token")
                        .put("Expiration", Instant.parse("2019-11-01T20:26:47Z"))
                        .build())
                .put("AssumedRoleUser", StructValue.builder()
                        .put("AssumedRoleId", "AROAEXAMPLEROLEID001:s1")
                        .put("Arn", "arn:aws:sts::123456789012:assumed-role/r/s1")
                        .build())
                .put("PackedPolicySize", 8)
                .put("SourceIdentity", "alice")
                .build();
        byte[] arXml = CODEC.encodeResult(ar, arOut, "req-2");
        assertTrue(new String(arXml, StandardCharsets.UTF_8).contains("<Expiration>2019-11-01T20:26:47Z</Expiration>"));

        DecodedRequest getRole = decode("Action=GetRole&Version=2010-05-08&RoleName=r", "iam");
        String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                + "\"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}";
        StructValue roleOut = StructValue.builder().put("Role", StructValue.builder()
                .put("Path", "/")
                .put("RoleName", "r")
                .put("RoleId", "AROAEXAMPLEROLEID001")
                .put("Arn", "arn:aws:iam::123456789012:role/r")
                .put("CreateDate", Instant.parse("2011-07-15T23:28:33.359Z"))
                .put("AssumeRolePolicyDocument", policy)
                .put("MaxSessionDuration", 3600)
                .putList("Tags", List.of(StructValue.builder().put("Key", "k").put("Value", "v").build()))
                .build()).build();
        byte[] roleXml = CODEC.encodeResult(getRole, roleOut, "req-3");
        String roleText = new String(roleXml, StandardCharsets.UTF_8);
        assertTrue(roleText.contains("<AssumeRolePolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22"), roleText);
        assertTrue(roleText.contains("<CreateDate>2011-07-15T23:28:33.359Z</CreateDate>"), roleText);

        Map<String, JsonNode> parsed = TestSupport.botocoreParse(List.of(
                TestSupport.BotocoreRequest.real("gci", 200, new String(gciXml, StandardCharsets.UTF_8), "sts", "GetCallerIdentity"),
                TestSupport.BotocoreRequest.real("ar", 200, new String(arXml, StandardCharsets.UTF_8), "sts", "AssumeRole"),
                TestSupport.BotocoreRequest.real("role", 200, roleText, "iam", "GetRole")));

        assertJson("{\"UserId\":\"AIDAEXAMPLEUSERID0001\",\"Account\":\"123456789012\","
                + "\"Arn\":\"arn:aws:iam::123456789012:user/alice\",\"ResponseMetadata\":{\"RequestId\":\"req-1\"}}",
                parsed.get("gci"));
        assertJson("{\"Credentials\":{\"AccessKeyId\":\"ASIAEXAMPLEKEYID0001\",\"SecretAccessKey\":\"secret/with+chars&<>\","
                + "\"SessionToken\":\"token\",\"Expiration\":1572640007},"
                + "\"AssumedRoleUser\":{\"AssumedRoleId\":\"AROAEXAMPLEROLEID001:s1\","
                + "\"Arn\":\"arn:aws:sts::123456789012:assumed-role/r/s1\"},\"PackedPolicySize\":8,"
                + "\"SourceIdentity\":\"alice\",\"ResponseMetadata\":{\"RequestId\":\"req-2\"}}", parsed.get("ar"));
        assertJson("{\"Role\":{\"Path\":\"/\",\"RoleName\":\"r\",\"RoleId\":\"AROAEXAMPLEROLEID001\","
                + "\"Arn\":\"arn:aws:iam::123456789012:role/r\",\"CreateDate\":1310772513.359,"
                + "\"AssumeRolePolicyDocument\":" + policy + ",\"MaxSessionDuration\":3600,"
                + "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]},\"ResponseMetadata\":{\"RequestId\":\"req-3\"}}",
                parsed.get("role"));
    }

    @Test
    void outputWithoutShapeHasNoResultElement() {
        DecodedRequest r = decode("Action=DeleteRole&Version=2010-05-08&RoleName=r", "iam");
        assertEquals("<DeleteRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
                + "<RequestId>id</RequestId></ResponseMetadata></DeleteRoleResponse>",
                new String(CODEC.encodeResult(r, StructValue.EMPTY, "id"), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class,
                () -> CODEC.encodeResult(r, StructValue.builder().put("X", "y").build(), "id"));
    }

    @Test
    void encoderChecksOutputAgainstTheShape() {
        DecodedRequest gci = decode("Action=GetCallerIdentity&Version=2011-06-15", "sts");
        assertThrows(IllegalArgumentException.class,
                () -> CODEC.encodeResult(gci, StructValue.builder().put("Nope", "x").build(), "id"));
        assertThrows(IllegalArgumentException.class,
                () -> CODEC.encodeResult(gci, StructValue.builder().put("Account", 12).build(), "id"));
        // Required output members are not enforced: AWS leaves some out (GetUser for root has no UserName).
        DecodedRequest ar = decode(ASSUME_ROLE_BODY, "sts");
        String partial = new String(CODEC.encodeResult(ar, StructValue.builder()
                .put("Credentials", StructValue.builder().put("AccessKeyId", "A").build()).build(), "id"),
                StandardCharsets.UTF_8);
        assertTrue(partial.contains("<Credentials><AccessKeyId>A</AccessKeyId></Credentials>"), partial);
    }

    @Test
    void aStoreThatCannotBeReachedIsServiceFailureInIamAndInternalFailureInSts() {
        ServiceException unreachable = IamErrors.storeUnreachable();
        String iam = new String(CODEC.encodeError(IAM, unreachable, "req-1"), StandardCharsets.UTF_8);
        assertTrue(iam.contains("<Type>Receiver</Type><Code>ServiceFailure</Code><Message>The request processing has"
                + " failed because the store could not be reached.</Message>"), iam);
        // STS's model has no ServiceFailure: the Query protocol's common server error, same status.
        String sts = new String(CODEC.encodeError(STS, unreachable, "req-2"), StandardCharsets.UTF_8);
        assertTrue(sts.contains("<Type>Receiver</Type><Code>InternalFailure</Code><Message>The request processing has"
                + " failed because the store could not be reached.</Message>"), sts);
        assertEquals(500, AwsErrorCode.INTERNAL_FAILURE.httpStatus());
        assertEquals(500, unreachable.httpStatus());
        // Organizations (AWS JSON) names it ServiceException, 500.
        ServiceException organizations = WireProtocol.AWS_JSON_1_1.named(unreachable);
        assertEquals(AwsErrorCode.ORGANIZATIONS_SERVICE_EXCEPTION, organizations.errorCode());
        assertEquals(500, organizations.httpStatus());
    }

    @Test
    void errorEnvelopeParsesWithBotocore() {
        ServiceException noSuch = new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "The role with name r cannot be found. <&>\"'\u0001");
        byte[] iamXml = CODEC.encodeError(IAM, noSuch, "req-9");
        assertEquals("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
                + "<Code>NoSuchEntity</Code><Message>The role with name r cannot be found. &lt;&amp;&gt;&quot;&apos;\uFFFD"
                + "</Message></Error><RequestId>req-9</RequestId></ErrorResponse>",
                new String(iamXml, StandardCharsets.UTF_8));
        byte[] unknown = CODEC.encodeError(null, new ServiceException(AwsErrorCode.INTERNAL_FAILURE, "boom"), "req-10");
        String unknownText = new String(unknown, StandardCharsets.UTF_8);
        assertTrue(unknownText.startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<Error><Type>Receiver</Type>"), unknownText);

        Map<String, JsonNode> parsed = TestSupport.botocoreParse(List.of(
                TestSupport.BotocoreRequest.real("e1", 404, new String(iamXml, StandardCharsets.UTF_8), "iam", "GetRole"),
                TestSupport.BotocoreRequest.real("e2", 500, unknownText, "sts", "AssumeRole")));
        assertEquals("NoSuchEntity", parsed.get("e1").get("Error").get("Code").asText());
        assertEquals("The role with name r cannot be found. <&>\"'\uFFFD", parsed.get("e1").get("Error").get("Message").asText());
        assertEquals("req-9", parsed.get("e1").get("ResponseMetadata").get("RequestId").asText());
        assertEquals("InternalFailure", parsed.get("e2").get("Error").get("Code").asText());
        assertEquals("boom", parsed.get("e2").get("Error").get("Message").asText());
    }

    @Test
    void timestampsKeepMillisOnlyWhenNonZero() {
        StringBuilder sb = new StringBuilder();
        QueryEncoder.iso8601(sb, Instant.parse("2019-11-01T20:26:47Z"));
        sb.append(' ');
        QueryEncoder.iso8601(sb, Instant.parse("2011-07-15T23:28:33.359123Z"));
        sb.append(' ');
        QueryEncoder.iso8601(sb, Instant.parse("0999-01-02T03:04:05.007Z"));
        assertEquals("2019-11-01T20:26:47Z 2011-07-15T23:28:33.359Z 0999-01-02T03:04:05.007Z", sb.toString());
    }

    @Test
    void policyDocumentsArePercentEncodedPerRfc3986() {
        StringBuilder sb = new StringBuilder();
        QueryEncoder.percentEncode(sb, "{\"a\": \"b c+d~e_f.g-h/é\"}");
        assertEquals("%7B%22a%22%3A%20%22b%20c%2Bd~e_f.g-h%2F%C3%A9%22%7D", sb.toString());
    }

    @Test
    void blobsRoundTripAsBase64() {
        assertArrayEquals(new byte[] {1, 2, 3}, new BlobValue(new byte[] {1, 2, 3}).value());
        assertEquals(new BlobValue(new byte[] {1}), new BlobValue(new byte[] {1}));
    }

    private static void assertJson(String expected, JsonNode actual) {
        try {
            JsonNode e = TestSupport.JSON.readTree(expected);
            assertTrue(TestSupport.sameJson(e, actual), () -> "expected " + e + " but botocore read " + actual);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }
}
