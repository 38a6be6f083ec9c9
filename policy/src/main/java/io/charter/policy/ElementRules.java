package io.charter.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for single policy elements, as pure functions: each takes one value and returns the
 * problem with it (AWS's message where known) or null. {@link PolicyReader} walks the document
 * and records what these say. Stateless and thread-safe.
 */
final class ElementRules {
    static final String VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ONE_COLON = "Actions/Condition can contain only one colon.";
    static final String TRUST_ACTIONS = "AssumeRole policy may only specify STS AssumeRole actions.";
    static final String RESOURCE_VENDOR = "Resource vendor must be fully qualified and cannot contain regexes.";
    static final String IAM_PATH = "IAM resource path must either be \"*\" or start with user/, federated-user/, role/,"
            + " group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/,"
            + " report/, access-report/.";
    private static final List<String> IAM_PATH_STARTS = List.of("user/", "federated-user/", "role/", "group/",
            "instance-profile/", "mfa/", "server-certificate/", "policy/", "sms-mfa/", "saml-provider/",
            "oidc-provider/", "report/", "access-report/");
    static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
            "aws-iso-e", "aws-iso-f", "aws-eusc");

    /** What is wrong with one value: a finding code, AWS's message, and a precise detail. */
    record Problem(String code, String message, String detail) {}

    private ElementRules() {}

    /** An {@code Action}/{@code NotAction} entry; null when valid. */
    static Problem action(String a, PolicyType type) {
        if (a.equals("*")) {
            return null;
        }
        int colon = a.indexOf(':');
        if (colon < 0) {
            return new Problem("ACTION_FORMAT", VENDOR, "the action '" + a + "' has no service prefix");
        }
        if (a.indexOf(':', colon + 1) >= 0) {
            return new Problem("ACTION_FORMAT", ONE_COLON, "the action '" + a + "' has more than one colon");
        }
        String vendor = a.substring(0, colon);
        for (int i = 0; i < vendor.length(); i++) {
            char c = vendor.charAt(i);
            // Only "*" alone may stand for the service (moto's reading of AWS: "Vendor s3* is not valid").
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || vendor.equals("*");
            if (!ok) {
                return new Problem("ACTION_FORMAT", "Vendor " + vendor + " is not valid",
                        "the service prefix '" + vendor + "' may only hold letters, digits, '-' and '.'");
            }
        }
        if (vendor.isEmpty()) {
            return new Problem("ACTION_FORMAT", VENDOR, "the action '" + a + "' has an empty service prefix");
        }
        if (type == PolicyType.TRUST && !Glob.wildcard(vendor.toLowerCase(Locale.ROOT)).matches("sts")) {
            return new Problem("TRUST_ACTION", TRUST_ACTIONS, "a trust policy cannot allow '" + a + "'");
        }
        return null;
    }

    /** A {@code Resource}/{@code NotResource} entry, as IAM checks it (moto's catalogue); null when valid. */
    static Problem resource(String r) {
        if (r.equals("*")) {
            return null;
        }
        String[] parts = r.split(":", 6);
        if (parts.length < 2) {
            return new Problem("RESOURCE_FORMAT", "Resource " + r + " must be in ARN format or \"*\".",
                    "the resource '" + r + "' is not an ARN");
        }
        if (!parts[0].equals("arn")) {
            return new Problem("RESOURCE_FORMAT", "Resource " + r + " must be in ARN format or \"*\".",
                    "the resource '" + r + "' does not start with 'arn:'");
        }
        if (!PARTITIONS.contains(parts[1]) && !isWildcardOnly(parts[1])) {
            String shown = "arn:" + parts[1] + ":" + part(parts, 2) + ":" + part(parts, 3) + ":" + part(parts, 4) + ":"
                    + part(parts, 5);
            return new Problem("RESOURCE_FORMAT", "Partition \"" + parts[1] + "\" is not valid for resource \"" + shown + "\".",
                    "unknown partition '" + parts[1] + "'");
        }
        if (parts.length < 3 || parts[2].indexOf('*') >= 0 || parts[2].indexOf('?') >= 0) {
            if (parts.length >= 3 && parts[2].isEmpty()) {
                return new Problem("LEGACY", PolicyReader.LEGACY, "the resource '" + r + "' has an empty service");
            }
            return new Problem("RESOURCE_FORMAT", RESOURCE_VENDOR, "the service of resource '" + r + "' must be written out");
        }
        String service = parts[2];
        if (service.isEmpty() || (parts.length < 6 && r.contains("::"))) {
            return new Problem("LEGACY", PolicyReader.LEGACY, "the resource '" + r + "' is not a well-formed ARN");
        }
        if (parts.length >= 4 && !parts[3].isEmpty()) {
            if (service.equals("iam")) {
                return new Problem("RESOURCE_FORMAT", "IAM resource " + r + " cannot contain region information.",
                        "IAM ARNs have no region");
            }
            if (service.equals("s3")) {
                return new Problem("RESOURCE_FORMAT", "Resource " + r + " can not contain region information.",
                        "S3 ARNs have no region");
            }
        }
        if (service.equals("iam") && parts.length == 6 && !parts[5].equals("*")) {
            boolean ok = false;
            for (String start : IAM_PATH_STARTS) {
                ok |= parts[5].startsWith(start);
            }
            ok |= parts[5].equals("root") || parts[5].startsWith("*");
            if (!ok) {
                return new Problem("RESOURCE_FORMAT", IAM_PATH, "the IAM resource '" + parts[5] + "' has an unknown type");
            }
        }
        return null;
    }

    private static boolean isWildcardOnly(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c == '*');
    }

    private static String part(String[] parts, int i) {
        return i < parts.length && !parts[i].isEmpty() ? parts[i] : "*";
    }

    /** One principal entry, or null when it is not a valid one (partial wildcards included). */
    static PrincipalPattern principal(String kind, String v) {
        switch (kind) {
            case "AWS" -> {
                if (v.equals("*")) {
                    return new PrincipalPattern(PrincipalPattern.Form.ANY, "*");
                }
                if (v.indexOf('*') >= 0 || v.indexOf('?') >= 0) {
                    return null;
                }
                if (Principal.isAccountId(v)) {
                    return new PrincipalPattern(PrincipalPattern.Form.ACCOUNT, v);
                }
                String[] p = v.split(":", 6);
                if (p.length != 6 || !p[0].equals("arn") || !PARTITIONS.contains(p[1]) || !p[3].isEmpty()
                        || !Principal.isAccountId(p[4])) {
                    return null;
                }
                String res = p[5];
                if (p[2].equals("iam")) {
                    if (res.equals("root")) {
                        return new PrincipalPattern(PrincipalPattern.Form.ACCOUNT, p[4]);
                    }
                    if (res.startsWith("user/") && res.length() > 5 && !res.endsWith("/")) {
                        return new PrincipalPattern(PrincipalPattern.Form.USER, v);
                    }
                    if (res.startsWith("role/") && res.length() > 5 && !res.endsWith("/")) {
                        return new PrincipalPattern(PrincipalPattern.Form.ROLE, v);
                    }
                    return null;
                }
                if (p[2].equals("sts")) {
                    String[] r = res.split("/", -1);
                    if (r.length == 3 && r[0].equals("assumed-role") && !r[1].isEmpty() && !r[2].isEmpty()) {
                        return new PrincipalPattern(PrincipalPattern.Form.ASSUMED_ROLE, v);
                    }
                    if (r.length == 2 && r[0].equals("federated-user") && !r[1].isEmpty()) {
                        return new PrincipalPattern(PrincipalPattern.Form.FEDERATED_USER, v);
                    }
                }
                return null;
            }
            case "Service" -> {
                return plainName(v) ? new PrincipalPattern(PrincipalPattern.Form.SERVICE, v) : null;
            }
            case "Federated" -> {
                return plainName(v) ? new PrincipalPattern(PrincipalPattern.Form.FEDERATED, v) : null;
            }
            case "CanonicalUser" -> {
                if (v.length() != 64) {
                    return null;
                }
                for (int i = 0; i < 64; i++) {
                    if (Character.digit(v.charAt(i), 16) < 0) {
                        return null;
                    }
                }
                return new PrincipalPattern(PrincipalPattern.Form.CANONICAL_USER, v);
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean plainName(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '*' || c == '?' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

}
