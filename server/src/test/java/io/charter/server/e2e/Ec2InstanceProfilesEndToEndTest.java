package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import io.charter.server.domain.Instances;
import io.charter.server.identity.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociationState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * EC2's instance-profile calls over instances registered with Charter, end to end with the AWS SDK
 * for Java v2's EC2 client and the unchanged AWS CLI: describe, attach (with iam:PassRole and the
 * role's trust checked), replace, detach, metadata options, DryRun, filters, pagination, regions,
 * and EC2's errors.
 */
class Ec2InstanceProfilesEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String EC2_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String LAMBDA_TRUST = EC2_TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com");

    private static TestServer server;
    private static Instances instances;
    private static AwsBasicCredentials root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        instances = server.server().domain().instances();
        root = server.rootCredentials();
        try (IamClient iam = server.rootIam()) {
            profile(iam, "web", "web-role", EC2_TRUST);
            profile(iam, "db", "db-role", EC2_TRUST);
            profile(iam, "lambda", "lambda-role", LAMBDA_TRUST);
            iam.createInstanceProfile(r -> r.instanceProfileName("empty"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void profile(IamClient iam, String profile, String role, String trust) {
        iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trust));
        iam.createInstanceProfile(r -> r.instanceProfileName(profile));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(role));
    }

    private static String profileArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":instance-profile/" + name;
    }

    private static Instance register(String name) {
        return register(name, "us-east-1");
    }

    private static Instance register(String name, String region) {
        return instances.register(ACCOUNT, name, region).instance();
    }

    private static Ec2Client rootEc2() {
        return server.ec2(root);
    }

    private static Ec2Exception ec2Error(String code, int status, Executable call) {
        Ec2Exception e = assertThrows(Ec2Exception.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode(), e.getMessage());
        return e;
    }

    private static IamInstanceProfileAssociation associate(Ec2Client ec2, String instanceId, String profile) {
        return ec2.associateIamInstanceProfile(r -> r.instanceId(instanceId).iamInstanceProfile(p -> p.name(profile)))
                .iamInstanceProfileAssociation();
    }

    private static software.amazon.awssdk.services.ec2.model.Instance described(Ec2Client ec2, String instanceId) {
        DescribeInstancesResponse response = ec2.describeInstances(r -> r.instanceIds(instanceId));
        assertEquals(1, response.reservations().size());
        assertEquals(1, response.reservations().get(0).instances().size());
        return response.reservations().get(0).instances().get(0);
    }

    @Test
    void aRegisteredInstanceIsDescribedAsEc2DescribesARunningOne() {
        Instance instance = register("described");
        try (Ec2Client ec2 = rootEc2()) {
            DescribeInstancesResponse response = ec2.describeInstances(r -> r.instanceIds(instance.instanceId()));
            assertEquals(instance.reservationId(), response.reservations().get(0).reservationId());
            assertEquals(ACCOUNT, response.reservations().get(0).ownerId());
            var described = response.reservations().get(0).instances().get(0);
            assertEquals(instance.instanceId(), described.instanceId());
            assertEquals("running", described.state().nameAsString());
            assertEquals(16, described.state().code());
            assertEquals("us-east-1a", described.placement().availabilityZone());
            assertEquals(instance.createdAt().toEpochMilli(), described.launchTime().toEpochMilli());
            assertEquals("Name", described.tags().get(0).key());
            assertEquals("described", described.tags().get(0).value());
            assertEquals(null, described.iamInstanceProfile());
            InstanceMetadataOptionsResponse options = described.metadataOptions();
            assertEquals("applied", options.stateAsString());
            assertEquals(HttpTokensState.OPTIONAL, options.httpTokens());
            assertEquals(1, options.httpPutResponseHopLimit());
            assertEquals("enabled", options.httpEndpointAsString());
        }
    }

    @Test
    void aProfileIsAttachedReplacedAndDetached() {
        Instance instance = register("lifecycle");
        try (Ec2Client ec2 = rootEc2()) {
            IamInstanceProfileAssociation attached = associate(ec2, instance.instanceId(), "web");
            assertTrue(attached.associationId().matches("iip-assoc-[0-9a-f]{17}"), attached.associationId());
            assertEquals(instance.instanceId(), attached.instanceId());
            assertEquals(profileArn("web"), attached.iamInstanceProfile().arn());
            assertTrue(attached.iamInstanceProfile().id().startsWith("AIPA"), attached.iamInstanceProfile().id());
            assertEquals(IamInstanceProfileAssociationState.ASSOCIATING, attached.state());
            assertEquals(profileArn("web"), described(ec2, instance.instanceId()).iamInstanceProfile().arn());

            List<IamInstanceProfileAssociation> listed = ec2.describeIamInstanceProfileAssociations(r -> r
                    .associationIds(attached.associationId())).iamInstanceProfileAssociations();
            assertEquals(1, listed.size());
            assertEquals(IamInstanceProfileAssociationState.ASSOCIATED, listed.get(0).state());
            assertEquals(attached.timestamp(), listed.get(0).timestamp());

            Ec2Exception twice = ec2Error("IncorrectState", 400, () -> associate(ec2, instance.instanceId(), "db"));
            assertEquals("There is an existing association for instance " + instance.instanceId(),
                    twice.awsErrorDetails().errorMessage());

            IamInstanceProfileAssociation replaced = ec2.replaceIamInstanceProfileAssociation(r -> r
                    .associationId(attached.associationId())
                    .iamInstanceProfile(p -> p.arn(profileArn("db")))).iamInstanceProfileAssociation();
            assertNotEquals(attached.associationId(), replaced.associationId());
            assertEquals(profileArn("db"), replaced.iamInstanceProfile().arn());
            assertEquals(profileArn("db"), described(ec2, instance.instanceId()).iamInstanceProfile().arn());
            ec2Error("InvalidAssociationID.NotFound", 400, () -> ec2.disassociateIamInstanceProfile(r -> r
                    .associationId(attached.associationId())));

            IamInstanceProfileAssociation detached = ec2.disassociateIamInstanceProfile(r -> r
                    .associationId(replaced.associationId())).iamInstanceProfileAssociation();
            assertEquals(IamInstanceProfileAssociationState.DISASSOCIATING, detached.state());
            assertEquals(null, described(ec2, instance.instanceId()).iamInstanceProfile());
            assertTrue(ec2.describeIamInstanceProfileAssociations(r -> r.filters(Filter.builder().name("instance-id")
                    .values(instance.instanceId()).build())).iamInstanceProfileAssociations().isEmpty());

            // A profile without a role attaches too: the instance then has no role to give.
            assertEquals(profileArn("empty"), associate(ec2, instance.instanceId(), "empty").iamInstanceProfile().arn());
        }
    }

    @Test
    void badInstancesProfilesAndAssociationsAreEc2sErrors() {
        Instance instance = register("errors");
        try (Ec2Client ec2 = rootEc2()) {
            Ec2Exception missing = ec2Error("InvalidInstanceID.NotFound", 400,
                    () -> associate(ec2, "i-0123456789abcdef0", "web"));
            assertEquals("The instance ID 'i-0123456789abcdef0' does not exist", missing.awsErrorDetails().errorMessage());
            Ec2Exception malformed = ec2Error("InvalidInstanceID.Malformed", 400,
                    () -> ec2.describeInstances(r -> r.instanceIds("i-nope")));
            assertEquals("Invalid id: \"i-nope\"", malformed.awsErrorDetails().errorMessage());
            ec2Error("InvalidInstanceID.NotFound", 400,
                    () -> ec2.describeInstances(r -> r.instanceIds(instance.instanceId(), "i-0123456789abcdef0")));

            Ec2Exception noProfile = ec2Error("InvalidParameterValue", 400,
                    () -> associate(ec2, instance.instanceId(), "nonexistent"));
            assertEquals("Value (nonexistent) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance"
                    + " Profile name", noProfile.awsErrorDetails().errorMessage());
            ec2Error("InvalidParameterValue", 400, () -> ec2.associateIamInstanceProfile(r -> r
                    .instanceId(instance.instanceId()).iamInstanceProfile(p -> p.arn(profileArn("nonexistent")))));
            Ec2Exception untrusted = ec2Error("InvalidParameterValue", 400,
                    () -> associate(ec2, instance.instanceId(), "lambda"));
            assertTrue(untrusted.awsErrorDetails().errorMessage().contains("does not allow ec2.amazonaws.com to assume it"),
                    untrusted.awsErrorDetails().errorMessage());
            ec2Error("MissingParameter", 400, () -> ec2.associateIamInstanceProfile(r -> r
                    .iamInstanceProfile(p -> p.name("web"))));
            ec2Error("InvalidAssociationID.NotFound", 400, () -> ec2.disassociateIamInstanceProfile(r -> r
                    .associationId("iip-assoc-0123456789abcdef0")));
            ec2Error("InvalidAssociationID.NotFound", 400, () -> ec2.describeIamInstanceProfileAssociations(r -> r
                    .associationIds("iip-assoc-0123456789abcdef0")));
            ec2Error("InvalidParameterValue", 400, () -> ec2.describeInstances(r -> r
                    .filters(Filter.builder().name("no-such-filter").values("x").build())));
        }
    }

    @Test
    void attachingTakesPassRoleForEc2AndTheDenialDecodes() {
        Instance instance = register("guarded");
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/web-role";
        AwsCredentials withoutPassRole = server.userWithKey("no-pass", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"ec2:*\",\"sts:DecodeAuthorizationMessage\"],\"Resource\":\"*\"}]}");
        AwsCredentials passToLambda = server.userWithKey("pass-to-lambda", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"" + roleArn + "\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"lambda.amazonaws.com\"}}}]}");
        AwsCredentials operator = server.userWithKey("operator", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"ec2:AssociateIamInstanceProfile\",\"ec2:DescribeInstances\"],"
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"ec2:Region\":\"us-east-1\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"" + roleArn + "\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}");

        try (Ec2Client ec2 = server.ec2(withoutPassRole); StsClient sts = server.sts(withoutPassRole)) {
            Ec2Exception denied = ec2Error("UnauthorizedOperation", 403, () -> associate(ec2, instance.instanceId(), "web"));
            String message = denied.awsErrorDetails().errorMessage();
            assertTrue(message.startsWith("You are not authorized to perform this operation. User: arn:aws:iam::"
                    + ACCOUNT + ":user/no-pass is not authorized to perform: iam:PassRole on resource: " + roleArn), message);
            String encoded = message.substring(message.indexOf("Encoded authorization failure message: ")
                    + "Encoded authorization failure message: ".length());
            String decoded = sts.decodeAuthorizationMessage(r -> r.encodedMessage(encoded)).decodedMessage();
            assertTrue(decoded.contains("iam:PassRole") && decoded.contains("ec2.amazonaws.com"), decoded);
        }
        try (Ec2Client ec2 = server.ec2(passToLambda)) {
            ec2Error("UnauthorizedOperation", 403, () -> associate(ec2, instance.instanceId(), "web"));
        }
        try (Ec2Client ec2 = server.ec2(operator)) {
            IamInstanceProfileAssociation attached = associate(ec2, instance.instanceId(), "web");
            assertEquals(instance.instanceId(), attached.instanceId());
            Ec2Exception notAllowed = ec2Error("UnauthorizedOperation", 403, () -> ec2.disassociateIamInstanceProfile(
                    r -> r.associationId(attached.associationId())));
            assertTrue(notAllowed.awsErrorDetails().errorMessage().contains("ec2:DisassociateIamInstanceProfile"));
        }
        try (Ec2Client ec2 = server.ec2(operator, Region.EU_WEST_1)) {
            ec2Error("UnauthorizedOperation", 403, ec2::describeInstances);
        }
    }

    @Test
    void dryRunAnswersWhetherTheCallerMay() {
        Instance instance = register("dry");
        AwsCredentials viewer = server.userWithKey("viewer", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeInstances\",\"Resource\":\"*\"}]}");
        try (Ec2Client ec2 = server.ec2(viewer)) {
            Ec2Exception dry = ec2Error("DryRunOperation", 412, () -> ec2.describeInstances(r -> r.dryRun(true)));
            assertEquals("Request would have succeeded, but DryRun flag is set.", dry.awsErrorDetails().errorMessage());
            ec2Error("UnauthorizedOperation", 403, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpTokens(HttpTokensState.REQUIRED).dryRun(true)));
        }
        try (Ec2Client ec2 = rootEc2()) {
            ec2Error("DryRunOperation", 412, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpTokens(HttpTokensState.REQUIRED).dryRun(true)));
            assertEquals(HttpTokensState.OPTIONAL, described(ec2, instance.instanceId()).metadataOptions().httpTokens(),
                    "a dry run changes nothing");
        }
    }

    @Test
    void metadataOptionsChangeAndAreChecked() {
        Instance instance = register("imds");
        try (Ec2Client ec2 = rootEc2()) {
            ModifyInstanceMetadataOptionsResponse modified = ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpTokens(HttpTokensState.REQUIRED).httpPutResponseHopLimit(2));
            assertEquals(instance.instanceId(), modified.instanceId());
            assertEquals("pending", modified.instanceMetadataOptions().stateAsString());
            assertEquals(HttpTokensState.REQUIRED, modified.instanceMetadataOptions().httpTokens());
            assertEquals(2, modified.instanceMetadataOptions().httpPutResponseHopLimit());
            InstanceMetadataOptionsResponse options = described(ec2, instance.instanceId()).metadataOptions();
            assertEquals("applied", options.stateAsString());
            assertEquals(HttpTokensState.REQUIRED, options.httpTokens());
            assertEquals(2, options.httpPutResponseHopLimit());
            assertEquals("enabled", options.httpEndpointAsString());
            assertEquals("required", instances.find(instance.instanceId()).orElseThrow().metadataOptions().httpTokens());

            ec2.modifyInstanceMetadataOptions(r -> r.instanceId(instance.instanceId()).httpEndpoint("disabled"));
            assertEquals("disabled", described(ec2, instance.instanceId()).metadataOptions().httpEndpointAsString());
            assertEquals(HttpTokensState.REQUIRED, described(ec2, instance.instanceId()).metadataOptions().httpTokens(),
                    "options not given stay");

            ec2Error("InvalidParameterValue", 400, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpPutResponseHopLimit(65)));
            ec2Error("InvalidParameterValue", 400, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpTokens("sometimes")));
            ec2Error("InvalidParameterValue", 400, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId(instance.instanceId()).httpProtocolIpv6("enabled")));
            ec2Error("InvalidInstanceID.NotFound", 400, () -> ec2.modifyInstanceMetadataOptions(r -> r
                    .instanceId("i-0123456789abcdef0").httpTokens(HttpTokensState.REQUIRED)));
        }
    }

    @Test
    void filtersPickInstancesByIdNameAndProfile() {
        Instance web = register("filter-web-1");
        Instance db = register("filter-db-1");
        try (Ec2Client ec2 = rootEc2()) {
            associate(ec2, web.instanceId(), "web");
            assertEquals(List.of(web.instanceId()), ids(ec2, r -> r.filters(tagName("filter-web-*"))));
            assertEquals(List.of(web.instanceId(), db.instanceId()).stream().sorted().toList(),
                    ids(ec2, r -> r.filters(tagName("filter-?*-1"))));
            assertEquals(List.of(web.instanceId()), ids(ec2, r -> r.filters(tagName("filter-*"),
                    Filter.builder().name("iam-instance-profile.arn").values(profileArn("web")).build())));
            assertEquals(List.of(db.instanceId()), ids(ec2, r -> r.filters(
                    Filter.builder().name("instance-id").values(db.instanceId()).build())));
            assertEquals(List.of(), ids(ec2, r -> r.filters(tagName("filter-*"),
                    Filter.builder().name("instance-state-name").values("stopped").build())));
            assertTrue(ids(ec2, r -> r.filters(Filter.builder().name("tag-key").values("Name").build()))
                    .containsAll(List.of(web.instanceId(), db.instanceId())));
            assertEquals(1, ec2.describeIamInstanceProfileAssociations(r -> r.filters(
                    Filter.builder().name("instance-id").values(web.instanceId()).build(),
                    Filter.builder().name("state").values("associated").build())).iamInstanceProfileAssociations().size());
        }
    }

    private static Filter tagName(String pattern) {
        return Filter.builder().name("tag:Name").values(pattern).build();
    }

    private static List<String> ids(Ec2Client ec2, Consumer<DescribeInstancesRequest.Builder> request) {
        List<String> ids = new ArrayList<>();
        ec2.describeInstances(request).reservations().forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
        return ids;
    }

    @Test
    void pagesFollowNextTokenAndInstancesStayInTheirRegion() {
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            registered.add(register("paged-" + i, "eu-central-1").instanceId());
        }
        try (Ec2Client ec2 = server.ec2(root, Region.EU_CENTRAL_1)) {
            DescribeInstancesResponse first = ec2.describeInstances(r -> r.maxResults(5));
            assertEquals(5, first.reservations().size());
            assertTrue(first.nextToken() != null && !first.nextToken().isEmpty());
            DescribeInstancesResponse second = ec2.describeInstances(r -> r.maxResults(5).nextToken(first.nextToken()));
            assertEquals(2, second.reservations().size());
            assertEquals(null, second.nextToken());
            List<String> seen = new ArrayList<>();
            for (DescribeInstancesResponse page : List.of(first, second)) {
                page.reservations().forEach(r -> seen.add(r.instances().get(0).instanceId()));
            }
            assertEquals(registered.stream().sorted().toList(), seen);
            // The SDK's paginator walks the same pages.
            assertEquals(7, ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream().count());

            ec2Error("InvalidParameterCombination", 400, () -> ec2.describeInstances(r -> r.maxResults(5)
                    .instanceIds(registered.get(0))));
            ec2Error("InvalidParameterValue", 400, () -> ec2.describeInstances(r -> r.maxResults(4)));
            ec2Error("InvalidPaginationToken", 400, () -> ec2.describeInstances(r -> r.nextToken("not-a-token")));
        }
        try (Ec2Client ec2 = rootEc2()) {
            assertFalse(ids(ec2, r -> { }).contains(registered.get(0)), "an instance exists in its own region only");
            ec2Error("InvalidInstanceID.NotFound", 400, () -> ec2.describeInstances(r -> r.instanceIds(registered.get(0))));
        }
    }

    @Test
    void anInstancesOwnCredentialCannotCallEc2() {
        Instances.Registered registered = instances.register(ACCOUNT, "self", "us-east-1");
        try (Ec2Client ec2 = server.ec2(AwsBasicCredentials.create(registered.instance().accessKeyId(),
                registered.secretAccessKey()))) {
            ec2Error("UnauthorizedOperation", 403, ec2::describeInstances);
        }
    }

    @Test
    void theCliAttachesAProfileUnchanged() {
        Instance instance = register("cli");
        Map<String, String> env = Processes.cli(server.endpoint(), root.accessKeyId(), root.secretAccessKey(), null);
        Processes.Result attached = Processes.aws(env, TIMEOUT, "ec2", "associate-iam-instance-profile",
                "--instance-id", instance.instanceId(), "--iam-instance-profile", "Name=web");
        assertEquals(0, attached.exitCode(), attached.stderr());
        JsonNode association = Processes.json(attached.stdout()).get("IamInstanceProfileAssociation");
        assertEquals(instance.instanceId(), association.get("InstanceId").asText());
        assertEquals(profileArn("web"), association.get("IamInstanceProfile").get("Arn").asText());
        assertEquals("associating", association.get("State").asText());

        Processes.Result listed = Processes.aws(env, TIMEOUT, "ec2", "describe-iam-instance-profile-associations",
                "--filters", "Name=instance-id,Values=" + instance.instanceId());
        assertEquals(0, listed.exitCode(), listed.stderr());
        JsonNode associations = Processes.json(listed.stdout()).get("IamInstanceProfileAssociations");
        assertEquals(1, associations.size());
        assertEquals("associated", associations.get(0).get("State").asText());

        Processes.Result modified = Processes.aws(env, TIMEOUT, "ec2", "modify-instance-metadata-options",
                "--instance-id", instance.instanceId(), "--http-tokens", "required", "--http-put-response-hop-limit", "3");
        assertEquals(0, modified.exitCode(), modified.stderr());
        assertEquals("required", Processes.json(modified.stdout()).get("InstanceMetadataOptions").get("HttpTokens").asText());

        Processes.Result described = Processes.aws(env, TIMEOUT, "ec2", "describe-instances",
                "--filters", "Name=tag:Name,Values=cli");
        assertEquals(0, described.exitCode(), described.stderr());
        JsonNode shown = Processes.json(described.stdout()).get("Reservations").get(0).get("Instances").get(0);
        assertEquals(instance.instanceId(), shown.get("InstanceId").asText());
        assertEquals(profileArn("web"), shown.get("IamInstanceProfile").get("Arn").asText());
        assertEquals(3, shown.get("MetadataOptions").get("HttpPutResponseHopLimit").asInt());

        Processes.Result detached = Processes.aws(env, TIMEOUT, "ec2", "disassociate-iam-instance-profile",
                "--association-id", association.get("AssociationId").asText());
        assertEquals(0, detached.exitCode(), detached.stderr());
        Processes.assertCliError(Processes.aws(env, TIMEOUT, "ec2", "associate-iam-instance-profile",
                "--instance-id", "i-0123456789abcdef0", "--iam-instance-profile", "Name=web"), "InvalidInstanceID.NotFound");
        Processes.assertCliError(Processes.aws(env, TIMEOUT, "ec2", "describe-instances", "--dry-run"), "DryRunOperation");
    }
}
