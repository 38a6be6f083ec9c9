package io.charter.server.domain;

/**
 * IAM's quotas, and S3's bucket quota, as AWS sets them by default: enforced by the domain layer
 * inside the transaction that would exceed them, and (IAM's) reported by GetAccountSummary from here.
 */
public final class Quotas {
    /** Access keys of one user, or of an account's root user. */
    public static final int ACCESS_KEYS_PER_USER = 2;
    /** Groups one user may belong to (a fixed quota). */
    public static final int GROUPS_PER_USER = 10;
    /** Groups in one account. */
    public static final int GROUPS_PER_ACCOUNT = 300;
    /** Roles in one instance profile (a fixed quota). */
    public static final int ROLES_PER_INSTANCE_PROFILE = 1;
    /** Managed policies attached to one user, role or group. */
    public static final int ATTACHED_POLICIES_PER_ENTITY = 10;
    /** Tags on one user, role, policy, instance profile or MFA device. */
    public static final int TAGS_PER_ENTITY = 50;
    /** MFA devices enabled for one user. */
    public static final int MFA_DEVICES_PER_USER = 8;
    /** Aliases of one account. */
    public static final int ACCOUNT_ALIASES_PER_ACCOUNT = 1;
    /** Versions one managed policy keeps. */
    public static final int VERSIONS_PER_POLICY = 5;
    /** Aggregate size (white space not counted) of one user's inline policies. */
    public static final int USER_POLICY_SIZE = 2048;
    /** Aggregate size (white space not counted) of one role's inline policies. */
    public static final int ROLE_POLICY_SIZE = 10_240;
    /** Aggregate size (white space not counted) of one group's inline policies. */
    public static final int GROUP_POLICY_SIZE = 5120;
    /** S3 general purpose buckets one account owns. */
    public static final int BUCKETS_PER_ACCOUNT = 10_000;
    /** Instances registered in one account (Charter's own limit: EC2's are per instance type and region). */
    public static final int INSTANCES_PER_ACCOUNT = 10_000;
    /** Roles one instance may hand to its containers (Charter's own limit). */
    public static final int TASK_ROLES_PER_INSTANCE = 100;

    private Quotas() {
    }
}
