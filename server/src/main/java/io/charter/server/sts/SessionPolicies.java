package io.charter.server.sts;

import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.token.SessionTag;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * Session policies and the packed-size rule of STS. AWS packs the inline policy, the managed
 * policy ARNs and the session tags into a compressed blob of limited size and reports its use as
 * {@code PackedPolicySize}, a percentage; its compression is undocumented, so Charter measures
 * the DEFLATE size against a fixed budget (an approximation, written down in ARCHITECTURE.md).
 */
final class SessionPolicies {
    /** The documented plaintext limit of inline plus managed session policies. */
    static final int MAX_PLAINTEXT = 2048;
    static final int MAX_POLICY_ARNS = 10;
    /** Bytes of DEFLATE output that make 100 %. */
    static final int PACKED_BUDGET = 512;

    private SessionPolicies() {
    }

    /** The inline {@code Policy}, validated as a session policy. */
    static Optional<String> inline(Optional<String> text) {
        text.ifPresent(t -> {
            ParseResult result = Policy.parse(t, PolicyType.SESSION, Integer.MAX_VALUE);
            if (!result.isValid()) {
                throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT,
                        result.firstErrorMessage().orElse("The policy is not valid."));
            }
        });
        return text;
    }

    /**
     * The {@code PolicyArns}: at most ten, each an AWS managed policy or a managed policy of the
     * session's own account (the role's for AssumeRole, the caller's for GetFederationToken).
     */
    static List<String> arns(List<StsMessages.PolicyDescriptor> descriptors, IdentitySnapshot snapshot,
            String sessionAccount) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            int position = i + 1;
            arns.add(descriptors.get(i).arn().orElseThrow(() -> new ServiceException(AwsErrorCode.VALIDATION_ERROR,
                    "1 validation error detected: Value null at 'policyArns." + position
                            + ".member.arn' failed to satisfy constraint: Member must not be null")));
        }
        if (arns.size() > MAX_POLICY_ARNS) {
            throw new ServiceException(AwsErrorCode.VALIDATION_ERROR, "1 validation error detected: Value at"
                    + " 'policyArns' failed to satisfy constraint: Member must have length less than or equal to "
                    + MAX_POLICY_ARNS);
        }
        for (String arn : arns) {
            boolean usable = snapshot.managedPolicy(arn)
                    .filter(p -> p.awsManaged() || p.accountId().orElseThrow().equals(sessionAccount)).isPresent();
            if (!usable) {
                throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT,
                        "Policy " + arn + " does not exist or is not attachable.");
            }
        }
        return arns;
    }

    /**
     * The packed size, as a percentage, of what a session carries; {@code PackedPolicyTooLarge}
     * when the plaintext of the session policies passes 2,048 characters or the packed size 100 %.
     */
    static int packedSize(Optional<String> policy, List<String> arns, List<SessionTag> tags) {
        if (policy.isEmpty() && arns.isEmpty() && tags.isEmpty()) {
            return 0;
        }
        int plaintext = policy.map(String::length).orElse(0) + arns.stream().mapToInt(String::length).sum();
        StringBuilder all = new StringBuilder(policy.orElse(""));
        arns.forEach(a -> all.append('\n').append(a));
        tags.forEach(t -> all.append('\n').append(t.key()).append('=').append(t.value()));
        int percent = (int) Math.ceil(100.0 * deflatedLength(all.toString()) / PACKED_BUDGET);
        if (plaintext > MAX_PLAINTEXT || percent > 100) {
            throw new ServiceException(AwsErrorCode.PACKED_POLICY_TOO_LARGE,
                    "Packed policy consumes " + Math.max(percent, 101) + "% of allotted space, please use smaller policy.");
        }
        return percent;
    }

    private static int deflatedLength(String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.size();
        } finally {
            deflater.end();
        }
    }
}
