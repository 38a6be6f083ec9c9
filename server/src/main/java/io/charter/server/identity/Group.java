package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An IAM group: a set of users whose group policies count for each member. Not a principal: a
 * group cannot sign requests or be named in a policy's Principal.
 *
 * @param groupId AWS-style unique id ({@code AGPA…})
 * @param accountId owning account
 * @param name group name, unique in the account case-insensitively
 * @param path IAM path, {@code /} by default
 * @param createdAt creation time
 */
public record Group(String groupId, String accountId, String name, String path, Instant createdAt) {

    public Group {
        requireNonNull(groupId, "groupId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** The ARN AWS gives this group. */
    public String arn() {
        return Arns.group(accountId, path, name);
    }
}
