package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user's console password: its slow hash (never the password), whether it must be reset at the
 * next sign-in, and when the profile was created.
 */
public record LoginProfile(String userId, String passwordHash, boolean passwordResetRequired, Instant createdAt) {
    public LoginProfile {
        requireNonNull(userId, "userId is null");
        requireNonNull(passwordHash, "passwordHash is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public String toString() {
        return "LoginProfile[userId=" + userId + ", passwordResetRequired=" + passwordResetRequired
                + ", createdAt=" + createdAt + "]";
    }
}
