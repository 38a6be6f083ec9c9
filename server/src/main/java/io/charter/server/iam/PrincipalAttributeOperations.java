package io.charter.server.iam;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.EntityPermissions;
import io.charter.server.domain.EntityTags;
import io.charter.server.domain.TagTarget;
import io.charter.server.error.IamErrors;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.Tag;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.util.List;
import java.util.Map;

/**
 * Tags and permissions boundaries of a user or a role, one implementation for both:
 * Tag{User,Role}, Untag…, List…Tags, Put…PermissionsBoundary, Delete…PermissionsBoundary.
 */
public final class PrincipalAttributeOperations {
    private final EntityTags tags;
    private final EntityPermissions permissions;
    private final Authorizer authorizer;
    private final IdentityKind kind;
    private final String noun;

    public PrincipalAttributeOperations(Domain domain, Authorizer authorizer, IdentityKind kind) {
        if (kind != IdentityKind.USER && kind != IdentityKind.ROLE) {
            throw new IllegalArgumentException("users and roles have tags and boundaries, not " + kind);
        }
        this.tags = domain.tags();
        this.permissions = domain.permissions();
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

    private Identity principal(OperationContext context, StructValue input, String action,
            Map<String, ContextValue> keys) {
        return IamResources.authorizedPrincipal(context.snapshot(), context, kind, input.string(noun + "Name"), authorizer,
                "iam:" + action, keys);
    }

    private StructValue tag(OperationContext context, StructValue input) {
        List<Tag> added = Tags.from(input, "Tags");
        Identity principal = principal(context, input, "Tag" + noun, Tags.requestKeys(added));
        tags.tag(TagTarget.of(principal), added);
        return StructValue.EMPTY;
    }

    private StructValue untag(OperationContext context, StructValue input) {
        List<String> keys = input.stringList("TagKeys");
        Identity principal = principal(context, input, "Untag" + noun, Map.of("aws:TagKeys", ContextValue.strings(keys)));
        tags.untag(TagTarget.of(principal), keys);
        return StructValue.EMPTY;
    }

    private StructValue listTags(OperationContext context, StructValue input) {
        Identity principal = principal(context, input, "List" + noun + "Tags", Map.of());
        Page<Tag> page = Page.of(context.snapshot().tags(principal.uniqueId()), input);
        return page.addTo(StructValue.builder().putList("Tags", Tags.output(page.items()))).build();
    }

    private StructValue putBoundary(OperationContext context, StructValue input) {
        String boundary = input.string("PermissionsBoundary");
        Identity principal = principal(context, input, "Put" + noun + "PermissionsBoundary",
                Map.of("iam:PermissionsBoundary", ContextValue.arn(boundary)));
        ServiceLinkedRoleOperations.requireModifiable(principal);
        if (IamResources.visiblePolicy(context.snapshot(), context, boundary).isEmpty()) {
            throw IamErrors.policyNotAttachable(boundary);
        }
        permissions.setBoundary(principal, boundary);
        return StructValue.EMPTY;
    }

    private StructValue deleteBoundary(OperationContext context, StructValue input) {
        Identity principal = principal(context, input, "Delete" + noun + "PermissionsBoundary", Map.of());
        ServiceLinkedRoleOperations.requireModifiable(principal);
        permissions.removeBoundary(principal);
        return StructValue.EMPTY;
    }
}
