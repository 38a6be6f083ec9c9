package io.charter.server.domain;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.ManagedPolicy;

/**
 * An entity whose tags change: its kind (which names its tag quota and how the transaction finds
 * it), the id its tags are stored under, and the name its errors give.
 */
public record TagTarget(Kind kind, String entityId, String name) {
    /** The taggable kinds of IAM entity. */
    public enum Kind {
        USER("TagsPerUser"),
        ROLE("TagsPerRole"),
        POLICY("TagsPerPolicy"),
        INSTANCE_PROFILE("TagsPerInstanceProfile"),
        MFA_DEVICE("TagsPerMFADevice");

        private final String quota;

        Kind(String quota) {
            this.quota = quota;
        }

        /** The quota's name in a {@code LimitExceeded} error. */
        public String quota() {
            return quota;
        }
    }

    public TagTarget {
        requireNonNull(kind, "kind is null");
        requireNonNull(entityId, "entityId is null");
        requireNonNull(name, "name is null");
    }

    /** A user or a role. */
    public static TagTarget of(Identity principal) {
        return switch (principal.kind()) {
            case USER -> new TagTarget(Kind.USER, principal.uniqueId(), principal.name());
            case ROLE -> new TagTarget(Kind.ROLE, principal.uniqueId(), principal.name());
            case ROOT -> throw new IllegalArgumentException("the root user has no tags");
            case INSTANCE -> throw new IllegalArgumentException("an instance is not an IAM principal");
        };
    }

    /** A customer managed policy (named by its ARN in errors). */
    public static TagTarget of(ManagedPolicy policy) {
        return new TagTarget(Kind.POLICY, policy.policyId(), policy.arn());
    }

    /** An instance profile, by its unique id and name. */
    public static TagTarget instanceProfile(String profileId, String name) {
        return new TagTarget(Kind.INSTANCE_PROFILE, profileId, name);
    }

    /** A virtual MFA device, by its serial number (also its ARN). */
    public static TagTarget mfaDevice(String serialNumber) {
        return new TagTarget(Kind.MFA_DEVICE, serialNumber, serialNumber);
    }

    IdentityKind identityKind() {
        return kind == Kind.ROLE ? IdentityKind.ROLE : IdentityKind.USER;
    }
}
