package io.charter.policy;

import java.util.List;

/** Named principals and policy builders shared by the tests. */
final class Fixture {
    static final String A = "111122223333";
    static final String B = "444455556666";

    static final Principal ALICE = Principal.user("arn:aws:iam::" + A + ":user/alice", "AIDAALICE");
    static final Principal BOB = Principal.user("arn:aws:iam::" + A + ":user/dev/bob", "AIDABOB");
    static final Principal ROOT = Principal.root(A);
    static final String ADMIN_ROLE = "arn:aws:iam::" + A + ":role/Admin";
    static final Principal SESSION = Principal.assumedRole("arn:aws:sts::" + A + ":assumed-role/Admin/s1", ADMIN_ROLE,
            "AROAADMIN");
    static final Principal FED = Principal.federatedUser("arn:aws:sts::" + A + ":federated-user/fed",
            "arn:aws:iam::" + A + ":user/alice");
    static final Principal ROLE = Principal.role(ADMIN_ROLE, "AROAADMIN");
    static final Principal CAROL = Principal.user("arn:aws:iam::" + B + ":user/carol", "AIDACAROL");
    static final String B_ROLE = "arn:aws:iam::" + B + ":role/Ops";
    static final Principal B_SESSION = Principal.assumedRole("arn:aws:sts::" + B + ":assumed-role/Ops/x", B_ROLE,
            "AROAOPS");
    static final Principal B_ROOT = Principal.root(B);
    static final Principal EC2 = Principal.service("ec2.amazonaws.com");
    static final Principal GOOGLE = Principal.federated("accounts.google.com");
    static final Principal CANON = Principal.canonicalUser("a".repeat(64));
    static final Principal ANON = Principal.anonymous();

    private Fixture() {}

    static String allow(String action, String resource) {
        return stmt("Allow", "\"Action\":" + q(action) + ",\"Resource\":" + q(resource));
    }

    static String deny(String action, String resource) {
        return stmt("Deny", "\"Action\":" + q(action) + ",\"Resource\":" + q(resource));
    }

    static String stmt(String effect, String body) {
        return "{\"Effect\":\"" + effect + "\"," + body + "}";
    }

    /** A JSON string, or the text as is when it is already an array/object. */
    static String q(String s) {
        return s.startsWith("[") || s.startsWith("{") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Adds {@code "Condition": cond} to a statement. */
    static String cond(String statement, String condition) {
        return statement.substring(0, statement.length() - 1) + ",\"Condition\":" + condition + "}";
    }

    /** Adds {@code "Principal": principal} to a statement. */
    static String principal(String statement, String principal) {
        return statement.substring(0, statement.length() - 1) + ",\"Principal\":" + principal + "}";
    }

    static String doc(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static Policy policy(PolicyType type, String... statements) {
        return named(type, "p-" + type.name().toLowerCase(java.util.Locale.ROOT), statements);
    }

    static Policy named(PolicyType type, String name, String... statements) {
        ParseResult r = Policy.parse(doc(statements), type);
        if (!r.isValid()) {
            throw new AssertionError("fixture policy invalid: " + r.errors() + "\n" + doc(statements));
        }
        return r.orThrow().withName(name);
    }

    static Policy identity(String... statements) {
        return policy(PolicyType.IDENTITY, statements);
    }

    static List<Policy> identities(String... statements) {
        return List.of(identity(statements));
    }

    static final String ALLOW_ALL = allow("*", "*");
}
