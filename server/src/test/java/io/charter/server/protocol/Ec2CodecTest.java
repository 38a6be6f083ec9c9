package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EC2 query protocol against the bundled EC2 model: the form bodies botocore 1.43.11's
 * {@code EC2Serializer} writes for the six operations decode to typed values; results and errors
 * are written byte for byte as expected, and botocore's {@code EC2QueryParser} reads them back.
 */
class Ec2CodecTest {
    private static final ServiceModel EC2 = ServiceModel.load("ec2");
    private static final Ec2Codec CODEC = Ec2Codec.of(EC2);
    private static final String REQUEST_ID = "59dbff89-35bd-4eac-99ed-be587EXAMPLE";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ROLE_PROFILE = "arn:aws:iam::123456789012:instance-profile/web";

    private static DecodedRequest decode(String body) {
        return CODEC.decode(FormParameters.parseForm(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ServiceException decodeError(String body) {
        return assertThrows(ServiceException.class, () -> decode(body));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theBundledModelIsEc2sTrimmedToTheInstanceProfileCalls() {
        assertEquals("ec2", EC2.protocol());
        assertEquals(WireProtocol.EC2, WireProtocol.of(EC2));
        assertEquals("2016-11-15", EC2.apiVersion());
        assertEquals("ec2", EC2.signingName());
        assertEquals("http://ec2.amazonaws.com/doc/2016-11-15/", CODEC.namespace());
        assertEquals(List.of("AssociateIamInstanceProfile", "DescribeIamInstanceProfileAssociations",
                "DescribeInstances", "DisassociateIamInstanceProfile", "ModifyInstanceMetadataOptions",
                "ReplaceIamInstanceProfileAssociation"), List.copyOf(EC2.operations().keySet()));
    }

    @Test
    void describeInstancesAsTheCliSendsIt() {
        DecodedRequest r = decode("Action=DescribeInstances&Version=2016-11-15"
                + "&InstanceId.1=i-0123456789abcdef0&InstanceId.2=i-0fedcba9876543210"
                + "&Filter.1.Name=tag%3AName&Filter.1.Value.1=web&Filter.1.Value.2=db"
                + "&Filter.2.Name=iam-instance-profile.arn"
                + "&Filter.2.Value.1=arn%3Aaws%3Aiam%3A%3A123456789012%3Ainstance-profile%2Fp"
                + "&MaxResults=5&NextToken=tok&DryRun=true");
        assertEquals("DescribeInstances", r.operation().name());
        StructValue in = r.input();
        assertEquals(List.of("i-0123456789abcdef0", "i-0fedcba9876543210"), in.stringList("InstanceIds"));
        List<StructValue> filters = in.structList("Filters");
        assertEquals(2, filters.size());
        assertEquals("tag:Name", filters.get(0).string("Name"));
        assertEquals(List.of("web", "db"), filters.get(0).stringList("Values"));
        assertEquals("iam-instance-profile.arn", filters.get(1).string("Name"));
        assertEquals(List.of("arn:aws:iam::123456789012:instance-profile/p"), filters.get(1).stringList("Values"));
        assertEquals(5, in.integer("MaxResults"));
        assertEquals("tok", in.string("NextToken"));
        assertEquals(true, in.optionalBoolean("DryRun").orElseThrow());
    }

    @Test
    void theInstanceProfileCallsAsTheCliSendsThem() {
        StructValue associate = decode("Action=AssociateIamInstanceProfile&Version=2016-11-15"
                + "&IamInstanceProfile.Arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Ainstance-profile%2Fweb"
                + "&IamInstanceProfile.Name=web&InstanceId=i-0123456789abcdef0").input();
        assertEquals(ROLE_PROFILE, associate.struct("IamInstanceProfile").string("Arn"));
        assertEquals("web", associate.struct("IamInstanceProfile").string("Name"));
        assertEquals("i-0123456789abcdef0", associate.string("InstanceId"));

        StructValue replace = decode("Action=ReplaceIamInstanceProfileAssociation&Version=2016-11-15"
                + "&IamInstanceProfile.Name=web&AssociationId=iip-assoc-0123456789abcdef0").input();
        assertEquals("web", replace.struct("IamInstanceProfile").string("Name"));
        assertEquals("iip-assoc-0123456789abcdef0", replace.string("AssociationId"));

        StructValue disassociate = decode("Action=DisassociateIamInstanceProfile&Version=2016-11-15"
                + "&AssociationId=iip-assoc-0123456789abcdef0").input();
        assertEquals("iip-assoc-0123456789abcdef0", disassociate.string("AssociationId"));

        StructValue associations = decode("Action=DescribeIamInstanceProfileAssociations&Version=2016-11-15"
                + "&AssociationId.1=iip-assoc-0123456789abcdef0&Filter.1.Name=state&Filter.1.Value.1=associated"
                + "&MaxResults=5&NextToken=n").input();
        assertEquals(List.of("iip-assoc-0123456789abcdef0"), associations.stringList("AssociationIds"));
        assertEquals("state", associations.structList("Filters").get(0).string("Name"));
        assertEquals(List.of("associated"), associations.structList("Filters").get(0).stringList("Values"));
        assertEquals(5, associations.integer("MaxResults"));
        assertEquals("n", associations.string("NextToken"));

        StructValue metadata = decode("Action=ModifyInstanceMetadataOptions&Version=2016-11-15"
                + "&InstanceId=i-0123456789abcdef0&HttpTokens=required&HttpPutResponseHopLimit=2"
                + "&HttpEndpoint=enabled&DryRun=false").input();
        assertEquals("i-0123456789abcdef0", metadata.string("InstanceId"));
        assertEquals("required", metadata.string("HttpTokens"));
        assertEquals(2, metadata.integer("HttpPutResponseHopLimit"));
        assertEquals("enabled", metadata.string("HttpEndpoint"));
        assertEquals(false, metadata.optionalBoolean("DryRun").orElseThrow());
    }

    @Test
    void queryProtocolNamesAreNotEc2s() {
        // The awsQuery spelling of a list (InstanceIds.member.1) is not EC2's: the member is not read.
        assertFalse(decode("Action=DescribeInstances&Version=2016-11-15&InstanceIds.member.1=i-0123456789abcdef0")
                .input().has("InstanceIds"));
        // A lower-case locationName is not the input name either: EC2 capitalizes it.
        assertFalse(decode("Action=DescribeInstances&Version=2016-11-15&dryRun=true").input().has("DryRun"));
    }

    @Test
    void unknownActionsAndVersionsAreRefusedInEc2sWords() {
        ServiceException unknown = decodeError("Action=RunInstances&Version=2016-11-15");
        assertEquals(AwsErrorCode.INVALID_ACTION, unknown.errorCode());
        assertEquals("The action RunInstances is not valid for this web service.", unknown.getMessage());

        Ec2Codec none = CODEC.serving((service, operation) -> false);
        ServiceException unserved = assertThrows(ServiceException.class, () -> none.decode(
                FormParameters.of(Map.of("Action", "DescribeInstances", "Version", "2016-11-15"))));
        assertEquals(AwsErrorCode.INVALID_ACTION, unserved.errorCode());
        assertEquals("The action DescribeInstances is not valid for this web service.", unserved.getMessage());

        assertEquals(AwsErrorCode.MISSING_ACTION, decodeError("Version=2016-11-15").errorCode());
        ServiceException noVersion = decodeError("Action=DescribeInstances");
        assertEquals(AwsErrorCode.MISSING_PARAMETER, noVersion.errorCode());
        assertEquals("The request must contain the parameter Version", noVersion.getMessage());
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE,
                decodeError("Action=DescribeInstances&Version=2015-10-01").errorCode());
    }

    @Test
    void aMissingRequiredParameterIsNamedAsTheClientSendsIt() {
        ServiceException e = decodeError("Action=AssociateIamInstanceProfile&Version=2016-11-15"
                + "&IamInstanceProfile.Name=web");
        assertEquals(AwsErrorCode.MISSING_PARAMETER, e.errorCode());
        assertEquals(400, e.httpStatus());
        assertEquals("The request must contain the parameter InstanceId", e.getMessage());
        assertEquals("The request must contain the parameter AssociationId",
                decodeError("Action=DisassociateIamInstanceProfile&Version=2016-11-15").getMessage());
    }

    @Test
    void valuesOutsideTheirEnumOrRangeAreInvalidParameterValues() {
        ServiceException tokens = decodeError("Action=ModifyInstanceMetadataOptions&Version=2016-11-15"
                + "&InstanceId=i-0123456789abcdef0&HttpTokens=sometimes");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, tokens.errorCode());
        assertEquals("Value (sometimes) for parameter HttpTokens is invalid. Valid values: optional, required.",
                tokens.getMessage());
        ServiceException max = decodeError("Action=DescribeIamInstanceProfileAssociations&Version=2016-11-15"
                + "&MaxResults=4");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, max.errorCode());
        assertEquals("Value (4) for parameter MaxResults is invalid. It must be between 5 and 1000.", max.getMessage());
        ServiceException notANumber = decodeError("Action=ModifyInstanceMetadataOptions&Version=2016-11-15"
                + "&InstanceId=i-0123456789abcdef0&HttpPutResponseHopLimit=two");
        assertEquals(AwsErrorCode.INVALID_PARAMETER_VALUE, notANumber.errorCode());
    }

    private static StructValue association(String state) {
        return StructValue.builder()
                .put("AssociationId", "iip-assoc-0123456789abcdef0")
                .put("InstanceId", "i-0123456789abcdef0")
                .put("IamInstanceProfile", StructValue.builder().put("Arn", ROLE_PROFILE)
                        .put("Id", "AIPAJBLK7RKJKWDXVHIEC").build())
                .put("State", state)
                .put("Timestamp", Instant.parse("2026-12-08T01:02:03Z"))
                .build();
    }

    private static final String ASSOCIATE_XML = DECLARATION
            + "<AssociateIamInstanceProfileResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>" + REQUEST_ID + "</requestId>"
            + "<iamInstanceProfileAssociation><associationId>iip-assoc-0123456789abcdef0</associationId>"
            + "<instanceId>i-0123456789abcdef0</instanceId>"
            + "<iamInstanceProfile><arn>" + ROLE_PROFILE + "</arn><id>AIPAJBLK7RKJKWDXVHIEC</id></iamInstanceProfile>"
            + "<state>associating</state><timestamp>2026-12-08T01:02:03.000Z</timestamp>"
            + "</iamInstanceProfileAssociation></AssociateIamInstanceProfileResponse>";

    private static final String DESCRIBE_INSTANCES_XML = DECLARATION
            + "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>" + REQUEST_ID + "</requestId><nextToken>next</nextToken>"
            + "<reservationSet><item><reservationId>r-0123456789abcdef0</reservationId><ownerId>123456789012</ownerId>"
            + "<groupSet></groupSet>"
            + "<instancesSet><item>"
            + "<iamInstanceProfile><arn>" + ROLE_PROFILE + "</arn><id>AIPAJBLK7RKJKWDXVHIEC</id></iamInstanceProfile>"
            + "<tagSet><item><key>Name</key><value>web &amp; db</value></item></tagSet>"
            + "<metadataOptions><state>applied</state><httpTokens>optional</httpTokens>"
            + "<httpPutResponseHopLimit>1</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint></metadataOptions>"
            + "<instanceId>i-0123456789abcdef0</instanceId>"
            + "<instanceState><code>16</code><name>running</name></instanceState>"
            + "<launchTime>2026-12-08T01:02:03.456Z</launchTime>"
            + "<placement><availabilityZone>eu-west-1a</availabilityZone></placement>"
            + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";

    private static DecodedRequest request(String operation) {
        return new DecodedRequest(EC2, EC2.operation(operation).orElseThrow(), StructValue.EMPTY);
    }

    private static StructValue describeInstancesOutput() {
        StructValue instance = StructValue.builder()
                .put("InstanceId", "i-0123456789abcdef0")
                .put("State", StructValue.builder().put("Code", 16).put("Name", "running").build())
                .put("IamInstanceProfile", StructValue.builder().put("Arn", ROLE_PROFILE)
                        .put("Id", "AIPAJBLK7RKJKWDXVHIEC").build())
                .putList("Tags", List.of(StructValue.builder().put("Key", "Name").put("Value", "web & db").build()))
                .put("MetadataOptions", StructValue.builder().put("State", "applied").put("HttpTokens", "optional")
                        .put("HttpPutResponseHopLimit", 1).put("HttpEndpoint", "enabled").build())
                .put("LaunchTime", Instant.parse("2026-12-08T01:02:03.456Z"))
                .put("Placement", StructValue.builder().put("AvailabilityZone", "eu-west-1a").build())
                .build();
        StructValue reservation = StructValue.builder()
                .put("ReservationId", "r-0123456789abcdef0")
                .put("OwnerId", "123456789012")
                .putList("Groups", List.of())
                .putList("Instances", List.of(instance))
                .build();
        return StructValue.builder().putList("Reservations", List.of(reservation)).put("NextToken", "next").build();
    }

    @Test
    void resultsHaveNoWrapperTheirRequestIdFirstAndEc2sElementNamesInModelOrder() {
        assertEquals(ASSOCIATE_XML, text(CODEC.encodeResult(request("AssociateIamInstanceProfile"),
                StructValue.builder().put("IamInstanceProfileAssociation", association("associating")).build(),
                REQUEST_ID)));
        assertEquals(DESCRIBE_INSTANCES_XML, text(CODEC.encodeResult(request("DescribeInstances"),
                describeInstancesOutput(), REQUEST_ID)));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encodeResult(request("DescribeInstances"),
                StructValue.builder().put("NoSuchMember", "x").build(), REQUEST_ID));
    }

