package io.charter.server.domain;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Identity;
import io.charter.server.store.PermissionRows.InlineRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The permissions of users, roles and groups, by the holder's unique id: attached managed
 * policies, inline policies and (users and roles) a permissions boundary. Every quota and
 * precondition is checked inside the transaction that writes, so concurrent writes cannot pass a
 * quota together, and an attachment never names a policy deleted meanwhile. Thread-safe.
 */
public final class EntityPermissions {
    private static final String AWS_MANAGED = "arn:aws:iam::aws:";

    private final Directory directory;

    public EntityPermissions(Directory directory) {
        this.directory = directory;
    }

    /**
     * Attaches a managed policy; attaching it again changes nothing, as in AWS. A customer managed
     * policy that does not exist (any more) is {@code NoSuchEntity}; an eleventh attachment is
     * {@code LimitExceeded} ({@code PoliciesPerUser}, ...).
     */
    public void attach(PolicyHolder holder, String policyArn, Instant at) {
        directory.write((c, store) -> {
            requireHolder(c, store, holder);
            requireAttachable(c, store, policyArn);
            List<String> attached = store.permissions().attachmentsOf(c, holder.entityId());
            if (attached.contains(policyArn)) {
                return null;
            }
            if (attached.size() >= Quotas.ATTACHED_POLICIES_PER_ENTITY) {
                throw IamErrors.limit("PoliciesPer" + holder.kind().noun(), Quotas.ATTACHED_POLICIES_PER_ENTITY);
            }
            store.permissions().attach(c, holder.entityId(), policyArn, at);
            return null;
        });
    }

    /** Detaches a managed policy; one that is not attached is {@code NoSuchEntity}. */
    public void detach(PolicyHolder holder, String policyArn) {
        directory.write((c, store) -> {
            if (!store.permissions().detach(c, holder.entityId(), policyArn)) {
                throw IamErrors.policyNotFound(policyArn);
            }
            return null;
        });
    }

    /**
     * Adds or replaces (by name, compared case-insensitively) an inline policy, validated by the
     * caller. The holder's inline policies together must stay within its kind's quota, white space
     * not counted ({@code LimitExceeded}, worded as IAM words it).
     */
    public void putInline(PolicyHolder holder, String policyName, String document) {
        directory.write((c, store) -> {
            requireHolder(c, store, holder);
            PolicyHolderKind kind = holder.kind();
            int total = nonWhitespace(document);
            for (InlineRow other : store.permissions().inlineOf(c, holder.entityId())) {
                if (!other.name().equalsIgnoreCase(policyName)) {
                    total += nonWhitespace(other.document());
                }
            }
            if (total > kind.maxInlineChars()) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + kind.maxInlineChars()
                        + " bytes exceeded for " + kind.noun().toLowerCase(Locale.ROOT) + " " + holder.name());
            }
            store.permissions().putInline(c, new InlineRow(holder.entityId(), policyName, document));
            return null;
        });
    }

    /** Deletes an inline policy (by name, compared case-insensitively); one that does not exist is {@code NoSuchEntity}. */
    public void deleteInline(PolicyHolder holder, String policyName) {
        directory.write((c, store) -> {
            if (!store.permissions().deleteInline(c, holder.entityId(), policyName)) {
                throw IamErrors.noSuchInlinePolicy(holder.kind().noun(), policyName);
            }
            return null;
        });
    }

    /**
     * Sets a user's or role's permissions boundary to a policy the caller found visible; a user,
     * role or customer managed policy deleted meanwhile is {@code NoSuchEntity}.
     */
    public void setBoundary(Identity principal, String policyArn) {
        directory.write((c, store) -> {
            requireHolder(c, store, holderOf(principal));
            requireAttachable(c, store, policyArn);
            store.permissions().setBoundary(c, principal.uniqueId(), policyArn);
            return null;
        });
    }

    /** Removes a user's or role's permissions boundary, if it has one. */
    public void removeBoundary(Identity principal) {
        directory.write((c, store) -> {
            requireHolder(c, store, holderOf(principal));
            store.permissions().setBoundary(c, principal.uniqueId(), null);
            return null;
        });
    }

    /** A user or a role as a holder of policies. */
    public static PolicyHolder holderOf(Identity principal) {
        return switch (principal.kind()) {
            case USER -> new PolicyHolder(PolicyHolderKind.USER, principal.uniqueId(), principal.name());
            case ROLE -> new PolicyHolder(PolicyHolderKind.ROLE, principal.uniqueId(), principal.name());
            case ROOT -> throw new IllegalArgumentException("the root user holds no policies");
            case INSTANCE -> throw new IllegalArgumentException("an instance holds no policies");
        };
    }

    /** {@code NoSuchEntity} unless the holder still exists, on the caller's transaction. */
    static void requireHolder(Connection c, Directory.Repositories store, PolicyHolder holder) throws SQLException {
        boolean exists = switch (holder.kind()) {
            case USER, ROLE -> store.identities().findPrincipal(c, holder.entityId()).isPresent();
            case GROUP -> store.groups().exists(c, holder.entityId());
        };
        if (!exists) {
            throw switch (holder.kind()) {
                case USER -> IamErrors.noSuchUser(holder.name());
                case ROLE -> IamErrors.noSuchRole(holder.name());
                case GROUP -> IamErrors.noSuchGroup(holder.name());
            };
        }
    }

    /**
     * {@code NoSuchEntity} ("does not exist or is not attachable") unless the policy is AWS managed
     * or a customer managed policy that still exists, on the caller's transaction.
     */
    static void requireAttachable(Connection c, Directory.Repositories store, String policyArn) throws SQLException {
        if (!policyArn.startsWith(AWS_MANAGED) && !ManagedPolicies.customerPolicyExists(c, store, policyArn)) {
            throw IamErrors.policyNotAttachable(policyArn);
        }
    }

    /** IAM does not count white space toward policy size quotas. */
    static int nonWhitespace(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
