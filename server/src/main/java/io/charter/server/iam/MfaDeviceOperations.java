package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityTags;
import io.charter.server.domain.MfaDevices;
import io.charter.server.domain.TagTarget;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.MfaDevice;
import io.charter.server.identity.NewMfaDevice;
import io.charter.server.identity.Tag;
import io.charter.server.mfa.OtpauthUri;
import io.charter.server.mfa.PngImage;
import io.charter.server.mfa.QrCode;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice,
 * ResyncMFADevice, ListMFADevices, ListVirtualMFADevices, GetMFADevice, DeleteVirtualMFADevice,
 * and Tag/Untag/ListMFADeviceTags. Device actions are authorized on the device ARN, assignment
 * actions on the user's ARN, as in the service authorization reference; always before the
 * operation says whether anything exists.
 */
public final class MfaDeviceOperations {
    /** Pixels per QR module, and the quiet zone in modules, of the PNG. */
    private static final int QR_SCALE = 4;
    private static final int QR_QUIET = 4;

    private final MfaDevices devices;
    private final EntityTags entityTags;
    private final Authorizer authorizer;
    private final ResultShapes shapes;

    public MfaDeviceOperations(Domain domain, Authorizer authorizer, ResultShapes shapes) {
        this.shapes = shapes;
        this.devices = domain.mfaDevices();
        this.entityTags = domain.tags();
        this.authorizer = authorizer;
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
        NewMfaDevice created = devices.create(account, name, path, tags, context.time());
        // AWS: "AccountName is the user name if set (otherwise, the account ID otherwise)"; a new
        // device has no user yet.
        byte[] png = PngImage.of(QrCode.ofBytes(OtpauthUri.of(name, account, created.base32Seed())
                .getBytes(StandardCharsets.UTF_8)), QR_SCALE, QR_QUIET);
        StructValue.Builder out = StructValue.builder()
                .put("SerialNumber", created.device().serialNumber())
                .put("Base32StringSeed", created.base32Seed().getBytes(StandardCharsets.US_ASCII))
                .put("QRCodePNG", png);
        if (!tags.isEmpty()) {
            out.putList("Tags", Tags.output(tags));
        }
        return StructValue.builder().put("VirtualMFADevice", out.build()).build();
    }

    private StructValue enable(OperationContext context, StructValue input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.string("UserName"), authorizer,
                "iam:EnableMFADevice", Map.of());
        devices.enable(user, input.string("SerialNumber"), input.string("AuthenticationCode1"),
                input.string("AuthenticationCode2"), context.time());
        return StructValue.EMPTY;
    }

    private StructValue deactivate(OperationContext context, StructValue input) {
        Identity user = IamResources.authorizedUserOrCaller(context.snapshot(), context, input.optionalString("UserName"),
                authorizer, "iam:DeactivateMFADevice");
        devices.deactivate(user, input.string("SerialNumber"));
        return StructValue.EMPTY;
    }

    private StructValue resync(OperationContext context, StructValue input) {
        Identity user = IamResources.authorizedUser(context.snapshot(), context, input.string("UserName"), authorizer,
                "iam:ResyncMFADevice", Map.of());
        devices.resync(user, input.string("SerialNumber"), input.string("AuthenticationCode1"),
                input.string("AuthenticationCode2"), context.time());
        return StructValue.EMPTY;
    }

    private StructValue listForUser(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
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
        IdentitySnapshot snapshot = context.snapshot();
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

    private StructValue virtualDevice(MfaDevice device, IdentitySnapshot snapshot) {
        StructValue.Builder out = StructValue.builder().put("SerialNumber", device.serialNumber());
        device.userId().map(snapshot.principals()::get)
                .ifPresent(user -> out.put("User", shapes.user(UserOperations.user(user, snapshot, false))));
        device.enabledAt().ifPresent(at -> out.put("EnableDate", at));
        return out.build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = context.snapshot();
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
        devices.delete(context.caller().accountId(), serial);
        return StructValue.EMPTY;
    }

    private StructValue tag(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        List<Tag> added = Tags.from(input, "Tags");
        authorizer.authorize(context, "iam:TagMFADevice", serial, Tags.requestKeys(added));
        requireVirtualDevice(context, serial);
        entityTags.tag(TagTarget.mfaDevice(serial), added);
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        List<String> keys = input.stringList("TagKeys");
        authorizer.authorize(context, "iam:UntagMFADevice", serial, Map.of("aws:TagKeys", ContextValue.strings(keys)));
        requireVirtualDevice(context, serial);
        entityTags.untag(TagTarget.mfaDevice(serial), keys);
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        String serial = input.string("SerialNumber");
        authorizer.authorize(context, "iam:ListMFADeviceTags", serial, Map.of());
        requireVirtualDevice(context, serial);
        Page<Tag> page = Page.of(context.snapshot().tags(serial), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    /** {@code NoSuchEntity} unless the request's snapshot has this virtual device in the caller's account. */
    private static void requireVirtualDevice(OperationContext context, String serial) {
        if (context.snapshot().mfaDevices().device(serial)
                .filter(d -> d.accountId().equals(context.caller().accountId())).isEmpty()) {
            throw IamErrors.noSuchVirtualMfaDevice(serial);
        }
    }

    /** The device enabled for {@code user} with this serial number, or {@code NoSuchEntity}. */
    private static MfaDevice enabledDevice(IdentitySnapshot snapshot, Identity user, String serial) {
        return snapshot.mfaDevices().device(serial)
                .filter(d -> d.userId().equals(Optional.of(user.uniqueId())))
                .orElseThrow(() -> IamErrors.noSuchMfaDevice(serial));
    }

    /** The user name AWS reports; for the root user, the account id (as for access keys). */
    private static String userName(Identity user) {
        return user.kind() == IdentityKind.ROOT ? user.accountId() : user.name();
    }
}
