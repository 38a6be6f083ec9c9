package io.charter.server.domain;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.store.PermissionRows.InlineRow;
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
    public void attach(PolicyHolderKind kind, String holderId, String policyArn, Instant at) {
        directory.write((c, store) -> {
            if (!policyArn.startsWith(AWS_MANAGED) && !ManagedPolicies.customerPolicyExists(c, store, policyArn)) {
                throw IamErrors.policyNotAttachable(policyArn);
            }
            List<String> attached = store.permissions().attachmentsOf(c, holderId);
            if (attached.contains(policyArn)) {
                return null;
            }
            if (attached.size() >= Quotas.ATTACHED_POLICIES_PER_ENTITY) {
                throw IamErrors.limit("PoliciesPer" + kind.noun(), Quotas.ATTACHED_POLICIES_PER_ENTITY);
            }
            store.permissions().attach(c, holderId, policyArn, at);
            return null;
        });
    }

    /** Detaches a managed policy; one that is not attached is {@code NoSuchEntity}. */
    public void detach(String holderId, String policyArn) {
        directory.write((c, store) -> {
            if (!store.permissions().detach(c, holderId, policyArn)) {
                throw IamErrors.policyNotFound(policyArn);
            }
            return null;
        });
    }

    /**
     * Adds or replaces (by name, compared case-insensitively) an inline policy, validated by the
     * caller. The holder's inline policies together must stay within its kind's quota, white space
     * not counted ({@code LimitExceeded}, worded as IAM words it).
     *
     * @param holderName the holder's name, for the quota's message
     */
    public void putInline(PolicyHolderKind kind, String holderId, String holderName, String policyName,
            String document) {
        directory.write((c, store) -> {
            int total = nonWhitespace(document);
            for (InlineRow other : store.permissions().inlineOf(c, holderId)) {
                if (!other.name().equalsIgnoreCase(policyName)) {
                    total += nonWhitespace(other.document());
                }
            }
            if (total > kind.maxInlineChars()) {
                throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + kind.maxInlineChars()
                        + " bytes exceeded for " + kind.noun().toLowerCase(Locale.ROOT) + " " + holderName);
            }
            store.permissions().putInline(c, new InlineRow(holderId, policyName, document));
            return null;
        });
    }

    /** Deletes an inline policy (by name, compared case-insensitively); one that does not exist is {@code NoSuchEntity}. */
    public void deleteInline(PolicyHolderKind kind, String holderId, String policyName) {
        directory.write((c, store) -> {
            if (!store.permissions().deleteInline(c, holderId, policyName)) {
                throw IamErrors.noSuchInlinePolicy(kind.noun(), policyName);
            }
            return null;
        });
    }

    /** Sets a user's or role's permissions boundary to a policy the caller found visible. */
    public void setBoundary(String entityId, String policyArn) {
        directory.write((c, store) -> {
            store.permissions().setBoundary(c, entityId, policyArn);
            return null;
        });
    }

    /** Removes a user's or role's permissions boundary, if it has one. */
    public void removeBoundary(String entityId) {
        directory.write((c, store) -> {
            store.permissions().setBoundary(c, entityId, null);
            return null;
        });
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
