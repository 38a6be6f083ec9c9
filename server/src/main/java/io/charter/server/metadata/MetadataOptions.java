package io.charter.server.metadata;

/**
 * The instance's metadata options as ModifyInstanceMetadataOptions set them: whether a session
 * token is required (IMDSv2 only), how many hops the token's answer may travel, and whether the
 * endpoint answers at all.
 */
public record MetadataOptions(boolean tokensRequired, int putResponseHopLimit, boolean endpointEnabled) {
    /** EC2's defaults for an instance: tokens optional, one hop, the endpoint on. */
    public static final MetadataOptions DEFAULTS = new MetadataOptions(false, 1, true);

    public MetadataOptions {
        if (putResponseHopLimit < 1 || putResponseHopLimit > 64) {
            throw new IllegalArgumentException("putResponseHopLimit is not 1 to 64: " + putResponseHopLimit);
        }
    }
}
