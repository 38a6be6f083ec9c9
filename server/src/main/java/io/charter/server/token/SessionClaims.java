package io.charter.server.token;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a session token carries, enough to authenticate and authorize a request made with
 * temporary credentials without reading the store: the temporary key pair, who the session is,
 * when it was issued and expires, and everything that narrows or describes it.
 *
 * @param accessKeyId the temporary access key id ({@code ASIA…}) the token is bound to
 * @param secretAccessKey the temporary secret (SigV4 needs it to verify)
 * @param kind what issued the session
 * @param accountId the account of the session's principal
 * @param principalArn the underlying principal: the role ARN, the federating user's ARN, or the
 *     user or root ARN for {@link SessionKind#USER_SESSION}
 * @param principalId the unique id of the underlying principal ({@code AROA…}, {@code AIDA…}, or
 *     the account id for root)
 * @param sessionName the role session name or federated user name; empty for user sessions
 * @param issuedAt when the session was issued ({@code aws:TokenIssueTime})
 * @param expiresAt when the credentials expire
 * @param sourceIdentity the source identity, if one was set
 * @param sessionPolicy the inline session policy, exactly as given
 * @param policyArns the managed session policies
 * @param tags the session tags, transitive ones included
 * @param transitiveTagKeys the keys of the tags that carry over to chained sessions
 * @param mfaAuthenticatedAt when MFA was presented, if it was
 * @param chained whether the session came from role chaining (a session assuming a role)
 * @param sourceInstanceArn the instance whose role credentials these are ({@code ec2:SourceInstanceARN}),
 *     for a session the metadata agent fetched for a registered instance
 * @param roleDelivery for such a session, {@code ec2:RoleDelivery}: {@code 2.0} when the instance's
 *     metadata service answers only IMDSv2, {@code 1.0} when it also answers IMDSv1 (so a policy
 *     refusing credentials IMDSv1 may have delivered refuses them); empty otherwise
 */
public record SessionClaims(
        String accessKeyId,
        String secretAccessKey,
        SessionKind kind,
        String accountId,
        String principalArn,
        String principalId,
        String sessionName,
        Instant issuedAt,
        Instant expiresAt,
        Optional<String> sourceIdentity,
        Optional<String> sessionPolicy,
        List<String> policyArns,
        List<SessionTag> tags,
        List<String> transitiveTagKeys,
        Optional<Instant> mfaAuthenticatedAt,
        boolean chained,
        Optional<String> sourceInstanceArn,
        Optional<BigDecimal> roleDelivery) {

    /** Claims of a session no instance fetched. */
    public SessionClaims(String accessKeyId, String secretAccessKey, SessionKind kind, String accountId,
            String principalArn, String principalId, String sessionName, Instant issuedAt, Instant expiresAt,
            Optional<String> sourceIdentity, Optional<String> sessionPolicy, List<String> policyArns,
            List<SessionTag> tags, List<String> transitiveTagKeys, Optional<Instant> mfaAuthenticatedAt,
            boolean chained) {
        this(accessKeyId, secretAccessKey, kind, accountId, principalArn, principalId, sessionName, issuedAt, expiresAt,
                sourceIdentity, sessionPolicy, policyArns, tags, transitiveTagKeys, mfaAuthenticatedAt, chained,
                Optional.empty(), Optional.empty());
    }

    public SessionClaims {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(principalArn, "principalArn is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(sessionName, "sessionName is null");
        requireNonNull(issuedAt, "issuedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(sourceIdentity, "sourceIdentity is null");
        requireNonNull(sessionPolicy, "sessionPolicy is null");
        policyArns = List.copyOf(requireNonNull(policyArns, "policyArns is null"));
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        transitiveTagKeys = List.copyOf(requireNonNull(transitiveTagKeys, "transitiveTagKeys is null"));
        requireNonNull(mfaAuthenticatedAt, "mfaAuthenticatedAt is null");
        requireNonNull(sourceInstanceArn, "sourceInstanceArn is null");
        requireNonNull(roleDelivery, "roleDelivery is null");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a session must expire after it is issued");
        }
    }

    /** Whether the credentials have expired at {@code now} (expiry is exclusive, as in AWS). */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "SessionClaims[" + accessKeyId + ", " + kind + ", " + principalArn + ", " + sessionName
                + ", expires " + expiresAt + "]";
    }
}
