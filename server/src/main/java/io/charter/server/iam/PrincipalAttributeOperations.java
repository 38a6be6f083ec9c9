package io.charter.server.iam;

import io.charter.server.error.IamErrors;
import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.service.Operation;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Directory;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import java.util.List;
import java.util.Map;

/**
 * Tags and permissions boundaries of a user or a role, one implementation for both:
 * Tag{User,Role}, Untag…, List…Tags, Put…PermissionsBoundary, Delete…PermissionsBoundary.
 */
public final class PrincipalAttributeOperations {
    private final Directory directory;
    private final Authorizer authorizer;
    private final IdentityKind kind;
    private final String noun;

    public PrincipalAttributeOperations(Directory directory, Authorizer authorizer, IdentityKind kind) {
        if (kind != IdentityKind.USER && kind != IdentityKind.ROLE) {
            throw new IllegalArgumentException("users and roles have tags and boundaries, not " + kind);
        }
        this.directory = directory;
        this.authorizer = authorizer;
        this.kind = kind;
        this.noun = kind == IdentityKind.USER ? "User" : "Role";
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("Tag" + noun, this::tag),
                Operation.of("Untag" + noun, this::untag),
                Operation.of("List" + noun + "Tags", this::listTags),
                Operation.of("Put" + noun + "PermissionsBoundary", this::putBoundary),
                Operation.of("Delete" + noun + "PermissionsBoundary", this::deleteBoundary));
    }

    private Identity principal(IdentitySnapshot snapshot, OperationContext context, StructValue input, String action,
            Map<String, ContextValue> keys) {
        return IamResources.authorizedPrincipal(snapshot, context, kind, input.string(noun + "Name"), authorizer,
                "iam:" + action, keys);
    }

    private StructValue tag(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        List<Tag> added = Tags.from(input, "Tags");
        Identity principal = principal(snapshot, context, input, "Tag" + noun, Tags.requestKeys(added));
        List<Tag> merged = Tags.merge(snapshot.tags(principal.uniqueId()), added, "TagsPer" + noun);
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, principal.uniqueId(), Tags.rows(principal.uniqueId(), merged));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        List<String> keys = input.stringList("TagKeys");
        Identity principal = principal(snapshot, context, input, "Untag" + noun,
                Map.of("aws:TagKeys", ContextValue.strings(keys)));
        List<Tag> remaining = Tags.remove(snapshot.tags(principal.uniqueId()), keys);
        directory.write((c, w) -> {
            w.permissions().replaceTags(c, principal.uniqueId(), Tags.rows(principal.uniqueId(), remaining));
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity principal = principal(snapshot, context, input, "List" + noun + "Tags", Map.of());
        Page<Tag> page = Page.of(snapshot.tags(principal.uniqueId()), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    private StructValue putBoundary(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        String boundary = input.string("PermissionsBoundary");
        Identity principal = principal(snapshot, context, input, "Put" + noun + "PermissionsBoundary",
                Map.of("iam:PermissionsBoundary", ContextValue.arn(boundary)));
        ServiceLinkedRoleOperations.requireModifiable(principal);
        IamResources.visiblePolicy(snapshot, context, boundary).orElseThrow(() -> IamErrors.policyNotAttachable(boundary));
        directory.write((c, w) -> {
            w.permissions().setBoundary(c, principal.uniqueId(), boundary);
            return null;
        });
        return StructValue.EMPTY;
    }

    private StructValue deleteBoundary(OperationContext context, StructValue input) {
        IdentitySnapshot snapshot = directory.snapshot();
        Identity principal = principal(snapshot, context, input, "Delete" + noun + "PermissionsBoundary", Map.of());
        ServiceLinkedRoleOperations.requireModifiable(principal);
        directory.write((c, w) -> {
            w.permissions().setBoundary(c, principal.uniqueId(), null);
            return null;
        });
        return StructValue.EMPTY;
    }
}
