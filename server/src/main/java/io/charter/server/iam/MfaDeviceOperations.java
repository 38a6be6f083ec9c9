package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.domain.VirtualMfa;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.MfaDevice;
import io.charter.server.identity.Tag;
import io.charter.server.mfa.PngImage;
import io.charter.server.mfa.QrCode;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import io.charter.server.store.MfaDeviceRepository;
import io.charter.server.store.MfaDeviceRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice,
 * ResyncMFADevice, ListMFADevices, ListVirtualMFADevices, GetMFADevice, DeleteVirtualMFADevice,
 * and Tag/Untag/ListMFADeviceTags. Device actions are authorized on the device ARN, assignment
 * actions on the user's ARN, as in the service authorization reference; always before the
 * operation says whether anything exists.
 */
public final class MfaDeviceOperations {
    /** MFA devices in use per user, as AWS's quota. */
    static final int MAX_PER_USER = 8;
    /** Pixels per QR module, and the quiet zone in modules, of the PNG. */
    private static final int QR_SCALE = 4;
    private static final int QR_QUIET = 4;

    private final Directory directory;
    private final Authorizer authorizer;
    private final VirtualMfa mfa;
    private final MfaDeviceRepository devices = new MfaDeviceRepository();

    public MfaDeviceOperations(Domain domain, Authorizer authorizer) {
        this.directory = domain.directory();
        this.authorizer = authorizer;
        this.mfa = domain.mfa();
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("CreateVirtualMFADevice", this::create),
                Operation.of("EnableMFADevice", this::enable),
                Operation.of("DeactivateMFADevice", this::deactivate),
                Operation.of("ResyncMFADevice", this::resync),
                Operation.of("ListMFADevices", this::listForUser),
                Operation.of("ListVirtualMFADevices", this::listVirtual),
                Operation.of("GetMFADevice", this::get),
                Operation.of("DeleteVirtualMFADevice", this::delete),
                Operation.of("TagMFADevice", this::tag),
                Operation.of("UntagMFADevice", this::untag),
                Operation.of("ListMFADeviceTags", this::listTags));
    }

    private StructValue create(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("VirtualMFADeviceName");
        String path = input.optionalString("Path").orElse("/");
        List<Tag> tags = Tags.from(input, "Tags");
        String serial = MfaDevice.arn(account, path, name);
        Map<String, ContextValue> keys = Tags.requestKeys(tags);
        authorizer.authorize(context, "iam:CreateVirtualMFADevice", serial, keys);
        if (!tags.isEmpty()) {
            authorizer.authorize(context, "iam:TagMFADevice", serial, keys);
        }
        String seed = mfa.mintSeed();
        MfaDevice device = new MfaDevice(serial, account, name, path, Optional.empty(), Optional.empty(), context.time());
        MfaDeviceRow row = mfa.seal(device, seed);
        directory.write((c, w) -> {
            if (devices.exists(c, serial)) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                        "MFADevice entity at the same path and name already exists.");
            }
            devices.insert(c, row);
            w.permissions().replaceTags(c, serial, Tags.rows(serial, tags));
            return null;
        });
        // AWS: "AccountName is the user name if set (otherwise, the account ID otherwise)"; a new
        // device has no user yet.
        byte[] png = PngImage.of(QrCode.ofBytes(VirtualMfa.otpauthUri(name, account, seed)
                .getBytes(StandardCharsets.UTF_8)), QR_SCALE, QR_QUIET);
        StructValue.Builder out = StructValue.builder()
                .put("SerialNumber", serial)
                .put("Base32StringSeed", seed.getBytes(StandardCharsets.US_ASCII))
                .put("QRCodePNG", png);
        if (!tags.isEmpty()) {
            out.putList("Tags", Tags.output(tags));
        }
        return StructValue.builder().put("VirtualMFADevice", out.build()).build();
    }

    private StructValue enable(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:EnableMFADevice", Map.of());
        String serial = input.string("SerialNumber");
        String code1 = input.string("AuthenticationCode1");
        String code2 = input.string("AuthenticationCode2");
        directory.write((c, w) -> {
            MfaDeviceRow row = devices.find(c, serial).filter(r -> r.device().accountId().equals(user.accountId()))
                    .orElseThrow(() -> noSuchVirtualDevice(serial));
            if (row.device().assigned()) {
                throw new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "MFA Device is already in use.");
            }
            if (devices.countEnabled(c, user.uniqueId()) >= MAX_PER_USER) {
                throw IamErrors.limit("MFADevicesPerUser", MAX_PER_USER);
            }
            long step = codes(mfa.consecutive(row, code1, code2, context.time(), VirtualMfa.ENABLE_WINDOW));
            devices.assign(c, serial, Optional.of(user.uniqueId()), Optional.of(context.time()));
            devices.recordUse(c, serial, step, VirtualMfa.drift(step, context.time()));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue deactivate(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:DeactivateMFADevice");
        MfaDevice device = enabledDevice(snapshot, user, input.string("SerialNumber"));
        directory.write((c, w) -> {
            devices.assign(c, device.serialNumber(), Optional.empty(), Optional.empty());
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue resync(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUser(snapshot, context, input.string("UserName"), authorizer,
                "iam:ResyncMFADevice", Map.of());
        MfaDevice device = enabledDevice(snapshot, user, input.string("SerialNumber"));
        String code1 = input.string("AuthenticationCode1");
        String code2 = input.string("AuthenticationCode2");
        directory.write((c, w) -> {
            MfaDeviceRow row = devices.find(c, device.serialNumber())
                    .filter(r -> r.userId().equals(Optional.of(user.uniqueId())))
                    .orElseThrow(() -> noSuchDevice(device.serialNumber()));
            long step = codes(mfa.consecutive(row, code1, code2, context.time(), VirtualMfa.RESYNC_WINDOW));
            devices.recordUse(c, row.serialNumber(), step, VirtualMfa.drift(step, context.time()));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue listForUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:ListMFADevices");
        Page<MfaDevice> page = Page.of(snapshot.mfaDevices().enabledFor(user.uniqueId()), input);
        return page.addTo(StructValue.builder().putList("MFADevices", page.items().stream()
                .map(d -> StructValue.builder()
                        .put("UserName", userName(user))
                        .put("SerialNumber", d.serialNumber())
                        .put("EnableDate", d.enabledAt().orElseThrow())
                        .build())
                .toList())).build();
    }

    private StructValue listVirtual(OperationContext context, StructValue input) {
        // ListVirtualMFADevices has no resource type in the service authorization reference.
        authorizer.authorize(context, "iam:ListVirtualMFADevices", "*", Map.of());
        IdentitySnapshot snapshot = directory.snapshot();
        String status = input.optionalString("AssignmentStatus").orElse("Any");
        List<MfaDevice> selected = snapshot.mfaDevices().inAccount(context.caller().accountId()).stream()
                .filter(d -> switch (status) {
                    case "Assigned" -> d.assigned();
                    case "Unassigned" -> !d.assigned();
                    default -> true;
                })
                .toList();
        Page<MfaDevice> page = Page.of(selected, input);
        return page.addTo(StructValue.builder().putList("VirtualMFADevices", page.items().stream()
                .map(d -> virtualDevice(d, snapshot)).toList())).build();
    }

    private static StructValue virtualDevice(MfaDevice device, IdentitySnapshot snapshot) {
        StructValue.Builder out = StructValue.builder().put("SerialNumber", device.serialNumber());
        device.userId().map(snapshot.principals()::get)
                .ifPresent(user -> out.put("User", UserOperations.user(user, snapshot, false)));
        device.enabledAt().ifPresent(at -> out.put("EnableDate", at));
        return out.build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity user = IamResources.authorizedUserOrCaller(snapshot, context, input.optionalString("UserName"),
                authorizer, "iam:GetMFADevice");
        MfaDevice device = enabledDevice(snapshot, user, input.string("SerialNumber"));
        return StructValue.builder()
                .put("UserName", userName(user))
                .put("SerialNumber", device.serialNumber())
                .put("EnableDate", device.enabledAt().orElseThrow())
                .build();
    }

    private StructValue delete(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        authorizer.authorize(context, "iam:DeleteVirtualMFADevice", serial, Map.of());
        MfaDevice device = virtualDevice(directory.snapshot(), context, serial);
        directory.write((c, w) -> {
            MfaDeviceRow row = devices.find(c, device.serialNumber()).orElseThrow(() -> noSuchVirtualDevice(serial));
            if (row.device().assigned()) {
                throw IamErrors.conflict("MFA Device is already in use.");
            }
            devices.delete(c, serial);
            w.permissions().deleteEntity(c, serial);
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue tag(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        List<Tag> added = Tags.from(input, "Tags");
        authorizer.authorize(context, "iam:TagMFADevice", serial, Tags.requestKeys(added));
        IdentitySnapshot snapshot = directory.snapshot();
        virtualDevice(snapshot, context, serial);
        List<Tag> merged = Tags.merge(snapshot.tags(serial), added, "TagsPerMFADevice");
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, serial, Tags.rows(serial, merged));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        List<String> keys = input.stringList("TagKeys");
        authorizer.authorize(context, "iam:UntagMFADevice", serial, Map.of("aws:TagKeys", ContextValue.strings(keys)));
        IdentitySnapshot snapshot = directory.snapshot();
        virtualDevice(snapshot, context, serial);
        List<Tag> remaining = Tags.remove(snapshot.tags(serial), keys);
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, serial, Tags.rows(serial, remaining));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        authorizer.authorize(context, "iam:ListMFADeviceTags", serial, Map.of());
        IdentitySnapshot snapshot = directory.snapshot();
        virtualDevice(snapshot, context, serial);
        Page<Tag> page = Page.of(snapshot.tags(serial), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    /** A virtual device of the caller's account, or {@code NoSuchEntity}. */
    private static MfaDevice virtualDevice(IdentitySnapshot snapshot, OperationContext context, String serial) {
        return snapshot.mfaDevices().device(serial)
                .filter(d -> d.accountId().equals(context.caller().accountId()))
                .orElseThrow(() -> noSuchVirtualDevice(serial));
    }

    /** The device enabled for {@code user} with this serial number, or {@code NoSuchEntity}. */
    private static MfaDevice enabledDevice(IdentitySnapshot snapshot, Identity user, String serial) {
        return snapshot.mfaDevices().device(serial)
                .filter(d -> d.userId().equals(Optional.of(user.uniqueId())))
                .orElseThrow(() -> noSuchDevice(serial));
    }

    private static long codes(OptionalLong step) {
        return step.orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_AUTHENTICATION_CODE,
                "Authentication code for device is not valid."));
    }

    private static ServiceException noSuchVirtualDevice(String serial) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "VirtualMFADevice with serial number " + serial + " doesn't exist.");
    }

    private static ServiceException noSuchDevice(String serial) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "MFA Device with serial number " + serial + " does not exist.");
    }

    /** The user name AWS reports; for the root user, the account id (as for access keys). */
    private static String userName(Identity user) {
        return user.kind() == io.charter.server.identity.IdentityKind.ROOT ? user.accountId() : user.name();
    }

}
