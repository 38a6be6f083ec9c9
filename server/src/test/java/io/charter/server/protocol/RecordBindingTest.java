package io.charter.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charter.server.identity.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Records bound to the shapes of a model: checked when bound, read and written member by member. */
class RecordBindingTest {
    private static final ServiceModel STS = ServiceModel.load("sts");

    record Descriptor(Optional<String> arn) {
    }

    record Context(Optional<String> providerArn, Optional<String> contextAssertion) {
    }

    record AssumeRole(String roleArn, String roleSessionName, Optional<Integer> durationSeconds, List<Tag> tags,
            List<Descriptor> policyArns, Optional<List<String>> transitiveTagKeys, Optional<String> policy,
            Optional<String> externalId, Optional<String> serialNumber, Optional<String> tokenCode,
            Optional<String> sourceIdentity, List<Context> providedContexts) {
    }

    record SessionToken(Optional<Integer> durationSeconds, Optional<String> serialNumber) {
    }

    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    }

    record Result(Credentials credentials, Optional<Integer> packedPolicySize, Optional<String> sourceIdentity) {
    }

    record Misspelt(String roleArn, String roleSesionName) {
    }

    record OptionalMissing(String roleArn, String roleSessionName, Integer durationSeconds) {
    }

    record RequiredOptional(Optional<String> roleArn) {
    }

    record WrongType(String roleArn, String roleSessionName, Optional<String> durationSeconds) {
    }

    private static Optional<StructureShape> input(String operation) {
        return STS.operation(operation).orElseThrow().input();
    }

    private static Optional<StructureShape> output(String operation) {
        return STS.operation(operation).orElseThrow().output();
    }

    @Test
    void aRequestIsReadMemberByMemberAbsentOnesEmpty() {
        RecordBinding<AssumeRole> binding = RecordBinding.input(AssumeRole.class, input("AssumeRole"));
        StructValue value = StructValue.builder()
                .put("RoleArn", "arn:aws:iam::123456789012:role/r")
                .put("RoleSessionName", "s")
                .putList("Tags", List.of(StructValue.builder().put("Key", "team").put("Value", "blue").build()))
                .putList("PolicyArns", List.of(StructValue.builder().put("arn", "arn:aws:iam::aws:policy/X").build()))
                .build();
        assertEquals(new AssumeRole("arn:aws:iam::123456789012:role/r", "s", Optional.empty(),
                List.of(new Tag("team", "blue")), List.of(new Descriptor(Optional.of("arn:aws:iam::aws:policy/X"))),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of()), binding.read(value));
        StructValue withDuration = StructValue.builder().put("RoleArn", "a").put("RoleSessionName", "s")
                .put("DurationSeconds", 900).putStrings("TransitiveTagKeys", List.of()).build();
        AssumeRole read = binding.read(withDuration);
        assertEquals(Optional.of(900), read.durationSeconds());
        assertEquals(List.of(), read.tags(), "an absent list reads as empty");
        assertEquals(Optional.of(List.of()), read.transitiveTagKeys(), "sent empty is not absent");
    }

    @Test
    void aResultLeavesEmptyOptionalsOut() {
        RecordBinding<Result> binding = RecordBinding.output(Result.class, output("AssumeRole"));
        Instant expiration = Instant.parse("2026-12-07T12:00:00Z");
        StructValue written = binding.write(new Result(new Credentials("ASIA1", "secret", "token", expiration),
                Optional.of(6), Optional.empty()));
        assertEquals(StructValue.builder()
                .put("Credentials", StructValue.builder().put("AccessKeyId", "ASIA1").put("SecretAccessKey", "secret")
                        .put("SessionToken", "token").put("Expiration", expiration).build())
                .put("PackedPolicySize", 6)
                .build(), written);
    }

    @Test
    void aRecordThatDoesNotFitItsShapeFailsWhenBound() {
        assertEquals("component roleSesionName of " + Misspelt.class.getName()
                        + " names no member of shape AssumeRoleRequest",
                assertThrows(IllegalStateException.class,
                        () -> RecordBinding.input(Misspelt.class, input("AssumeRole"))).getMessage());
        assertEquals(OptionalMissing.class.getName() + ".durationSeconds must be Optional: member DurationSeconds"
                        + " may be absent",
                assertThrows(IllegalStateException.class,
                        () -> RecordBinding.input(OptionalMissing.class, input("AssumeRole"))).getMessage());
        assertEquals(RequiredOptional.class.getName() + ".roleArn is Optional, but member RoleArn is required",
                assertThrows(IllegalStateException.class,
                        () -> RecordBinding.input(RequiredOptional.class, input("AssumeRole"))).getMessage());
        assertEquals(WrongType.class.getName() + ".durationSeconds is a String, which does not carry the integer"
                        + " shape roleDurationSecondsType",
                assertThrows(IllegalStateException.class,
                        () -> RecordBinding.input(WrongType.class, input("AssumeRole"))).getMessage());
        assertEquals(SessionToken.class.getName() + " binds no component to member TokenCode of shape"
                        + " GetSessionTokenRequest: a parameter a client sends would be dropped",
                assertThrows(IllegalStateException.class,
                        () -> RecordBinding.input(SessionToken.class, input("GetSessionToken"))).getMessage());
    }
}
