package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The virtual MFA devices of every account, by serial number and by the user each is enabled for,
 * as part of an {@link IdentitySnapshot}. Immutable.
 *
 * @param bySerial devices by serial number
 * @param byUser the devices enabled for each user (by unique id), oldest enable first
 */
public record MfaDeviceIndex(Map<String, MfaDevice> bySerial, Map<String, List<MfaDevice>> byUser) {
    public static final MfaDeviceIndex EMPTY = of(List.of());

    public MfaDeviceIndex {
        bySerial = Map.copyOf(requireNonNull(bySerial, "bySerial is null"));
        Map<String, List<MfaDevice>> copy = new HashMap<>();
        requireNonNull(byUser, "byUser is null").forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byUser = Map.copyOf(copy);
    }

    public static MfaDeviceIndex of(Collection<MfaDevice> devices) {
        Map<String, MfaDevice> bySerial = new HashMap<>();
        Map<String, List<MfaDevice>> byUser = new HashMap<>();
        for (MfaDevice device : devices) {
            bySerial.put(device.serialNumber(), device);
            device.userId().ifPresent(u -> byUser.computeIfAbsent(u, k -> new ArrayList<>()).add(device));
        }
        byUser.values().forEach(l -> l.sort(Comparator.comparing((MfaDevice d) -> d.enabledAt().orElseThrow())
                .thenComparing(MfaDevice::serialNumber)));
        return new MfaDeviceIndex(bySerial, byUser);
    }

    public Optional<MfaDevice> device(String serialNumber) {
        return Optional.ofNullable(bySerial.get(serialNumber));
    }

    /** The devices enabled for a user. */
    public List<MfaDevice> enabledFor(String userId) {
        return byUser.getOrDefault(userId, List.of());
    }

    /** Every device of an account, by serial number. */
    public List<MfaDevice> inAccount(String accountId) {
        return bySerial.values().stream().filter(d -> d.accountId().equals(accountId))
                .sorted(Comparator.comparing(MfaDevice::serialNumber)).toList();
    }
}
