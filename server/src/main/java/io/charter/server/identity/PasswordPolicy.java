package io.charter.server.identity;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * An account's password policy, as UpdateAccountPasswordPolicy sets it. {@link #admits} applies it
 * to a new password; {@link #DEFAULT_CHECK} is what applies when the account has none.
 *
 * @param maxPasswordAge days a password is valid; 0 for never expiring
 * @param passwordReusePrevention how many previous passwords cannot be reused; 0 for none
 */
public record PasswordPolicy(
        int minimumPasswordLength, boolean requireSymbols, boolean requireNumbers,
        boolean requireUppercaseCharacters, boolean requireLowercaseCharacters,
        boolean allowUsersToChangePassword, int maxPasswordAge, int passwordReusePrevention, boolean hardExpiry) {
    /** The symbols IAM's password policy counts: {@code ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '}. */
    static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

    public PasswordPolicy {
        if (minimumPasswordLength < 6 || minimumPasswordLength > 128) {
            throw new IllegalArgumentException("minimumPasswordLength out of range: " + minimumPasswordLength);
        }
        if (maxPasswordAge < 0 || maxPasswordAge > 1095) {
            throw new IllegalArgumentException("maxPasswordAge out of range: " + maxPasswordAge);
        }
        if (passwordReusePrevention < 0 || passwordReusePrevention > 24) {
            throw new IllegalArgumentException("passwordReusePrevention out of range: " + passwordReusePrevention);
        }
    }

    /** Passwords expire when a maximum age is set. */
    public boolean expirePasswords() {
        return maxPasswordAge > 0;
    }

    /** Whether {@code password} meets this policy's length and character rules. */
    public boolean admits(String password) {
        return password.length() >= minimumPasswordLength
                && (!requireSymbols || password.chars().anyMatch(ch -> SYMBOLS.indexOf(ch) >= 0))
                && (!requireNumbers || password.chars().anyMatch(ch -> ch >= '0' && ch <= '9'))
                && (!requireUppercaseCharacters || password.chars().anyMatch(ch -> ch >= 'A' && ch <= 'Z'))
                && (!requireLowercaseCharacters || password.chars().anyMatch(ch -> ch >= 'a' && ch <= 'z'));
    }

    /**
     * Whether {@code password} is admitted by the account's policy, or when it has none by IAM's
     * default policy: at least 8 characters and at least three of uppercase letters, lowercase
     * letters, digits and other (non-alphanumeric) characters.
     */
    public static boolean admitted(Optional<PasswordPolicy> policy, String password) {
        return policy.map(p -> p.admits(password)).orElseGet(() -> DEFAULT_CHECK.test(password));
    }

    static final Predicate<String> DEFAULT_CHECK = password -> {
        if (password.length() < 8) {
            return false;
        }
        int kinds = 0;
        kinds += password.chars().anyMatch(ch -> ch >= 'A' && ch <= 'Z') ? 1 : 0;
        kinds += password.chars().anyMatch(ch -> ch >= 'a' && ch <= 'z') ? 1 : 0;
        kinds += password.chars().anyMatch(ch -> ch >= '0' && ch <= '9') ? 1 : 0;
        kinds += password.chars().anyMatch(ch -> !Character.isLetterOrDigit(ch)) ? 1 : 0;
        return kinds >= 3;
    };
}
