package io.charter.server.domain;

/**
 * The IAM entities that hold permission policies, with what differs between them: the word in
 * operation and member names, and the quota on the aggregate size of their inline policies.
 */
public enum PolicyHolderKind {
    USER("User", Quotas.USER_POLICY_SIZE),
    ROLE("Role", Quotas.ROLE_POLICY_SIZE),
    GROUP("Group", Quotas.GROUP_POLICY_SIZE);

    private final String noun;
    private final int maxInlineChars;

    PolicyHolderKind(String noun, int maxInlineChars) {
        this.noun = noun;
        this.maxInlineChars = maxInlineChars;
    }

    /** {@code User}, {@code Role} or {@code Group}. */
    public String noun() {
        return noun;
    }

    /** Aggregate size of the inline policies, white space not counted (AWS's quotas). */
    public int maxInlineChars() {
        return maxInlineChars;
    }
}
