package io.charter.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityPermissions;
import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * {@code charter:Authorize} over HTTP against a real server: a service (here "orders") forwards the
 * requests its clients signed with the AWS SDK for Java v2's own signer, and Charter answers who
 * signed and what the policies decide; the Authorize call itself is signed with the service's key.
 */
class AuthorizeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String ORDER = "arn:aws:orders:us-east-1:" + ACCOUNT + ":order/42";
    private static final String EMPTY_BODY_HASH = sha256("");

    private static TestServer server;
    private static AwsBasicCredentials service;
    private static AwsBasicCredentials alice;
    private static String aliceId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        service = server.userWithKey("orders-service", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"charter:Authorize","Resource":"*"}]}""");
        alice = server.userWithKey("alice", """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"ReadOrders","Effect":"Allow","Action":"orders:GetOrder",
                  "Resource":"arn:aws:orders:us-east-1:123456789012:order/*"},
                 {"Sid":"NeverDelete","Effect":"Deny","Action":"orders:DeleteOrder","Resource":"*"},
                 {"Effect":"Allow","Action":"orders:DeleteOrder","Resource":"*"},
                 {"Sid":"ListFromOffice","Effect":"Allow","Action":"orders:ListOrders","Resource":"*",
                  "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
                 {"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"],"Resource":"*"}]}""");
        try (IamClient root = server.rootIam()) {
            aliceId = root.getUser(r -> r.userName("alice")).user().userId();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anIamUserAllowedByItsIdentityPolicy() throws Exception {
        JsonNode answer = authorize(service, request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder",
                ORDER));
        assertTrue(answer.path("Authenticated").asBoolean());
        assertEquals("allowed", answer.path("Decision").asText());
        JsonNode principal = answer.path("Principal");
        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/alice", principal.path("Arn").asText());
        assertEquals(ACCOUNT, principal.path("AccountId").asText());
        assertEquals("IAMUser", principal.path("Type").asText());
        assertEquals(aliceId, principal.path("UserId").asText());
        assertEquals(alice.accessKeyId(), principal.path("AccessKeyId").asText());
        assertEquals(0, principal.path("SessionTags").size());
        assertFalse(principal.has("SourceIdentity"));
        JsonNode result = answer.path("Results").get(0);
        assertEquals(ORDER, result.path("Resource").asText());
        assertEquals("allowed", result.path("Decision").asText());
        assertEquals("ReadOrders", result.path("MatchedStatements").get(0).path("StatementId").asText());
        assertEquals("identity-based", result.path("MatchedStatements").get(0).path("PolicyType").asText());
        assertEquals("Allow", result.path("MatchedStatements").get(0).path("Effect").asText());
    }

    @Test
    void anActionNoPolicyAllowsIsAnImplicitDenyWithItsExplanation() throws Exception {
        JsonNode answer = authorize(service, request(forwarded(alice, "orders", "POST", "/orders/42/cancel"),
                "orders:CancelOrder", ORDER));
        assertTrue(answer.path("Authenticated").asBoolean());
        assertEquals("implicitDeny", answer.path("Decision").asText());
        JsonNode result = answer.path("Results").get(0);
        assertEquals("implicitDeny", result.path("Decision").asText());
        assertEquals(0, result.path("MatchedStatements").size());
        assertEquals("no identity-based policy allows the orders:CancelOrder action", result.path("Explanation").asText());
    }

    @Test
    void anExplicitDenyWinsAndDecidesTheWholeCall() throws Exception {
        JsonNode answer = authorize(service, request(forwarded(alice, "orders", "DELETE", "/orders/42"),
                "orders:DeleteOrder", ORDER));
        assertEquals("explicitDeny", answer.path("Decision").asText());
        JsonNode result = answer.path("Results").get(0);
        assertEquals("explicitDeny", result.path("Decision").asText());
        assertEquals("NeverDelete", result.path("MatchedStatements").get(0).path("StatementId").asText());
        assertEquals("Deny", result.path("MatchedStatements").get(0).path("Effect").asText());

        // One result per resource, in order; the call is allowed only if every resource is.
        String elsewhere = "arn:aws:orders:us-east-1:" + ACCOUNT + ":invoice/7";
        JsonNode two = authorize(service, request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder",
                ORDER, elsewhere));
        assertEquals("implicitDeny", two.path("Decision").asText());
        assertEquals(List.of("allowed", "implicitDeny"), List.of(two.path("Results").get(0).path("Decision").asText(),
                two.path("Results").get(1).path("Decision").asText()));
        assertEquals(elsewhere, two.path("Results").get(1).path("Resource").asText());
    }

    @Test
    void sourceIpIsInTheContextOnlyWhenTheServicePassesIt() throws Exception {
        ObjectNode without = request(forwarded(alice, "orders", "GET", "/orders"), "orders:ListOrders", "*");
        assertEquals("implicitDeny", authorize(service, without).path("Decision").asText());
        ObjectNode inside = request(forwarded(alice, "orders", "GET", "/orders"), "orders:ListOrders", "*");
        inside.put("SourceIp", "10.1.2.3");
        assertEquals("allowed", authorize(service, inside).path("Decision").asText());
        ObjectNode outside = request(forwarded(alice, "orders", "GET", "/orders"), "orders:ListOrders", "*");
        outside.put("SourceIp", "192.0.2.1");
        assertEquals("implicitDeny", authorize(service, outside).path("Decision").asText());
    }

    @Test
    void aRoleSessionWithSessionTagsIsAnAssumedRoleAndItsTagsAreConditionKeys() throws Exception {
        String roleArn;
        try (IamClient root = server.rootIam()) {
            roleArn = root.createRole(r -> r.roleName("clerk").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::123456789012:root"},
                     "Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}""")).role().arn();
            root.putRolePolicy(r -> r.roleName("clerk").policyName("team").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:GetOrder","Resource":"*",
                     "Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}"""));
        }
        try (StsClient sts = server.sts(alice)) {
            AssumeRoleResponse blue = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("desk-1")
                    .sourceIdentity("alice").tags(Tag.builder().key("team").value("blue").build()));
            JsonNode answer = authorize(service, request(
                    forwarded(TestServer.session(blue.credentials()), "orders", "GET", "/orders/42"),
                    "orders:GetOrder", ORDER));
            assertTrue(answer.path("Authenticated").asBoolean());
            assertEquals("allowed", answer.path("Decision").asText());
            JsonNode principal = answer.path("Principal");
            assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/clerk/desk-1", principal.path("Arn").asText());
            assertEquals("AssumedRole", principal.path("Type").asText());
            assertEquals(blue.assumedRoleUser().assumedRoleId(), principal.path("UserId").asText());
            assertEquals(blue.credentials().accessKeyId(), principal.path("AccessKeyId").asText());
            assertEquals("alice", principal.path("SourceIdentity").asText());
            assertEquals("team", principal.path("SessionTags").get(0).path("Key").asText());
            assertEquals("blue", principal.path("SessionTags").get(0).path("Value").asText());

            AssumeRoleResponse red = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("desk-2")
                    .tags(Tag.builder().key("team").value("red").build()));
            JsonNode denied = authorize(service, request(
                    forwarded(TestServer.session(red.credentials()), "orders", "GET", "/orders/42"),
                    "orders:GetOrder", ORDER));
            assertEquals("implicitDeny", denied.path("Decision").asText());
            assertEquals("AssumedRole", denied.path("Principal").path("Type").asText());
        }
    }

    @Test
    void crossAccountNeedsTheResourcePolicyAndTheCallersOwnPolicy() throws Exception {
        Domain domain = server.server().domain();
        CreateAccountStatus created = domain.organizations().createAccount(
                domain.organizations().organization(ACCOUNT), "partner@example.com", "partner", "access", Instant.now());
        String partner = created.accountId().orElseThrow();
        IdentitySnapshot snapshot = server.server().directory().snapshot();
        Identity role = snapshot.principal(partner, IdentityKind.ROLE, "access").orElseThrow();
        snapshot.attachedPolicies(role.uniqueId())
                .forEach(arn -> domain.permissions().detach(EntityPermissions.holderOf(role), arn));
        domain.roles().delete(role);
        NewAccessKey partnerRootKey = domain.accessKeys().create(snapshot.principals().get(partner), Instant.now());
        AwsBasicCredentials bob;
        AwsBasicCredentials carol;
        try (IamClient partnerRoot = server.iam(partnerRootKey.accessKeyId(), partnerRootKey.secretAccessKey())) {
            bob = TestServer.userWithKey(partnerRoot, "bob", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:GetOrder","Resource":"*"}]}""");
            carol = TestServer.userWithKey(partnerRoot, "carol", null);
        }
        String bobArn = "arn:aws:iam::" + partner + ":user/bob";
        String carolArn = "arn:aws:iam::" + partner + ":user/carol";
        String resourcePolicy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
                 "Principal":{"AWS":["%s","%s"]},"Action":"orders:GetOrder","Resource":"%s"}]}"""
                .formatted(bobArn, carolArn, ORDER);

        ObjectNode withPolicy = request(forwarded(bob, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        withPolicy.put("ResourcePolicy", resourcePolicy);
        JsonNode allowed = authorize(service, withPolicy);
        assertEquals(bobArn, allowed.path("Principal").path("Arn").asText());
        assertEquals(partner, allowed.path("Principal").path("AccountId").asText());
        assertEquals("allowed", allowed.path("Decision").asText());
        assertEquals(List.of("identity-based", "resource-based"), List.of(
                allowed.path("Results").get(0).path("MatchedStatements").get(0).path("PolicyType").asText(),
                allowed.path("Results").get(0).path("MatchedStatements").get(1).path("PolicyType").asText()));

        JsonNode withoutPolicy = authorize(service, request(forwarded(bob, "orders", "GET", "/orders/42"),
                "orders:GetOrder", ORDER));
        assertEquals("implicitDeny", withoutPolicy.path("Decision").asText());

        // The resource policy alone is not enough across accounts: carol's own account grants nothing.
        ObjectNode carolAsks = request(forwarded(carol, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        carolAsks.put("ResourcePolicy", resourcePolicy);
        assertEquals("implicitDeny", authorize(service, carolAsks).path("Decision").asText());

        // A resource whose ARN names no account belongs to ResourceAccount.
        ObjectNode bucket = request(forwarded(bob, "orders", "GET", "/orders/42"), "orders:GetOrder",
                "arn:aws:orders:::shelf/7");
        bucket.put("ResourceAccount", ACCOUNT);
        assertEquals("implicitDeny", authorize(service, bucket).path("Decision").asText());
    }

    @Test
    void aForwardedRequestThatDoesNotAuthenticateIsAnsweredWithTheErrorToRelay() throws Exception {
        ObjectNode forwarded = forwarded(alice, "orders", "GET", "/orders/42");
        forwarded.put("Path", "/orders/43"); // not what was signed
        JsonNode tampered = authorize(service, request(forwarded, "orders:GetOrder", ORDER));
        assertFalse(tampered.path("Authenticated").asBoolean());
        assertEquals("SignatureDoesNotMatch", tampered.path("Error").path("Code").asText());
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS"
                + " Secret Access Key and signing method. Consult the service documentation for details.",
                tampered.path("Error").path("Message").asText());
        assertEquals(403, tampered.path("Error").path("HttpStatus").asInt());
        assertFalse(tampered.has("Principal"));
        assertFalse(tampered.has("Decision"));
        assertEquals(0, tampered.path("Results").size());

        AwsBasicCredentials unknown = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        JsonNode stranger = authorize(service, request(forwarded(unknown, "orders", "GET", "/orders/42"),
                "orders:GetOrder", ORDER));
        assertFalse(stranger.path("Authenticated").asBoolean());
        assertEquals("InvalidClientTokenId", stranger.path("Error").path("Code").asText());
        assertEquals("The security token included in the request is invalid.", stranger.path("Error").path("Message").asText());

        // Signed for another service: not accepted as a request to this one.
        JsonNode elsewhere = authorize(service, request(forwarded(alice, "billing", "GET", "/orders/42"),
                "orders:GetOrder", ORDER));
        assertFalse(elsewhere.path("Authenticated").asBoolean());
        assertEquals("SignatureDoesNotMatch", elsewhere.path("Error").path("Code").asText());
        assertEquals("Credential should be scoped to correct service: 'billing'. ",
                elsewhere.path("Error").path("Message").asText());
        // ... unless the service says that is the name its clients sign for.
        ObjectNode named = request(forwarded(alice, "billing", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        named.put("SigningName", "billing");
        assertEquals("allowed", authorize(service, named).path("Decision").asText());
    }

    @Test
    void aRevokedSessionIsRelayedAsAnInvalidToken() throws Exception {
        String roleArn;
        try (IamClient root = server.rootIam()) {
            roleArn = root.createRole(r -> r.roleName("revocable").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""")).role().arn();
        }
        try (StsClient sts = server.sts(alice)) {
            AssumeRoleResponse session = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("soon-revoked"));
            ObjectNode input = request(forwarded(TestServer.session(session.credentials()), "orders", "GET",
                    "/orders/42"), "orders:GetOrder", ORDER);
            assertTrue(authorize(service, input).path("Authenticated").asBoolean());
            server.server().domain().revocations().revoke(session.credentials().accessKeyId(), ACCOUNT);
            JsonNode revoked = authorize(service, input);
            assertFalse(revoked.path("Authenticated").asBoolean());
            assertEquals("InvalidClientTokenId", revoked.path("Error").path("Code").asText());
            assertEquals("The security token included in the request is invalid",
                    revoked.path("Error").path("Message").asText());
        }
    }

    @Test
    void anExpiredSessionAndAStaleSignatureAreRelayedAsAwsWordsThem() throws Exception {
        TestClock clock = new TestClock();
        try (TestServer own = TestServer.start(clock)) {
            AwsBasicCredentials ownService = own.userWithKey("orders-service", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"charter:Authorize","Resource":"*"}]}""");
            AwsBasicCredentials dave = own.userWithKey("dave", null);
            try (StsClient sts = own.sts(dave)) {
                var token = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
                clock.advance(Duration.ofMinutes(16));
                JsonNode expired = authorize(own, clock.instant(), ownService, request(forwarded(
                        TestServer.session(token), "orders", "GET", "/orders/42", clock), "orders:GetOrder", ORDER));
                assertFalse(expired.path("Authenticated").asBoolean());
                assertEquals("ExpiredToken", expired.path("Error").path("Code").asText());
                assertEquals("The security token included in the request is expired",
                        expired.path("Error").path("Message").asText());
                assertEquals(403, expired.path("Error").path("HttpStatus").asInt());
            }
            // Signed 16 minutes before Charter's clock: outside the 15-minute window.
            Clock before = Clock.offset(clock, Duration.ofMinutes(-16));
            JsonNode stale = authorize(own, clock.instant(), ownService, request(forwarded(dave, "orders", "GET",
                    "/orders/42", before), "orders:GetOrder", ORDER));
            assertFalse(stale.path("Authenticated").asBoolean());
            assertEquals("SignatureDoesNotMatch", stale.path("Error").path("Code").asText());
            assertTrue(stale.path("Error").path("Message").asText().startsWith("Signature expired: "),
                    stale.path("Error").path("Message").asText());
        }
    }

    @Test
    void aServiceWhoseClientsSignThePathAsSentSaysSo() throws Exception {
        String path = "/orders/./42";
        SdkHttpRequest http = SdkHttpRequest.builder().protocol("https").host("orders.example.com")
                .method(SdkHttpMethod.GET).encodedPath(path).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(alice).request(http)
                .payload(ContentStreamProvider.fromUtf8String(""))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "orders")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        ObjectNode forwarded = JSON.createObjectNode().put("Method", "GET").put("Path", path);
        ArrayNode headers = forwarded.putArray("Headers");
        if (signed.request().firstMatchingHeader("Host").isEmpty()) {
            headers.addObject().put("Name", "Host").put("Value", "orders.example.com");
        }
        signed.request().forEachHeader((name, values) -> values.forEach(v ->
                headers.addObject().put("Name", name).put("Value", v)));
        forwarded.put("PayloadHash", EMPTY_BODY_HASH);

        JsonNode normalized = authorize(service, request(forwarded, "orders:GetOrder", ORDER));
        assertEquals("SignatureDoesNotMatch", normalized.path("Error").path("Code").asText());
        ObjectNode literal = request(forwarded, "orders:GetOrder", ORDER);
        literal.put("NormalizePath", false);
        JsonNode answer = authorize(service, literal);
        assertEquals("allowed", answer.path("Decision").asText(), answer.toString());
    }

    @Test
    void theCallingServiceNeedsCharterAuthorize() throws Exception {
        AwsBasicCredentials nobody = server.userWithKey("not-a-service", null);
        HttpResponse<String> response = call(nobody, request(forwarded(alice, "orders", "GET", "/orders/42"),
                "orders:GetOrder", ORDER));
        assertEquals(400, response.statusCode());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("AccessDeniedException", error.path("__type").asText());
        assertTrue(error.path("message").asText().startsWith("User: arn:aws:iam::" + ACCOUNT
                + ":user/not-a-service is not authorized to perform: charter:Authorize on resource: *"),
                error.path("message").asText());
    }

    @Test
    void invalidInputFailsTheCall() throws Exception {
        ObjectNode badPolicy = request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        badPolicy.put("ResourcePolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"orders:GetOrder\",\"Resource\":\"*\"}]}"); // a resource policy needs a Principal
        HttpResponse<String> malformed = call(service, badPolicy);
        assertEquals(400, malformed.statusCode());
        assertEquals("MalformedPolicyDocumentException", JSON.readTree(malformed.body()).path("__type").asText());

        ObjectNode ownKey = request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        ArrayNode context = ownKey.putArray("Context");
        context.addObject().put("Key", "aws:PrincipalArn").putArray("Values").add("arn:aws:iam::" + ACCOUNT + ":root");
        HttpResponse<String> refused = call(service, ownKey);
        assertEquals(400, refused.statusCode());
        JsonNode error = JSON.readTree(refused.body());
        assertEquals("ValidationException", error.path("__type").asText());
        assertEquals("Context key aws:PrincipalArn is set by Charter from the request, not by the caller.",
                error.path("message").asText());

        // Nor may a service pass a key only an instance's role session carries.
        ObjectNode instanceKey = request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        instanceKey.putArray("Context").addObject().put("Key", "ec2:SourceInstanceARN").putArray("Values")
                .add("arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0123456789abcdef0");
        JsonNode instanceError = JSON.readTree(call(service, instanceKey).body());
        assertEquals("ValidationException", instanceError.path("__type").asText());
        assertEquals("Context key ec2:SourceInstanceARN is set by Charter from the request, not by the caller.",
                instanceError.path("message").asText());

        HttpResponse<String> badAction = call(service, request(forwarded(alice, "orders", "GET", "/orders/42"),
                "GetOrder", ORDER));
        assertEquals("ValidationException", JSON.readTree(badAction.body()).path("__type").asText());

        ObjectNode badIp = request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        badIp.put("SourceIp", "somewhere");
        HttpResponse<String> notAnIp = call(service, badIp);
        assertEquals(400, notAnIp.statusCode());
        assertEquals("SourceIp 'somewhere' is not an IP address.", JSON.readTree(notAnIp.body()).path("message").asText());

        ObjectNode badHash = request(forwarded(alice, "orders", "GET", "/orders/42"), "orders:GetOrder", ORDER);
        ((ObjectNode) badHash.path("Request")).put("PayloadHash", EMPTY_BODY_HASH.toUpperCase(Locale.ROOT));
        HttpResponse<String> notAHash = call(service, badHash);
        assertEquals(400, notAHash.statusCode());
        assertEquals("ValidationException", JSON.readTree(notAHash.body()).path("__type").asText());
    }

    @Test
    void theServicesOwnConditionKeysAreEvaluated() throws Exception {
        try (IamClient root = server.rootIam()) {
            root.putUserPolicy(r -> r.userName("alice").policyName("channel").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:RefundOrder","Resource":"*",
                     "Condition":{"NumericLessThanEquals":{"orders:Amount":"100"}}}]}"""));
        }
        ObjectNode small = request(forwarded(alice, "orders", "POST", "/orders/42/refund"), "orders:RefundOrder", ORDER);
        small.putArray("Context").addObject().put("Key", "orders:Amount").put("Type", "numeric")
                .putArray("Values").add("40");
        assertEquals("allowed", authorize(service, small).path("Decision").asText());
        ObjectNode large = request(forwarded(alice, "orders", "POST", "/orders/42/refund"), "orders:RefundOrder", ORDER);
        large.putArray("Context").addObject().put("Key", "orders:Amount").put("Type", "numeric")
                .putArray("Values").add("400");
        assertEquals("implicitDeny", authorize(service, large).path("Decision").asText());
    }

    /** The Authorize input around a forwarded request. */
    private static ObjectNode request(ObjectNode forwarded, String action, String... resources) {
        ObjectNode input = JSON.createObjectNode();
        input.set("Request", forwarded);
        input.put("Action", action);
        ArrayNode list = input.putArray("Resources");
        for (String resource : resources) {
            list.add(resource);
        }
        return input;
    }

    /**
     * A request to the "orders" service (host orders.example.com, no body) as its client signs it with
     * the AWS SDK's SigV4 signer for {@code signingName}, in the shape Authorize takes it.
     */
    private static ObjectNode forwarded(AwsCredentials credentials, String signingName, String method, String path) {
        return forwarded(credentials, signingName, method, path, Clock.systemUTC());
    }

    /** {@link #forwarded(AwsCredentials, String, String, String)} signed at the time of {@code clock}. */
    private static ObjectNode forwarded(AwsCredentials credentials, String signingName, String method, String path,
            Clock clock) {
        SdkHttpRequest http = SdkHttpRequest.builder().protocol("https").host("orders.example.com")
                .method(SdkHttpMethod.fromValue(method)).encodedPath(path).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(http)
                .payload(ContentStreamProvider.fromUtf8String(""))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        ObjectNode forwarded = JSON.createObjectNode();
        forwarded.put("Method", method);
        forwarded.put("Path", path);
        ArrayNode headers = forwarded.putArray("Headers");
        Map<String, List<String>> signedHeaders = signed.request().headers();
        if (signedHeaders.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            headers.addObject().put("Name", "Host").put("Value", "orders.example.com");
        }
        signedHeaders.forEach((name, values) -> values.forEach(v -> headers.addObject().put("Name", name).put("Value", v)));
        forwarded.put("PayloadHash", EMPTY_BODY_HASH);
        return forwarded;
    }

    /** Calls Authorize; fails unless it answers 200. */
    private static JsonNode authorize(AwsBasicCredentials as, ObjectNode input) throws IOException, InterruptedException {
        return authorize(server, Instant.now(), as, input);
    }

    /** Calls Authorize on {@code target}, signed at {@code time}; fails unless it answers 200. */
    private static JsonNode authorize(TestServer target, Instant time, AwsBasicCredentials as, ObjectNode input)
            throws IOException, InterruptedException {
        HttpResponse<String> response = call(target, time, as, input);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** A raw AWS JSON 1.1 call of charter:Authorize, signed with Charter's own signer. */
    private static HttpResponse<String> call(AwsBasicCredentials as, ObjectNode input)
            throws IOException, InterruptedException {
        return call(server, Instant.now(), as, input);
    }

    private static HttpResponse<String> call(TestServer target, Instant time, AwsBasicCredentials as, ObjectNode input)
            throws IOException, InterruptedException {
        SignableRequest request = new SigV4Signer().sign(new SignableRequest("POST", "/", "", List.of(
                        new Header("Host", "127.0.0.1:" + target.endpoint().getPort()),
                        new Header("Content-Type", "application/x-amz-json-1.1"),
                        new Header("X-Amz-Target", "Charter_20261101.Authorize")),
                        Payload.ofUtf8(JSON.writeValueAsString(input))),
                SigningParams.of(Credentials.of(as.accessKeyId(), as.secretAccessKey()), "us-east-1", "charter",
                        time)).request();
        HttpRequest.Builder http = HttpRequest.newBuilder(target.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload().bytes()));
        request.headers().stream().filter(h -> !h.name().equalsIgnoreCase("host"))
                .forEach(h -> http.header(h.name(), h.value()));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(http.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
