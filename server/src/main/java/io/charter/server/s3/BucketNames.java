package io.charter.server.s3;

import java.util.List;
import java.util.Optional;

/**
 * S3's naming rules for general purpose buckets (S3 User Guide, "General purpose bucket naming
 * rules"): 3 to 63 characters of lower-case letters, digits, dots and hyphens; a letter or digit
 * first and last; no two dots side by side; not an IPv4 address; none of the prefixes and suffixes
 * S3 reserves. Stateless and thread-safe.
 *
 * <p>S3 answers every violation with the same error, {@code InvalidBucketName} and
 * {@link #MESSAGE}; {@link #problemWith} says which rule the name breaks, for logs and consoles.
 */
public final class BucketNames {
    /** S3's message for {@code InvalidBucketName}. */
    public static final String MESSAGE = "The specified bucket is not valid.";

    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3",
            "--table-s3");

    private BucketNames() {}

    /** Why {@code name} is not a valid general purpose bucket name, or empty when it is one. */
    public static Optional<String> problemWith(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("a bucket name has 3 to 63 characters; '" + name + "' has " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLowerOrDigit(c) || c == '.' || c == '-')) {
                return Optional.of("a bucket name holds only lower-case letters, digits, '.' and '-'; '" + name
                        + "' has '" + c + "'");
            }
        }
        if (!isLowerOrDigit(name.charAt(0)) || !isLowerOrDigit(name.charAt(name.length() - 1))) {
            return Optional.of("a bucket name begins and ends with a letter or digit: '" + name + "'");
        }
        if (name.contains("..")) {
            return Optional.of("a bucket name has no two adjacent dots: '" + name + "'");
        }
        if (isIpv4(name)) {
            return Optional.of("a bucket name is not formatted as an IP address: '" + name + "'");
        }
        for (String p : RESERVED_PREFIXES) {
            if (name.startsWith(p)) {
                return Optional.of("the prefix '" + p + "' is reserved: '" + name + "'");
            }
        }
        for (String s : RESERVED_SUFFIXES) {
            if (name.endsWith(s)) {
                return Optional.of("the suffix '" + s + "' is reserved: '" + name + "'");
            }
        }
        return Optional.empty();
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** Four dot-separated groups of digits (S3 refuses {@code 192.168.5.4}; the groups' range does not matter). */
    private static boolean isIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
