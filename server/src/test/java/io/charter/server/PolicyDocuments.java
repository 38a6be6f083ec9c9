package io.charter.server;

/**
 * Policy documents for tests, as text. Tests compare documents the server returns with the text
 * they sent, so each builder yields one exact text.
 */
public final class PolicyDocuments {
    /** A trust policy that lets the account {@link TestServer#ACCOUNT} (its root user as principal) assume the role. */
    public static final String TRUST = policy(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}");

    /** An identity policy allowing iam:GetUser on everything. */
    public static final String ALLOW_GET_USER = policy("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}");

    /** An identity policy allowing s3:GetObject on everything. */
    public static final String ALLOW_GET_OBJECT = policy(
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");

    private PolicyDocuments() {
    }

    /** A policy document of {@code statements}: JSON objects, separated by commas. */
    public static String policy(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }

    /** An identity policy allowing {@code actions} (JSON strings, separated by commas) on {@code resource}. */
    public static String allow(String actions, String resource) {
        return policy("{\"Effect\":\"Allow\",\"Action\":[" + actions + "],\"Resource\":\"" + resource + "\"}");
    }

    /** An identity policy allowing {@code actions} (JSON strings, separated by commas) on everything. */
    public static String allow(String actions) {
        return allow(actions, "*");
    }

    /**
     * A trust policy allowing {@code principal} (a JSON value) {@code actions} (JSON strings, separated
     * by commas), with {@code condition}: a member of the statement after a comma, or empty.
     */
    public static String trust(String principal, String actions, String condition) {
        return policy("{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":[" + actions + "]" + condition + "}");
    }
}
