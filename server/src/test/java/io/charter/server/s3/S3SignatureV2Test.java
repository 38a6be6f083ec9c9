package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.sigv4.Header;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * S3's presigned URLs of signature version 2, as the unchanged boto3 makes them for a custom
 * endpoint, fetched with {@code java.net.http} and curl: they work until their {@code Expires}, for
 * a long-term key and for an assumed role's session (until it is revoked or its token expires);
 * a changed path or {@code Expires}, or an unknown key, is refused as S3 refuses it; the request is
 * still authorized by the caller's policies. The string to sign is checked against S3's documented
 * example.
 */
class S3SignatureV2Test {
    private static final TestClock CLOCK = new TestClock();
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String BUCKET = "v2-presigned";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;
    private static S3Client root;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        root = S3SdkTest.client(server, server.rootCredentials(), true, UrlConnectionHttpClient.create());
        root.createBucket(b -> b.bucket(BUCKET));
        root.putObject(p -> p.bucket(BUCKET).key("doc.txt"), RequestBody.fromString("signed the old way"));
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    @Test
    void theStringToSignIsS3sDocumentedExample() {
        // "Query string request authentication alternative", S3's SigV2 documentation.
        String stringToSign = S3SignatureV2.stringToSign("GET", "", "", "1175139620", Map.of(),
                S3SignatureV2.canonicalResource("/johnsmith/photos/puppy.jpg", List.of()));
        assertEquals("GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg", stringToSign);
        assertEquals("NpgCjnDzrM+WFzoENXmpNDUsSn8=",
                S3SignatureV2.sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", stringToSign));
    }

    @Test
    void subResourcesAndAmzParametersAreSignedAsBotocoreSignsThem() {
        List<S3SignatureV2.Parameter> query = S3SignatureV2.parameters("versionId=v%2B1&response-content-type=text%2Fplain"
                + "&prefix=ignored&acl&AWSAccessKeyId=AKIA&Signature=s%3D&x-amz-security-token=t%2Bk&Expires=9");
        S3SignatureV2 signature = S3SignatureV2.of("GET", "/b/k%20ey", query,
                List.of(new Header("Content-Type", " text/csv "), new Header("X-Amz-Meta-A", "1")), Instant.EPOCH);
        assertEquals("GET\n\ntext/csv\n9\nx-amz-meta-a:1\nx-amz-security-token:t+k\n"
                + "/b/k%20ey?acl&response-content-type=text/plain&versionId=v+1", signature.stringToSign());
        assertEquals(Optional.of("t+k"), signature.sessionToken());
        assertEquals("s=", signature.signature());
    }

    @Test
    void aVirtualHostedUrlSignsThePathWithItsBucketInFront() throws Exception {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        URI url = URI.create(run(List.of("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=" + secret,
                "ADDRESSING_STYLE=virtual"), "python3", script(), "http://s3.localhost:9000", "get_object", "photos",
                "a b/puppy+1.jpg", "600", "{\"VersionId\":\"v1\"}").strip());
        assertEquals("photos.s3.localhost", url.getHost(), url.toString());
        S3Address address = S3Address.of(url.getHost() + ":" + url.getPort(), url.getRawPath(),
                Optional.of("s3.localhost"));
        S3SignatureV2 signature = S3SignatureV2.of("GET", address.storePath(),
                S3SignatureV2.parameters(url.getRawQuery()), List.of(), Instant.now());
        assertTrue(signature.stringToSign().endsWith("\n/photos/a%20b/puppy%2B1.jpg?versionId=v1"),
                signature.stringToSign());
        assertTrue(signature.isSignedWith(secret), signature.stringToSign());
        assertFalse(signature.isSignedWith(secret + "x"));
    }

    @Test
    void aRootKeysUrlWorksWithJavaAndCurlUntilItExpires() throws Exception {
        String url = presign(server.rootCredentials(), "get_object", "doc.txt", 3600, "{}");
        assertTrue(url.contains("AWSAccessKeyId=") && url.contains("Signature=") && url.contains("Expires="), url);
        assertFalse(url.contains("X-Amz-"), url);
        HttpResponse<String> fetched = get(url);
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertEquals("signed the old way", fetched.body());
        assertEquals("signed the old way\n200", curl(url));
        CLOCK.advance(Duration.ofMinutes(61));
        try {
            assertError(get(url), 403, "AccessDenied", "Request has expired");
            assertTrue(curl(url).endsWith("\n403"));
        } finally {
            CLOCK.advance(Duration.ofMinutes(-61));
        }
    }

    @Test
    void aChangedUrlOrAnUnknownKeyIsRefused() throws Exception {
        root.putObject(p -> p.bucket(BUCKET).key("other.txt"), RequestBody.fromString("other"));
        String url = presign(server.rootCredentials(), "get_object", "doc.txt", 3600, "{}");
        assertError(get(url.replace("/doc.txt?", "/other.txt?")), 403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and "
                        + "signing method.");
        Matcher expires = Pattern.compile("Expires=(\\d+)").matcher(url);
        assertTrue(expires.find(), url);
        String later = url.replace(expires.group(), "Expires=" + (Long.parseLong(expires.group(1)) + 3600));
        assertError(get(later), 403, "SignatureDoesNotMatch", "The request signature we calculated");
        String unknown = url.replaceFirst("AWSAccessKeyId=[^&]+", "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE");
        assertError(get(unknown), 403, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.");
        assertError(get(url.replace(expires.group(), "")), 403, "AccessDenied",
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        assertError(get(url.replace(expires.group(), "Expires=soon")), 403, "AccessDenied",
                "Invalid date (should be seconds since epoch): soon");
    }

    @Test
    void anAssumedRolesUrlWorksUntilItsSessionIsRevokedOrItsTokenExpires() throws Exception {
        AwsSessionCredentials reader = readerSession("revoked");
        String url = presign(reader, "get_object", "doc.txt", 3600, "{}");
        assertTrue(url.contains("x-amz-security-token="), url);
        HttpResponse<String> fetched = get(url);
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertEquals("signed the old way", fetched.body());
        assertEquals("signed the old way\n200", curl(url));
        server.server().domain().revocations().revoke(reader.accessKeyId(), TestServer.ACCOUNT);
        assertError(get(url), 400, "InvalidToken", "The provided token is malformed or otherwise invalid.");

        AwsSessionCredentials expiring = readerSession("expiring");
        String longer = presign(expiring, "get_object", "doc.txt", 4 * 3600, "{}");
        assertEquals(200, get(longer).statusCode());
        CLOCK.advance(Duration.ofHours(2));
        try {
            assertError(get(longer), 400, "ExpiredToken", "The provided token has expired.");
        } finally {
            CLOCK.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void aResponseOverrideIsASignedSubResource() throws Exception {
        String url = presign(server.rootCredentials(), "get_object", "doc.txt", 600,
                "{\"ResponseContentType\":\"text/x-v2\",\"ResponseContentDisposition\":\"attachment; filename=a+b.txt\"}");
        assertTrue(url.contains("response-content-type=text%2Fx-v2"), url);
        HttpResponse<String> fetched = get(url);
        assertEquals(200, fetched.statusCode(), fetched.body());
        assertEquals("signed the old way", fetched.body());
        assertEquals(Optional.of("text/x-v2"), fetched.headers().firstValue("Content-Type"));
        assertError(get(url.replace("text%2Fx-v2", "text%2Fhtml")), 403, "SignatureDoesNotMatch", "");
    }

    @Test
    void aPresignedPutCarriesItsSignedContentType() throws Exception {
        String url = presign(server.rootCredentials(), "put_object", "put.txt", 600, "{\"ContentType\":\"text/plain\"}");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("uploaded")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("uploaded", root.getObjectAsBytes(g -> g.bucket(BUCKET).key("put.txt")).asUtf8String());
        HttpResponse<String> otherType = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/html").PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(otherType, 403, "SignatureDoesNotMatch", "");
    }

    @Test
    void theRequestIsStillAuthorized() throws Exception {
        AwsBasicCredentials lister = server.userWithKey("v2-lister", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""");
        String url = presign(lister, "get_object", "doc.txt", 600, "{}");
        HttpResponse<String> denied = get(url);
        assertError(denied, 403, "AccessDenied", "");
        assertTrue(denied.body().contains("user/v2-lister is not authorized to perform: s3:GetObject"), denied.body());
    }

    private static AwsSessionCredentials readerSession(String name) {
        String role = "V2Reader" + name;
        try (IamClient iam = server.rootIam()) {
            iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                     "Action":"sts:AssumeRole"}]}""".formatted(TestServer.ACCOUNT)));
            iam.putRolePolicy(p -> p.roleName(role).policyName("read").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""));
        }
        try (StsClient sts = server.sts(assumer())) {
            return TestServer.session(sts.assumeRole(a -> a.roleArn("arn:aws:iam::" + TestServer.ACCOUNT + ":role/" + role)
                    .roleSessionName(name)).credentials());
        }
    }

    private static AwsBasicCredentials assumer;

    /** A user allowed to assume any role (made once; a root user assumes no role). */
    private static synchronized AwsBasicCredentials assumer() {
        if (assumer == null) {
            assumer = server.userWithKey("v2-assumer", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""");
        }
        return assumer;
    }

    private static void assertError(HttpResponse<String> answer, int status, String code, String message) {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("<Code>" + code + "</Code><Message>" + message), answer.body());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** boto3's presigned URL for {@code method} on {@code key} of the test bucket. */
    private static String presign(AwsCredentials credentials, String method, String key, int seconds, String params)
            throws Exception {
        List<String> env = new ArrayList<>(List.of("AWS_ACCESS_KEY_ID=" + credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY=" + credentials.secretAccessKey()));
        if (credentials instanceof AwsSessionCredentials session) {
            env.add("AWS_SESSION_TOKEN=" + session.sessionToken());
        }
        return run(env, "python3", script(), server.endpoint().toString(), method, BUCKET, key,
                Integer.toString(seconds), params).strip();
    }

    /** What curl prints for {@code url}: the body, a newline, the status. */
    private static String curl(String url) throws Exception {
        return run(List.of(), "curl", "-s", "-w", "\n%{http_code}", url);
    }

    private static String script() throws URISyntaxException {
        return Path.of(S3SignatureV2Test.class.getResource("/s3/presign_v2.py").toURI()).toString();
    }

    /** Runs a client program with a clean AWS environment plus {@code env} (NAME=value); its output. */
    private static String run(List<String> env, String... command) throws Exception {
        Path out = Files.createTempFile("charter-v2", ".out");
        Path err = Files.createTempFile("charter-v2", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        for (String variable : env) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Process process = builder.start();
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
