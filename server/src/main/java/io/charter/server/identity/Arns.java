package io.charter.server.identity;

/**
 * The ARNs of IAM and STS entities, EC2 instances and S3 buckets, in the shapes AWS gives them: the one place each format is
 * written. Paths begin and end with {@code /}.
 */
public final class Arns {
    private static final String IAM = "arn:aws:iam::";
    private static final String STS = "arn:aws:sts::";

    private Arns() {
    }

    public static String root(String accountId) {
        return IAM + accountId + ":root";
    }

    public static String user(String accountId, String path, String name) {
        return IAM + accountId + ":user" + path + name;
    }

    public static String role(String accountId, String path, String name) {
        return IAM + accountId + ":role" + path + name;
    }

    public static String group(String accountId, String path, String name) {
        return IAM + accountId + ":group" + path + name;
    }

    public static String policy(String accountId, String path, String name) {
        return IAM + accountId + ":policy" + path + name;
    }

    public static String instanceProfile(String accountId, String path, String name) {
        return IAM + accountId + ":instance-profile" + path + name;
    }

    /** A virtual MFA device's ARN, which is also its serial number. */
    public static String mfaDevice(String accountId, String path, String name) {
        return IAM + accountId + ":mfa" + path + name;
    }

    /** The ARN of a role session, {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION}. */
    public static String assumedRole(String accountId, String roleName, String sessionName) {
        return STS + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** The ARN of a federated user's session, {@code arn:aws:sts::ACCOUNT:federated-user/NAME}. */
    public static String federatedUser(String accountId, String name) {
        return STS + accountId + ":federated-user/" + name;
    }

    /** An EC2 instance: {@code arn:aws:ec2:REGION:ACCOUNT:instance/ID}. */
    public static String instance(String region, String accountId, String instanceId) {
        return "arn:aws:ec2:" + region + ":" + accountId + ":instance/" + instanceId;
    }

    /** An S3 bucket's ARN, {@code arn:aws:s3:::NAME}: bucket names are global, so it names no account or region. */
    public static String bucket(String name) {
        return "arn:aws:s3:::" + name;
    }
}
