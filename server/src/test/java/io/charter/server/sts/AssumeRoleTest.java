package io.charter.server.sts;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.PolicyDocuments.allow;
import static io.charter.server.PolicyDocuments.trust;
import static io.charter.server.TestServer.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.Identity;
import io.charter.server.identity.NewAccessKey;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * STS role assumption end to end over the AWS SDK for Java v2: the trust policy and the caller's
 * policies decide, the credentials act as the role (narrowed by session policies), carry their
 * tags, expire, and can be revoked; GetSessionToken and GetFederationToken follow AWS's rules.
 */
class AssumeRoleTest {
    private static final String ACCOUNT_TRUST = trust("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"sts:AssumeRole\"", "");
    private static final TestClock CLOCK = new TestClock();
    private static TestServer server;
    private static IamClient rootIam;
    private static StsClient rootSts;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        rootIam = server.rootIam();
        rootSts = server.sts(server.rootCredentials());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String role(String name, String trust) {
        return rootIam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust).maxSessionDuration(7200)).role().arn();
    }

    @Test
    void sameAccountNeedsTrustAndIdentityPolicyAndActsAsTheRole() {
        String roleArn = role("app", ACCOUNT_TRUST);
        rootIam.attachRolePolicy(r -> r.roleName("app").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        try (StsClient without = server.sts(server.userWithKey("nina", null))) {
            var e = fails("AccessDenied", 403, () -> without.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));
            assertEquals("User: arn:aws:iam::123456789012:user/nina is not authorized to perform: sts:AssumeRole on resource: "
                    + roleArn, e.awsErrorDetails().errorMessage());
        }
        try (StsClient olga = server.sts(server.userWithKey("olga", allow("\"sts:AssumeRole\"", roleArn)))) {
            Instant before = CLOCK.instant();
            AssumeRoleResponse assumed = olga.assumeRole(r -> r.roleArn(roleArn).roleSessionName("build-7"));
            Credentials c = assumed.credentials();
            assertTrue(c.accessKeyId().startsWith("ASIA"), c.accessKeyId());
            assertEquals(Optional.of("123456789012"), new AccessKeyId(c.accessKeyId()).accountId());
            assertEquals(40, c.secretAccessKey().length());
            long seconds = Duration.between(before, c.expiration()).toSeconds();
            assertTrue(seconds >= 3598 && seconds <= 3600, "default one hour: " + seconds);
            assertEquals("arn:aws:sts::123456789012:assumed-role/app/build-7", assumed.assumedRoleUser().arn());
            assertTrue(assumed.assumedRoleUser().assumedRoleId().matches("AROA[A-Z2-7]{17}:build-7"));
            assertNull(assumed.packedPolicySize(), "no session policy or tags: no PackedPolicySize, as AWS");
            try (StsClient asRole = server.sts(session(c)); IamClient asRoleIam = server.iam(session(c))) {
                assertEquals("arn:aws:sts::123456789012:assumed-role/app/build-7", asRole.getCallerIdentity().arn());
                asRoleIam.listRoles();
                fails("AccessDenied", 403, () -> asRoleIam.createUser(r -> r.userName("nope")));
            }
        }
    }

    @Test
    void trustNamingTheUserNeedsNoIdentityPolicyAndRefusalsLookAlike() {
        server.userWithKey("pia", null);
        String userArn = "arn:aws:iam::123456789012:user/pia";
        String roleArn = role("direct", trust("{\"AWS\":\"" + userArn + "\"}", "\"sts:AssumeRole\"", ""));
        AwsBasicCredentials pia = AwsBasicCredentials.create(
                rootIam.createAccessKey(r -> r.userName("pia")).accessKey().accessKeyId(), "x");
        // (the first key of pia is used below; this one only proves two keys are allowed)
        assertTrue(pia.accessKeyId().startsWith("AKIA"));
        try (StsClient quinn = server.sts(server.userWithKey("quinn", allow("\"sts:AssumeRole\"", "*")))) {
            var notTrusted = fails("AccessDenied", 403, () -> quinn.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));
            var missing = fails("AccessDenied", 403, () -> quinn.assumeRole(r -> r.roleArn(
                    "arn:aws:iam::123456789012:role/ghost").roleSessionName("s1")));
            assertTrue(notTrusted.awsErrorDetails().errorMessage().endsWith(roleArn));
            assertTrue(missing.awsErrorDetails().errorMessage().endsWith("role/ghost"), "a missing role looks like a refusal");
        }
        fails("AccessDenied", 403, () -> rootSts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));
        assertEquals("Roles may not be assumed by root accounts.", assertThrows(AwsServiceException.class,
                () -> rootSts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1"))).awsErrorDetails().errorMessage());
        fails("ValidationError", 400, () -> rootSts.assumeRole(r -> r.roleArn("nothing-valid-in-here").roleSessionName("s1")));
        fails("ValidationError", 400, () -> rootSts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("bad:name")));
    }

    @Test
    void durationsAreBoundedByTheRoleAndByChaining() {
        String roleArn = role("timed", ACCOUNT_TRUST);
        rootIam.putRolePolicy(r -> r.roleName("timed").policyName("chain").policyDocument(allow("\"sts:AssumeRole\"", "*")));
        try (StsClient rita = server.sts(server.userWithKey("rita", allow("\"sts:AssumeRole\"", "*")))) {
            var tooLong = fails("ValidationError", 400, () -> rita.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")
                    .durationSeconds(7201)));
            assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                    tooLong.awsErrorDetails().errorMessage());
            fails("ValidationError", 400, () -> rita.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1").durationSeconds(899)));
            Credentials twoHours = rita.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1").durationSeconds(7200)).credentials();
            try (StsClient chained = server.sts(session(twoHours))) {
                var chain = fails("ValidationError", 400, () -> chained.assumeRole(r -> r.roleArn(roleArn)
                        .roleSessionName("again").durationSeconds(3601)));
                assertEquals("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                        chain.awsErrorDetails().errorMessage());
                assertEquals("arn:aws:sts::123456789012:assumed-role/timed/again",
                        chained.assumeRole(r -> r.roleArn(roleArn).roleSessionName("again")).assumedRoleUser().arn());
            }
        }
    }

    @Test
    void sessionPoliciesNarrowAndTagsNeedTagSession() {
        String roleArn = role("narrow", ACCOUNT_TRUST);
        rootIam.attachRolePolicy(r -> r.roleName("narrow").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        String taggable = role("taggable", trust("{\"AWS\":\"arn:aws:iam::123456789012:root\"}",
                "\"sts:AssumeRole\",\"sts:TagSession\"", ""));
        rootIam.putRolePolicy(r -> r.roleName("taggable").policyName("team").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}}]}"));
        try (StsClient sam = server.sts(server.userWithKey("sam", allow("\"sts:AssumeRole\",\"sts:TagSession\"", "*")))) {
            AssumeRoleResponse narrowed = sam.assumeRole(r -> r.roleArn(roleArn).roleSessionName("n1")
                    .policy(allow("\"iam:GetRole\"", "*")));
            assertTrue(narrowed.packedPolicySize() > 0 && narrowed.packedPolicySize() <= 100, "" + narrowed.packedPolicySize());
            try (IamClient limited = server.iam(session(narrowed.credentials()))) {
                limited.getRole(r -> r.roleName("narrow"));
                fails("AccessDenied", 403, limited::listRoles);
            }
            fails("MalformedPolicyDocument", 400, () -> sam.assumeRole(r -> r.roleArn(roleArn).roleSessionName("n1")
                    .policy("{not json")));
            fails("PackedPolicyTooLarge", 400, () -> sam.assumeRole(r -> r.roleArn(roleArn).roleSessionName("n1")
                    .policy(allow("\"iam:GetRole\"," + "\"iam:GetRole\",".repeat(200) + "\"iam:GetRole\"", "*"))));
            fails("AccessDenied", 403, () -> sam.assumeRole(r -> r.roleArn(roleArn).roleSessionName("t1")
                    .tags(Tag.builder().key("team").value("blue").build())));

            Credentials blue = sam.assumeRole(r -> r.roleArn(taggable).roleSessionName("t1")
                    .tags(Tag.builder().key("team").value("blue").build()).transitiveTagKeys("team")).credentials();
            try (IamClient asBlue = server.iam(session(blue)); StsClient chained = server.sts(session(blue))) {
                asBlue.listRoles();
                var conflict = fails("InvalidParameterValue", 400, () -> chained.assumeRole(r -> r.roleArn(taggable)
                        .roleSessionName("c1").tags(Tag.builder().key("TEAM").value("red").build())));
                assertTrue(conflict.awsErrorDetails().errorMessage().contains("conflicts with a transitive tag key"));
            }
            Credentials red = sam.assumeRole(r -> r.roleArn(taggable).roleSessionName("t2")
                    .tags(Tag.builder().key("team").value("red").build())).credentials();
            try (IamClient asRed = server.iam(session(red))) {
                fails("AccessDenied", 403, asRed::listRoles);
            }
            fails("InvalidParameterValue", 400, () -> sam.assumeRole(r -> r.roleArn(taggable).roleSessionName("t3")
                    .tags(Tag.builder().key("a").value("1").build()).transitiveTagKeys("b")));
        }
    }

    @Test
    void externalIdConditionsTheTrust() {
        String roleArn = role("vendor", trust("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"sts:AssumeRole\"",
                ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-4242\"}}"));
        try (StsClient tara = server.sts(server.userWithKey("tara", allow("\"sts:AssumeRole\"", "*")))) {
            fails("AccessDenied", 403, () -> tara.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));
            fails("AccessDenied", 403, () -> tara.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1").externalId("wrong")));
            assertEquals("arn:aws:sts::123456789012:assumed-role/vendor/s1", tara.assumeRole(r -> r.roleArn(roleArn)
                    .roleSessionName("s1").externalId("ext-4242")).assumedRoleUser().arn());
        }
    }

    @Test
    void sessionsCanBeRevoked() {
        String roleArn = role("revocable", ACCOUNT_TRUST);
        rootIam.attachRolePolicy(r -> r.roleName("revocable").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        try (StsClient uma = server.sts(server.userWithKey("uma", allow("\"sts:AssumeRole\"", "*")))) {
            Credentials old = uma.assumeRole(r -> r.roleArn(roleArn).roleSessionName("old").durationSeconds(900)).credentials();
            try (IamClient asOld = server.iam(session(old))) {
                asOld.listRoles();
                CLOCK.advance(Duration.ofSeconds(2));
                String cutoff = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS).toString();
                rootIam.putRolePolicy(r -> r.roleName("revocable").policyName("AWSRevokeOlderSessions").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],"
                                + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + cutoff + "\"}}}]}"));
                var revoked = fails("AccessDenied", 403, asOld::listRoles);
                assertTrue(revoked.awsErrorDetails().errorMessage().contains("explicit deny"), revoked.awsErrorDetails().errorMessage());
                CLOCK.advance(Duration.ofSeconds(1));
                Credentials fresh = uma.assumeRole(r -> r.roleArn(roleArn).roleSessionName("new").durationSeconds(900)).credentials();
                try (IamClient asNew = server.iam(session(fresh))) {
                    asNew.listRoles();
                }
            }
        }
    }

    @Test
    void credentialsExpire() throws Exception {
        TestClock clock = new TestClock();
        try (TestServer own = TestServer.start(clock)) {
            NewAccessKey rootKey = own.rootKey();
            Identity user = own.createUser("xena", "/");
            NewAccessKey userKey = own.createAccessKey(user);
            Credentials temporary;
            try (StsClient xena = own.sts(AwsBasicCredentials.create(userKey.accessKeyId(), userKey.secretAccessKey()),
                    Region.US_EAST_1)) {
                temporary = xena.getSessionToken(r -> r.durationSeconds(900)).credentials();
            }
            assertTrue(rootKey.accessKeyId().startsWith("AKIA"));
            // Signed at the server's clock, which has moved past the session's expiry.
            clock.advance(Duration.ofSeconds(901));
            HttpResponse<String> response = own.postSigned("Action=GetCallerIdentity&Version=2011-06-15",
                    io.charter.sigv4.Credentials.of(temporary.accessKeyId(), temporary.secretAccessKey(),
                            temporary.sessionToken()), "sts", clock.instant());
            assertEquals(403, response.statusCode(), response.body());
            assertTrue(response.body().contains("<Code>ExpiredToken</Code><Message>The security token included in the request"
                    + " is expired</Message>"), response.body());
        }
    }

    @Test
    void getSessionTokenAndGetFederationToken() {
        AwsBasicCredentials vera = server.userWithKey("vera",
                allow("\"sts:AssumeRole\",\"sts:GetFederationToken\",\"iam:GetUser\"", "*"));
        try (StsClient sts = server.sts(vera)) {
            Credentials userSession = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
            try (StsClient asSession = server.sts(session(userSession));
                    IamClient asSessionIam = server.iam(session(userSession))) {
                assertEquals("arn:aws:iam::123456789012:user/vera", asSession.getCallerIdentity().arn());
                fails("InvalidClientTokenId", 403, () -> asSessionIam.getUser(r -> r.userName("vera")));
                var again = fails("AccessDenied", 403, () -> asSession.getSessionToken());
                assertEquals("Cannot call GetSessionToken with session credentials", again.awsErrorDetails().errorMessage());
                fails("AccessDenied", 403, () -> asSession.getFederationToken(r -> r.name("fed")));
            }
            var federated = sts.getFederationToken(r -> r.name("carol").policy(allow("\"iam:GetUser\"", "*")));
            assertEquals("arn:aws:sts::123456789012:federated-user/carol", federated.federatedUser().arn());
            assertEquals("123456789012:carol", federated.federatedUser().federatedUserId());
            try (StsClient asFed = server.sts(session(federated.credentials()));
                    IamClient asFedIam = server.iam(session(federated.credentials()))) {
                assertEquals("arn:aws:sts::123456789012:federated-user/carol", asFed.getCallerIdentity().arn());
                fails("AccessDenied", 403, () -> asFedIam.getUser(r -> r.userName("vera")));
                fails("AccessDenied", 403, () -> asFed.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/x")
                        .roleSessionName("s1")));
            }
            assertEquals("123456789012", sts.getAccessKeyInfo(r -> r.accessKeyId(vera.accessKeyId())).account());
            assertEquals("123456789012", sts.getAccessKeyInfo(r -> r.accessKeyId(userSession.accessKeyId())).account());
        }
        try (StsClient unauthorized = server.sts(server.userWithKey("walt", null))) {
            fails("AccessDenied", 403, () -> unauthorized.getFederationToken(r -> r.name("fed")));
        }
        Credentials rootSession = rootSts.getSessionToken(r -> r.durationSeconds(7200)).credentials();
        long seconds = Duration.between(CLOCK.instant(), rootSession.expiration()).toSeconds();
        assertTrue(seconds <= 3600, "root sessions are capped at one hour: " + seconds);
        assertFalse(rootSession.sessionToken().isEmpty());
    }

    @Test
    void javaSdkAssumeRoleCredentialsProviderRefreshes() {
        String roleArn = role("refreshing", ACCOUNT_TRUST);
        rootIam.attachRolePolicy(r -> r.roleName("refreshing").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
        try (StsClient yuri = server.sts(server.userWithKey("yuri", allow("\"sts:AssumeRole\"", "*")));
                StsAssumeRoleCredentialsProvider provider =
                        StsAssumeRoleCredentialsProvider.builder()
                                .stsClient(yuri)
                                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("provider").durationSeconds(900))
                                // Stale at once (whatever the offset of the test clock): every resolution
                                // fetches new credentials, without waiting.
                                .staleTime(Duration.ofHours(1))
                                .prefetchTime(Duration.ofHours(1))
                                .build();
                IamClient asRole = server.iam(provider)) {
            assertFalse(asRole.listRoles().roles().isEmpty());
            String first = provider.resolveCredentials().accessKeyId();
            String second = provider.resolveCredentials().accessKeyId();
            assertTrue(first.startsWith("ASIA") && second.startsWith("ASIA"));
            assertTrue(!first.equals(second), "the provider assumed the role again");
            asRole.listRoles();
        }
    }
}
