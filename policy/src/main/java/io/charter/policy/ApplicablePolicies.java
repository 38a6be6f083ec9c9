package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policies that apply to one request, gathered by the caller (the engine never looks
 * anything up). Immutable and thread-safe; a server can build one per principal and reuse it.
 *
 * @param identity the principal's identity policies (user + groups, or the role's), any order
 * @param resource the resource's policy; a {@link PolicyType#TRUST} policy for {@code sts:AssumeRole*}
 * @param boundary the principal's permissions boundary, if one is set
 * @param session the session policies the session was created with (empty for none); a
 *     federated-user session with none is allowed nothing, as in AWS
 * @param scps service control policies of the principal's account, one inner list per level of
 *     the organization (root, each OU, the account); every level must allow. Empty: not in an
 *     organization (or the management account)
 * @param rcps resource control policies of the resource's account, by level as for {@code scps}
 */
public record ApplicablePolicies(List<Policy> identity, Optional<Policy> resource, Optional<Policy> boundary,
        List<Policy> session, List<List<Policy>> scps, List<List<Policy>> rcps) {
    public ApplicablePolicies {
        identity = List.copyOf(identity);
        requireNonNull(resource, "resource is null");
        requireNonNull(boundary, "boundary is null");
        session = List.copyOf(session);
        scps = copyLevels(scps);
        rcps = copyLevels(rcps);
        for (Policy p : identity) {
            requireNoPrincipal(p, "identity");
        }
        resource.ifPresent(p -> {
            if (p.type() != PolicyType.RESOURCE && p.type() != PolicyType.TRUST) {
                throw new IllegalArgumentException("the resource policy must be of type RESOURCE or TRUST, not " + p.type());
            }
        });
        boundary.ifPresent(p -> requireNoPrincipal(p, "boundary"));
        for (Policy p : session) {
            requireNoPrincipal(p, "session");
        }
        for (List<Policy> level : scps) {
            level.forEach(p -> requireNoPrincipal(p, "SCP"));
        }
        for (List<Policy> level : rcps) {
            level.forEach(p -> {
                if (p.type() != PolicyType.RCP) {
                    throw new IllegalArgumentException("an RCP must be of type RCP, not " + p.type());
                }
            });
        }
    }

    private static List<List<Policy>> copyLevels(List<List<Policy>> levels) {
        List<List<Policy>> out = new ArrayList<>();
        for (List<Policy> l : levels) {
            out.add(List.copyOf(l));
        }
        return List.copyOf(out);
    }

    private static void requireNoPrincipal(Policy p, String slot) {
        if (p.type().hasPrincipal()) {
            throw new IllegalArgumentException("a " + p.type() + " policy cannot serve as " + slot + " policy");
        }
    }

    /** Only identity policies: the common case for IAM API calls. */
    public static ApplicablePolicies identity(List<Policy> identity) {
        return builder().identity(identity).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ApplicablePolicies}; every part defaults to absent/empty. Not thread-safe. */
    public static final class Builder {
        private List<Policy> identity = List.of();
        private Optional<Policy> resource = Optional.empty();
        private Optional<Policy> boundary = Optional.empty();
        private List<Policy> session = List.of();
        private List<List<Policy>> scps = List.of();
        private List<List<Policy>> rcps = List.of();

        private Builder() {}

        public Builder identity(List<Policy> policies) {
            this.identity = policies;
            return this;
        }

        public Builder resource(Policy policy) {
            this.resource = Optional.of(policy);
            return this;
        }

        public Builder boundary(Policy policy) {
            this.boundary = Optional.of(policy);
            return this;
        }

        public Builder session(List<Policy> policies) {
            this.session = policies;
            return this;
        }

        /** SCPs by organization level (root first); every level must allow. */
        public Builder scps(List<List<Policy>> levels) {
            this.scps = levels;
            return this;
        }

        /** RCPs by organization level (root first); every level must allow. */
        public Builder rcps(List<List<Policy>> levels) {
            this.rcps = levels;
            return this;
        }

        public ApplicablePolicies build() {
            return new ApplicablePolicies(identity, resource, boundary, session, scps, rcps);
        }
    }
}
