package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A virtual MFA device as requests see it; its seed stays sealed in the store.
 *
 * @param serialNumber the device ARN, {@code arn:aws:iam::ACCOUNT:mfa/PATH/NAME}
 * @param accountId the account that created it
 * @param name the device name
 * @param path the device path
 * @param userId the unique id of the user it is enabled for, when assigned
 * @param enabledAt when it was enabled, when assigned
 * @param createdAt when it was created
 */
public record MfaDevice(String serialNumber, String accountId, String name, String path, Optional<String> userId,
        Optional<Instant> enabledAt, Instant createdAt) {
    public MfaDevice {
        requireNonNull(serialNumber, "serialNumber is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(enabledAt, "enabledAt is null");
        requireNonNull(createdAt, "createdAt is null");
        if (userId.isPresent() != enabledAt.isPresent()) {
            throw new IllegalArgumentException("an assigned device has both a user and an enable date");
        }
    }

    public boolean assigned() {
        return userId.isPresent();
    }

    /** The ARN of a virtual device. */
    public static String arn(String accountId, String path, String name) {
        return Arns.mfaDevice(accountId, path, name);
    }
}
