package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a decision looks at about one request: who, what action, on which resource, and the
 * condition keys. Built by the caller; the engine never looks anything up. Immutable and
 * thread-safe.
 *
 * <p>Keys are case-insensitive. Unless the caller sets them, the builder derives from the
 * principal {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:PrincipalType},
 * {@code aws:userid}, {@code aws:username} (IAM users only), and for service principals
 * {@code aws:PrincipalServiceName} and {@code aws:PrincipalIsAWSService}.
 */
public final class RequestContext {
    private final Principal principal;
    private final String action;
    private final String actionLower;
    private final String service;
    private final String actionName;
    private final String resource;
    private final String resourceAccount;
    private final int[] arnColons;
    private final HashMap<String, ContextValue> keys;
    private final Map<String, ContextValue> readOnlyKeys;

    private RequestContext(Builder b) {
        this.principal = b.principal;
        this.action = b.action;
        this.actionLower = b.action.toLowerCase(Locale.ROOT);
        int colon = actionLower.indexOf(':');
        this.service = actionLower.substring(0, colon);
        this.actionName = actionLower.substring(colon + 1);
        this.resource = b.resource;
        this.arnColons = ArnPattern.colons(resource);
        String fromArn = Principal.accountOf(resource);
        this.resourceAccount = b.resourceAccount != null ? b.resourceAccount
                : !fromArn.isEmpty() ? fromArn : principal.accountId();
        HashMap<String, ContextValue> k = new HashMap<>(b.keys);
        derive(k);
        this.keys = k;
        this.readOnlyKeys = Collections.unmodifiableMap(k);
    }

    private void derive(Map<String, ContextValue> k) {
        PrincipalKind kind = principal.kind();
        k.putIfAbsent("aws:principaltype", ContextValue.string(kind.awsPrincipalType()));
        if (kind.hasIdentityPolicies()) {
            k.putIfAbsent("aws:principalarn", ContextValue.arn(principal.principalArnKey()));
            k.putIfAbsent("aws:principalaccount", ContextValue.string(principal.accountId()));
            k.putIfAbsent("aws:principalisawsservice", ContextValue.bool(false));
            if (!principal.uniqueId().isEmpty()) {
                k.putIfAbsent("aws:userid", ContextValue.string(principal.uniqueId()));
            }
            if (kind == PrincipalKind.USER) {
                String arn = principal.arn();
                k.putIfAbsent("aws:username", ContextValue.string(arn.substring(arn.lastIndexOf('/') + 1)));
            }
        } else if (kind == PrincipalKind.SERVICE) {
            k.putIfAbsent("aws:principalservicename", ContextValue.string(principal.arn()));
            k.putIfAbsent("aws:principalisawsservice", ContextValue.bool(true));
        } else if (kind == PrincipalKind.ANONYMOUS) {
            k.putIfAbsent("aws:principalaccount", ContextValue.string("anonymous"));
            k.putIfAbsent("aws:userid", ContextValue.string("anonymous"));
        }
    }

    /**
     * Starts a context.
     *
     * @param principal the caller
     * @param action {@code service:Action} as requested, e.g. {@code s3:GetObject}
     * @param resource the target ARN, or {@code *} for actions without a resource
     */
    public static Builder builder(Principal principal, String action, String resource) {
        return new Builder(principal, action, resource);
    }

    public Principal principal() {
        return principal;
    }

    /** The action as requested (original case), for messages. */
    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }

    /** The account owning the resource: as set, else the ARN's account field, else the principal's. */
    public String resourceAccount() {
        return resourceAccount;
    }

    /** Whether principal and resource live in different accounts (the cross-account rules apply). */
    public boolean isCrossAccount() {
        return !principal.accountId().isEmpty() && !resourceAccount.isEmpty()
                && !principal.accountId().equals(resourceAccount);
    }

    /** The value of a condition key, looked up case-insensitively. */
    public Optional<ContextValue> value(String key) {
        return Optional.ofNullable(keys.get(key.toLowerCase(Locale.ROOT)));
    }

    /** All keys (lower-cased) and values. */
    public Map<String, ContextValue> values() {
        return readOnlyKeys;
    }

    ContextValue lookup(String lowerKey) {
        return keys.get(lowerKey);
    }

    String actionLower() {
        return actionLower;
    }

    String service() {
        return service;
    }

    String actionName() {
        return actionName;
    }

    int[] arnColons() {
        return arnColons;
    }

    /** Builds a {@link RequestContext}. Not thread-safe. */
    public static final class Builder {
        private final Principal principal;
        private final String action;
        private final String resource;
        private String resourceAccount;
        private final Map<String, ContextValue> keys = new HashMap<>();

        private Builder(Principal principal, String action, String resource) {
            this.principal = requireNonNull(principal, "principal is null");
            this.action = requireNonNull(action, "action is null");
            this.resource = requireNonNull(resource, "resource is null");
            int colon = action.indexOf(':');
            if (colon <= 0 || colon == action.length() - 1 || action.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("action '" + action + "' is not of the form service:Action");
            }
            if (resource.isEmpty()) {
                throw new IllegalArgumentException("resource is empty (use \"*\" for actions without a resource)");
            }
        }

        /** The resource's account, when the ARN does not carry it (S3 buckets, for example). */
        public Builder resourceAccount(String accountId) {
            this.resourceAccount = requireNonNull(accountId, "accountId is null");
            return this;
        }

        /** Sets a condition key (case-insensitive; a later call for the same key replaces the value). */
        public Builder put(String key, ContextValue value) {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            keys.put(key.toLowerCase(Locale.ROOT), value);
            return this;
        }

        /** Sets a single-valued string key. */
        public Builder put(String key, String value) {
            return put(key, ContextValue.string(value));
        }

        public RequestContext build() {
            return new RequestContext(this);
        }
    }
}
