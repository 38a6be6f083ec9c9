package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

/**
 * How an instance's metadata service answers, as EC2's {@code ModifyInstanceMetadataOptions} sets
 * it.
 *
 * @param httpTokens {@code optional} (IMDSv1 and v2) or {@code required} (IMDSv2 only)
 * @param hopLimit how many network hops the answer to {@code PUT /latest/api/token} may travel (1–64)
 * @param httpEndpoint {@code enabled} or {@code disabled}
 */
public record InstanceMetadataOptions(String httpTokens, int hopLimit, String httpEndpoint) {
    public static final String OPTIONAL = "optional";
    public static final String REQUIRED = "required";
    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
    public static final int MAX_HOP_LIMIT = 64;

    /** What a new instance gets, as EC2 gives an instance launched without options. */
    public static final InstanceMetadataOptions DEFAULTS = new InstanceMetadataOptions(OPTIONAL, 1, ENABLED);

    public InstanceMetadataOptions {
        requireNonNull(httpTokens, "httpTokens is null");
        requireNonNull(httpEndpoint, "httpEndpoint is null");
        if (!httpTokens.equals(OPTIONAL) && !httpTokens.equals(REQUIRED)) {
            throw new IllegalArgumentException("httpTokens is optional or required: " + httpTokens);
        }
        if (!httpEndpoint.equals(ENABLED) && !httpEndpoint.equals(DISABLED)) {
            throw new IllegalArgumentException("httpEndpoint is enabled or disabled: " + httpEndpoint);
        }
        if (hopLimit < 1 || hopLimit > MAX_HOP_LIMIT) {
            throw new IllegalArgumentException("hopLimit is 1 to " + MAX_HOP_LIMIT + ": " + hopLimit);
        }
    }

    /** Whether IMDSv1 (a GET without a session token) is refused. */
    public boolean tokensRequired() {
        return httpTokens.equals(REQUIRED);
    }
}
