package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The organization of the store's accounts ({@code o-…}), whose management account is the bootstrap account. */
public record Organization(String orgId, String managementAccount, Instant createdAt) {
    public Organization {
        requireNonNull(orgId, "orgId is null");
        requireNonNull(managementAccount, "managementAccount is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** {@code arn:aws:organizations::MANAGEMENT:organization/o-…}. */
    public String arn() {
        return "arn:aws:organizations::" + managementAccount + ":organization/" + orgId;
    }

    /** The ARN of one of the organization's accounts. */
    public String accountArn(String accountId) {
        return "arn:aws:organizations::" + managementAccount + ":account/" + orgId + "/" + accountId;
    }
}