    @Test
    void errorsAreInEc2sEnvelope() {
        ServiceException error = new ServiceException(AwsErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
                "The instance ID 'i-1a2b3c4d' does not exist");
        assertEquals(DECLARATION + "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>"
                + "<Message>The instance ID &apos;i-1a2b3c4d&apos; does not exist</Message></Error></Errors>"
                + "<RequestID>" + REQUEST_ID + "</RequestID></Response>", text(CODEC.encodeError(error, REQUEST_ID)));
    }

    @Test
    void ec2NamesTheEndpointsErrorsItsOwnWay() {
        ServiceException unknownKey = WireProtocol.EC2.named(new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID,
                "The security token included in the request is invalid."));
        assertEquals(AwsErrorCode.AUTH_FAILURE, unknownKey.errorCode());
        assertEquals(401, unknownKey.httpStatus());
        assertEquals("AWS was not able to validate the provided access credentials", unknownKey.getMessage());
        ServiceException badSignature = WireProtocol.EC2.named(new ServiceException(
                AwsErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not match"));
        assertEquals(AwsErrorCode.AUTH_FAILURE, badSignature.errorCode());
        ServiceException skew = WireProtocol.EC2.named(new ServiceException(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "Signature expired: 20261208T000000Z is now earlier than 20261208T004500Z (20261208T010000Z - 15 min.)"));
        assertEquals(AwsErrorCode.REQUEST_EXPIRED, skew.errorCode());
        assertEquals(400, skew.httpStatus());
        assertEquals(AwsErrorCode.REQUEST_EXPIRED, WireProtocol.EC2.named(new ServiceException(AwsErrorCode.EXPIRED_TOKEN,
                "The security token included in the request is expired")).errorCode());
        ServiceException denied = WireProtocol.EC2.named(new ServiceException(AwsErrorCode.ACCESS_DENIED,
                "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: ec2:DescribeInstances"));
        assertEquals(AwsErrorCode.UNAUTHORIZED_OPERATION, denied.errorCode());
        assertEquals(403, denied.httpStatus());
        assertEquals("You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/bob"
                + " is not authorized to perform: ec2:DescribeInstances", denied.getMessage());
        assertEquals(denied.getMessage(), WireProtocol.EC2.named(denied).getMessage(), "named once");
        ServiceException unsigned = WireProtocol.EC2.named(new ServiceException(
                AwsErrorCode.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token"));
        assertEquals(AwsErrorCode.MISSING_PARAMETER, unsigned.errorCode());
        assertEquals("The request must contain the parameter AWSAccessKeyId", unsigned.getMessage());
        assertEquals(AwsErrorCode.INTERNAL_ERROR, WireProtocol.EC2.named(new ServiceException(
                AwsErrorCode.INTERNAL_FAILURE, "boom")).errorCode());
        assertEquals(412, AwsErrorCode.DRY_RUN_OPERATION.httpStatus());
    }

    @Test
    void botocoresEc2ParserReadsWhatTheCodecWrites() {
        String error = text(CODEC.encodeError(new ServiceException(AwsErrorCode.INVALID_ASSOCIATION_ID_NOT_FOUND,
                "The association iip-assoc-0123456789abcdef0 is not found"), REQUEST_ID));
        Map<String, JsonNode> parsed = TestSupport.botocoreParse(List.of(
                TestSupport.BotocoreRequest.real("associate", 200, ASSOCIATE_XML, "ec2", "AssociateIamInstanceProfile"),
                TestSupport.BotocoreRequest.real("describe", 200, DESCRIBE_INSTANCES_XML, "ec2", "DescribeInstances"),
                TestSupport.BotocoreRequest.real("error", 400, error, "ec2", "DisassociateIamInstanceProfile")));

        JsonNode associate = parsed.get("associate");
        assertFalse(associate.has("botocoreError"), associate.toString());
        JsonNode association = associate.path("IamInstanceProfileAssociation");
        assertEquals("iip-assoc-0123456789abcdef0", association.path("AssociationId").asText());
        assertEquals(ROLE_PROFILE, association.path("IamInstanceProfile").path("Arn").asText());
        assertEquals("associating", association.path("State").asText());
        assertEquals(Instant.parse("2026-12-08T01:02:03Z").getEpochSecond(), association.path("Timestamp").asLong());
        assertEquals(REQUEST_ID, associate.path("ResponseMetadata").path("RequestId").asText());

        JsonNode describe = parsed.get("describe");
        assertFalse(describe.has("botocoreError"), describe.toString());
        JsonNode instance = describe.path("Reservations").path(0).path("Instances").path(0);
        assertEquals("r-0123456789abcdef0", describe.path("Reservations").path(0).path("ReservationId").asText());
        assertEquals("i-0123456789abcdef0", instance.path("InstanceId").asText());
        assertEquals("running", instance.path("State").path("Name").asText());
        assertEquals(16, instance.path("State").path("Code").asInt());
        assertEquals("web & db", instance.path("Tags").path(0).path("Value").asText());
        assertEquals(1, instance.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt());
        assertEquals(1796691723.456, instance.path("LaunchTime").asDouble(), 1e-6);
        assertEquals("eu-west-1a", instance.path("Placement").path("AvailabilityZone").asText());
        assertEquals("next", describe.path("NextToken").asText());

        JsonNode err = parsed.get("error");
        assertEquals("InvalidAssociationID.NotFound", err.path("Error").path("Code").asText(), err.toString());
        assertEquals("The association iip-assoc-0123456789abcdef0 is not found", err.path("Error").path("Message").asText());
        assertEquals(REQUEST_ID, err.path("ResponseMetadata").path("RequestId").asText());
        assertTrue(err.path("Error").path("Type").isMissingNode(), "EC2 errors have no Type");
    }
}
