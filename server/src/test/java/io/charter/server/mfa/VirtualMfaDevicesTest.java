package io.charter.server.mfa;

import static io.charter.server.AwsErrors.fails;
import static io.charter.server.IamTags.tag;
import static io.charter.server.PolicyDocuments.allow;
import static io.charter.server.TestServer.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.IamTags;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.GetMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Virtual MFA devices over the AWS SDK for Java v2: the IAM life cycle of a device, and its codes
 * in AssumeRole (a trust policy that requires MFA) and GetSessionToken (credentials that may call
 * IAM). Time moves by the test clock; codes are computed here from the seed the server returned.
 */
class VirtualMfaDevicesTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final TestClock CLOCK = new TestClock();
    private static TestServer server;
    private static IamClient rootIam;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        rootIam = server.rootIam();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The code of {@code seed} for the current step plus {@code steps}. */
    static String code(String seed, long steps) {
        return Totp.code(Base32.decode(seed), Totp.step(CLOCK.instant()) + steps);
    }

    /** A code of the current step that is not valid (any valid code changed in its last digit). */
    static String wrong(String seed) {
        String valid = code(seed, 0);
        return valid.substring(0, 5) + (char) ('0' + (valid.charAt(5) - '0' + 5) % 10);
    }

    /** Creates a device, enables it for {@code user}, and returns its seed; the enable codes are used. */
    static String enabledDevice(String user, String deviceName) {
        VirtualMFADevice device = rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName(deviceName)).virtualMFADevice();
        String seed = device.base32StringSeed().asUtf8String();
        rootIam.enableMFADevice(r -> r.userName(user).serialNumber(device.serialNumber())
                .authenticationCode1(code(seed, -1)).authenticationCode2(code(seed, 0)));
        CLOCK.advance(Duration.ofSeconds(30));
        return seed;
    }

    static String serial(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":mfa/" + name;
    }

    @Test
    void deviceLifeCycle() throws IOException {
        VirtualMFADevice created = rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("alice-phone").path("/team/")
                .tags(Tag.builder().key("owner").value("alice").build())).virtualMFADevice();
        String serial = "arn:aws:iam::" + ACCOUNT + ":mfa/team/alice-phone";
        assertEquals(serial, created.serialNumber());
        String seed = created.base32StringSeed().asUtf8String();
        assertTrue(seed.matches("[A-Z2-7]{64}"), seed);
        byte[] png = created.qrCodePNG().asByteArray();
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO loads the QR code");
        String uri = "otpauth://totp/alice-phone@" + ACCOUNT + "?secret=" + seed;
        QrReader reader = QrReader.of(image, 4, 4);
        QrCodeTest.assertPng(png, (reader.version * 4 + 17 + 8) * 4);
        assertEquals(uri, reader.text());

        fails("EntityAlreadyExists", 409, null, () -> rootIam.createVirtualMFADevice(r -> r
                .virtualMFADeviceName("alice-phone").path("/team/")));
        assertEquals(List.of(serial), serials(AssignmentStatusType.UNASSIGNED));
        assertEquals(List.of(), serials(AssignmentStatusType.ASSIGNED));
        assertEquals(List.of(Tag.builder().key("owner").value("alice").build()),
                rootIam.listMFADeviceTags(r -> r.serialNumber(serial)).tags());

        rootIam.createUser(r -> r.userName("alice"));
        fails("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.",
                () -> rootIam.enableMFADevice(r -> r.userName("alice").serialNumber(serial)
                        .authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, -1))));
        fails("NoSuchEntity", 404, null, () -> rootIam.enableMFADevice(r -> r.userName("alice")
                .serialNumber(serial("none")).authenticationCode1("123456").authenticationCode2("654321")));
        Instant beforeEnable = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        rootIam.enableMFADevice(r -> r.userName("alice").serialNumber(serial)
                .authenticationCode1(code(seed, -1)).authenticationCode2(code(seed, 0)));
        Instant afterEnable = CLOCK.instant();
        fails("EntityAlreadyExists", 409, "MFA Device is already in use.", () -> rootIam.enableMFADevice(r -> r
                .userName("alice").serialNumber(serial).authenticationCode1(code(seed, 0)).authenticationCode2(code(seed, 1))));

        List<MFADevice> devices = rootIam.listMFADevices(r -> r.userName("alice")).mfaDevices();
        assertEquals(1, devices.size());
        assertEquals("alice", devices.get(0).userName());
        assertEquals(serial, devices.get(0).serialNumber());
        Instant enabled = devices.get(0).enableDate();
        assertFalse(enabled.isBefore(beforeEnable) || enabled.isAfter(afterEnable), enabled + " is the time of enabling");
        GetMfaDeviceResponse got = rootIam.getMFADevice(r -> r.userName("alice").serialNumber(serial));
        assertEquals(serial, got.serialNumber());
        assertEquals("alice", got.userName());
        assertEquals(List.of(serial), serials(AssignmentStatusType.ASSIGNED));
        VirtualMFADevice listed = rootIam.listVirtualMFADevices(r -> r.assignmentStatus(AssignmentStatusType.ASSIGNED))
                .virtualMFADevices().stream().filter(d -> d.serialNumber().equals(serial)).findFirst().orElseThrow();
        assertEquals("alice", listed.user().userName());
        assertEquals(enabled, listed.enableDate());

        fails("DeleteConflict", 409, "MFA Device is already in use.",
                () -> rootIam.deleteVirtualMFADevice(r -> r.serialNumber(serial)));
        fails("DeleteConflict", 409, "Cannot delete entity, must delete MFA device first.",
                () -> rootIam.deleteUser(r -> r.userName("alice")));

        // Resync: the device's clock runs five minutes fast; two consecutive codes teach the server.
        fails("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.",
                () -> rootIam.resyncMFADevice(r -> r.userName("alice").serialNumber(serial)
                        .authenticationCode1(wrong(seed)).authenticationCode2(code(seed, 1))));
        rootIam.resyncMFADevice(r -> r.userName("alice").serialNumber(serial)
                .authenticationCode1(code(seed, 9)).authenticationCode2(code(seed, 10)));

        rootIam.tagMFADevice(r -> r.serialNumber(serial).tags(Tag.builder().key("Team").value("blue").build()));
        rootIam.untagMFADevice(r -> r.serialNumber(serial).tagKeys("owner"));
        assertEquals(List.of(Tag.builder().key("Team").value("blue").build()),
                rootIam.listMFADeviceTags(r -> r.serialNumber(serial)).tags());

        rootIam.deactivateMFADevice(r -> r.userName("alice").serialNumber(serial));
        assertEquals(List.of(), rootIam.listMFADevices(r -> r.userName("alice")).mfaDevices());
        fails("NoSuchEntity", 404, null, () -> rootIam.getMFADevice(r -> r.userName("alice").serialNumber(serial)));
        assertEquals(List.of(serial), serials(AssignmentStatusType.UNASSIGNED));
        rootIam.deleteVirtualMFADevice(r -> r.serialNumber(serial));
        assertEquals(List.of(), serials(AssignmentStatusType.ANY));
        fails("NoSuchEntity", 404, "VirtualMFADevice with serial number " + serial + " doesn't exist.",
                () -> rootIam.deleteVirtualMFADevice(r -> r.serialNumber(serial)));
        rootIam.deleteUser(r -> r.userName("alice"));
    }

    private static List<String> serials(AssignmentStatusType status) {
        return rootIam.listVirtualMFADevices(r -> r.assignmentStatus(status)).virtualMFADevices().stream()
                .map(VirtualMFADevice::serialNumber).filter(s -> s.contains("alice")).toList();
    }

    @Test
    void aUserWithoutPermissionLearnsNothing() {
        try (IamClient carol = server.iam(server.userWithKey("carol", allow("\"iam:GetUser\"")))) {
            fails("AccessDenied", 403, null, () -> carol.createVirtualMFADevice(r -> r.virtualMFADeviceName("c")));
            fails("AccessDenied", 403, null, () -> carol.enableMFADevice(r -> r.userName("ghost")
                    .serialNumber(serial("ghost")).authenticationCode1("123456").authenticationCode2("123456")));
            fails("AccessDenied", 403, null, () -> carol.deleteVirtualMFADevice(r -> r.serialNumber(serial("ghost"))));
            fails("AccessDenied", 403, null, () -> carol.listVirtualMFADevices());
        }
    }

    @Test
    void assumeRoleWithATrustPolicyThatRequiresMfa() {
        AwsBasicCredentials bobKey = server.userWithKey("bob", allow("\"sts:AssumeRole\""));
        String seed = enabledDevice("bob", "bob-phone");
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
        String roleArn = rootIam.createRole(r -> r.roleName("mfa-admin").assumeRolePolicyDocument(trust)).role().arn();
        // The role may list users only with MFA: its sessions never carry MFA (AWS's documented behaviour).
        rootIam.putRolePolicy(r -> r.roleName("mfa-admin").policyName("p").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\","
                        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\"}]}"));
        String invalid = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
        try (StsClient bob = server.sts(bobKey)) {
            fails("AccessDenied", 403, "User: arn:aws:iam::" + ACCOUNT + ":user/bob is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + roleArn, () -> bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));

            String valid = code(seed, 0);
            Credentials c = bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")
                    .serialNumber(serial("bob-phone")).tokenCode(valid)).credentials();
            fails("AccessDenied", 403, invalid, () -> bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")
                    .serialNumber(serial("bob-phone")).tokenCode(valid)));
            CLOCK.advance(Duration.ofSeconds(30));
            fails("AccessDenied", 403, invalid, () -> bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")
                    .serialNumber(serial("bob-phone")).tokenCode(wrong(seed))));
            fails("AccessDenied", 403, invalid, () -> bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")
                    .serialNumber(serial("not-bobs")).tokenCode(code(seed, 0))));
            fails("AccessDenied", 403, "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
                    () -> bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1").serialNumber(serial("bob-phone"))));
            // A fresh code of the next step is accepted.
            bob.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s2").serialNumber(serial("bob-phone"))
                    .tokenCode(code(seed, 0)));

            try (IamClient asRole = server.iam(session(c))) {
                asRole.getRole(r -> r.roleName("mfa-admin"));
                fails("AccessDenied", 403, null, () -> asRole.listUsers());
            }
        }
    }

    @Test
    void getSessionTokenWithMfaMayCallIam() {
        AwsBasicCredentials daveKey = server.userWithKey("dave", allow("\"iam:GetUser\""));
        String seed = enabledDevice("dave", "dave-phone");
        try (StsClient dave = server.sts(daveKey)) {
            Credentials plain = dave.getSessionToken().credentials();
            try (IamClient withoutMfa = server.iam(session(plain))) {
                fails("InvalidClientTokenId", 403, null, () -> withoutMfa.getUser());
            }
            fails("AccessDenied", 403, "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your "
                    + "MFA serial number is valid and associated with this user.",
                    () -> dave.getSessionToken(r -> r.serialNumber(serial("bob-phone")).tokenCode(code(seed, 0))));
            fails("AccessDenied", 403, "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
                    () -> dave.getSessionToken(r -> r.tokenCode(code(seed, 0))));
            fails("AccessDenied", 403, "MultiFactorAuthentication failed with invalid MFA one time pass code.",
                    () -> dave.getSessionToken(r -> r.serialNumber(serial("dave-phone")).tokenCode(wrong(seed))));

            Credentials mfa = dave.getSessionToken(r -> r.serialNumber(serial("dave-phone")).tokenCode(code(seed, 0)))
                    .credentials();
            try (IamClient withMfa = server.iam(session(mfa))) {
                assertEquals("dave", withMfa.getUser().user().userName());
            }
        }
    }

    @Test
    void everyWayADeviceCallFails() {
        rootIam.createUser(r -> r.userName("no-devices"));
        rootIam.createUser(r -> r.userName("holder"));
        enabledDevice("holder", "held");
        rootIam.createUser(r -> r.userName("eight-devices"));
        for (int i = 0; i < 8; i++) {
            enabledDevice("eight-devices", "device-" + i);
        }
        rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("ninth"));
        rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("spare"));
        rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("tagged").tags(IamTags.fifty()));
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + ACCOUNT + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        rootIam.createRole(r -> r.roleName("session-role").assumeRolePolicyDocument(trust));
        try (StsClient assumer = server.sts(server.userWithKey("assumer", allow("\"sts:AssumeRole\"")))) {
            Credentials credentials = assumer.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/session-role")
                    .roleSessionName("s1")).credentials();
            try (IamClient session = server.iam(session(credentials))) {
                fails("ValidationError", 400, null, () -> rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("bad name")));
                fails("InvalidInput", 400, null, () -> rootIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("made")
                        .tags(tag("team", "a"), tag("Team", "b"))));
                fails("ValidationError", 400, null, () -> rootIam.enableMFADevice(r -> r.userName("no-devices")
                        .serialNumber(serial("spare")).authenticationCode1("12").authenticationCode2("000000")));
                fails("LimitExceeded", 409, null, () -> rootIam.enableMFADevice(r -> r.userName("eight-devices")
                        .serialNumber(serial("ninth")).authenticationCode1("000000").authenticationCode2("000000")));
                fails("ValidationError", 400, null, () -> rootIam.deactivateMFADevice(r -> r.userName("holder").serialNumber("short")));
                fails("ValidationError", 400, null, () -> session.deactivateMFADevice(r -> r.serialNumber(serial("held"))));
                fails("NoSuchEntity", 404, null, () -> rootIam.deactivateMFADevice(r -> r.userName("ghost").serialNumber(serial("held"))));
                fails("NoSuchEntity", 404, null, () -> rootIam.deactivateMFADevice(r -> r.userName("no-devices").serialNumber(serial("held"))));
                fails("ValidationError", 400, null, () -> rootIam.resyncMFADevice(r -> r.userName("holder").serialNumber(serial("held"))));
                fails("NoSuchEntity", 404, null, () -> rootIam.resyncMFADevice(r -> r.userName("ghost")
                        .serialNumber(serial("held")).authenticationCode1("000000").authenticationCode2("000000")));
                fails("NoSuchEntity", 404, null, () -> rootIam.resyncMFADevice(r -> r.userName("no-devices")
                        .serialNumber(serial("held")).authenticationCode1("000000").authenticationCode2("000000")));
                fails("ValidationError", 400, null, () -> rootIam.listMFADevices(r -> r.userName("holder").maxItems(0)));
                fails("ValidationError", 400, null, () -> session.listMFADevices(r -> { }));
                fails("NoSuchEntity", 404, null, () -> rootIam.listMFADevices(r -> r.userName("ghost")));
                fails("InvalidInput", 400, null, () -> rootIam.listMFADevices(r -> r.userName("holder").marker("garbage")));
                fails("ValidationError", 400, null, () -> rootIam.listVirtualMFADevices(r -> r.assignmentStatus("Some")));
                fails("InvalidInput", 400, null, () -> rootIam.listVirtualMFADevices(r -> r.marker("garbage")));
                fails("ValidationError", 400, null, () -> rootIam.getMFADevice(r -> r.userName("holder")));
                fails("ValidationError", 400, null, () -> session.getMFADevice(r -> r.serialNumber(serial("held"))));
                fails("ValidationError", 400, null, () -> rootIam.deleteVirtualMFADevice(r -> r.serialNumber("bad serial!")));
                fails("ValidationError", 400, null, () -> rootIam.tagMFADevice(r -> r.serialNumber(serial("spare")).tags(tag("bad*key", "v"))));
                fails("NoSuchEntity", 404, null, () -> rootIam.tagMFADevice(r -> r.serialNumber(serial("missing")).tags(tag("k0", "v"))));
                fails("InvalidInput", 400, null, () -> rootIam.tagMFADevice(r -> r.serialNumber(serial("spare"))
                        .tags(tag("team", "a"), tag("Team", "b"))));
                fails("LimitExceeded", 409, null, () -> rootIam.tagMFADevice(r -> r
                        .serialNumber(serial("tagged")).tags(tag("new0", "v"))));
                fails("ValidationError", 400, null, () -> rootIam.untagMFADevice(r -> r.serialNumber(serial("spare"))));
                fails("NoSuchEntity", 404, null, () -> rootIam.untagMFADevice(r -> r.serialNumber(serial("missing")).tagKeys("k0")));
                fails("ValidationError", 400, null, () -> rootIam.listMFADeviceTags(r -> r.serialNumber(serial("spare")).maxItems(0)));
                fails("NoSuchEntity", 404, null, () -> rootIam.listMFADeviceTags(r -> r.serialNumber(serial("missing"))));
                fails("InvalidInput", 400, null, () -> rootIam.listMFADeviceTags(r -> r.serialNumber(serial("spare")).marker("garbage")));
            }
        }
    }
}
