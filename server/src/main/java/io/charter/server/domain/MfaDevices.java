package io.charter.server.domain;

import io.charter.server.crypto.MasterKey;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.MfaDevice;
import io.charter.server.identity.NewMfaDevice;
import io.charter.server.identity.Tag;
import io.charter.server.store.MfaDeviceRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Virtual MFA devices: created with a sealed seed, enabled for a user with two consecutive codes,
 * resynchronised, deactivated and deleted, and a code of an enabled device accepted once. Each call
 * is one transaction that finds the device in the store and checks its preconditions there, in the
 * order AWS answers them; the codes are checked by {@link VirtualMfa}. Tags are {@link EntityTags}'
 * ({@link TagTarget#mfaDevice}).
 *
 * <p>Thread-safe: holds no mutable state; the store serialises writes, so two requests with the
 * same code cannot both pass.
 */
public final class MfaDevices {
    private final Directory directory;
    private final VirtualMfa totp;

    /** @param masterKey seals the devices' seeds */
    public MfaDevices(Directory directory, MasterKey masterKey) {
        this.directory = directory;
        this.totp = new VirtualMfa(masterKey);
    }

    /**
     * Creates an unassigned device with a fresh seed and its tags (keys checked distinct); its
     * seed is returned this once. A device of that serial number (compared case-insensitively) is
     * {@code EntityAlreadyExists}.
     */
    public NewMfaDevice create(String accountId, String name, String path, List<Tag> tags, Instant at) {
        MfaDevice device = new MfaDevice(MfaDevice.arn(accountId, path, name), accountId, name, path, Optional.empty(),
                Optional.empty(), at);
        String seed = VirtualMfa.mintSeed(directory.random());
        MfaDeviceRow row = totp.seal(device, seed);
        directory.write((c, store) -> {
            if (store.mfaDevices().exists(c, device.serialNumber())) {
                throw IamErrors.mfaDeviceExists();
            }
            store.mfaDevices().insert(c, row);
            EntityTags.replace(c, store, device.serialNumber(), tags);
            return null;
        });
        return new NewMfaDevice(device, seed);
    }

    /**
     * Enables the device {@code serialNumber} of the user's account for {@code user} when
     * {@code code1} and {@code code2} are two consecutive codes of it, learning its clock's drift.
     * Refused, in this order: a user deleted meanwhile ({@code NoSuchEntity}), no such device
     * ({@code NoSuchEntity}), a device already enabled ({@code EntityAlreadyExists}), a user with
     * {@link Quotas#MFA_DEVICES_PER_USER} devices ({@code LimitExceeded}), codes that are not
     * ({@code InvalidAuthenticationCode}).
     */
    public void enable(Identity user, String serialNumber, String code1, String code2, Instant at) {
        directory.write((c, store) -> {
            if (store.identities().findPrincipal(c, user.uniqueId()).isEmpty()) {
                throw IamErrors.noSuchUser(user.name());
            }
            MfaDeviceRow row = store.mfaDevices().find(c, serialNumber)
                    .filter(r -> r.device().accountId().equals(user.accountId()))
                    .orElseThrow(() -> IamErrors.noSuchVirtualMfaDevice(serialNumber));
            if (row.device().assigned()) {
                throw IamErrors.mfaDeviceInUse();
            }
            if (store.mfaDevices().countEnabled(c, user.uniqueId()) >= Quotas.MFA_DEVICES_PER_USER) {
                throw IamErrors.limit("MFADevicesPerUser", Quotas.MFA_DEVICES_PER_USER);
            }
            long step = totp.consecutive(row, code1, code2, at, VirtualMfa.ENABLE_WINDOW)
                    .orElseThrow(IamErrors::invalidAuthenticationCode);
            store.mfaDevices().assign(c, serialNumber, Optional.of(user.uniqueId()), Optional.of(at));
            store.mfaDevices().recordUse(c, serialNumber, step, VirtualMfa.drift(step, at));
            return null;
        });
    }

    /**
     * Resynchronises the device {@code serialNumber} enabled for {@code user} with two consecutive
     * codes, within a wider window than enabling looks in, and learns its clock's drift again.
     * No such device of the user is {@code NoSuchEntity}; codes that are not consecutive codes of
     * it are {@code InvalidAuthenticationCode}.
     */
    public void resync(Identity user, String serialNumber, String code1, String code2, Instant at) {
        directory.write((c, store) -> {
            MfaDeviceRow row = enabledFor(c, store, user, serialNumber);
            long step = totp.consecutive(row, code1, code2, at, VirtualMfa.RESYNC_WINDOW)
                    .orElseThrow(IamErrors::invalidAuthenticationCode);
            store.mfaDevices().recordUse(c, serialNumber, step, VirtualMfa.drift(step, at));
            return null;
        });
    }

    /** Unassigns the device {@code serialNumber} from {@code user}; no such device of the user is {@code NoSuchEntity}. */
    public void deactivate(Identity user, String serialNumber) {
        directory.write((c, store) -> {
            enabledFor(c, store, user, serialNumber);
            store.mfaDevices().assign(c, serialNumber, Optional.empty(), Optional.empty());
            return null;
        });
    }

    /**
     * Deletes the device {@code serialNumber} of {@code accountId} with its tags. No such device is
     * {@code NoSuchEntity}; a device still enabled for a user is {@code DeleteConflict}.
     */
    public void delete(String accountId, String serialNumber) {
        directory.write((c, store) -> {
            MfaDeviceRow row = store.mfaDevices().find(c, serialNumber)
                    .filter(r -> r.device().accountId().equals(accountId))
                    .orElseThrow(() -> IamErrors.noSuchVirtualMfaDevice(serialNumber));
            if (row.device().assigned()) {
                throw IamErrors.conflict("MFA Device is already in use.");
            }
            store.mfaDevices().delete(c, serialNumber);
            store.permissions().deleteEntity(c, serialNumber);
            return null;
        });
    }

    /**
     * Checks {@code code} of the device {@code serialNumber} enabled for the user {@code userId}
     * and, when it is valid and not used before, records its use. Returns whether it was accepted;
     * a device not enabled for that user accepts nothing.
     */
    public boolean authenticate(String userId, String serialNumber, String code, Instant at) {
        return directory.write((c, store) -> {
            Optional<MfaDeviceRow> found = store.mfaDevices().find(c, serialNumber)
                    .filter(r -> r.userId().equals(Optional.of(userId)));
            if (found.isEmpty()) {
                return false;
            }
            MfaDeviceRow row = found.get();
            OptionalLong step = totp.accepted(row, code, at);
            if (step.isEmpty()) {
                return false;
            }
            store.mfaDevices().recordUse(c, serialNumber, step.getAsLong(), row.drift());
            return true;
        });
    }

    /** The device {@code serialNumber} enabled for {@code user}, or {@code NoSuchEntity}. */
    private static MfaDeviceRow enabledFor(Connection c, Directory.Repositories store, Identity user,
            String serialNumber) throws SQLException {
        return store.mfaDevices().find(c, serialNumber)
                .filter(r -> r.userId().equals(Optional.of(user.uniqueId())))
                .orElseThrow(() -> IamErrors.noSuchMfaDevice(serialNumber));
    }
}
