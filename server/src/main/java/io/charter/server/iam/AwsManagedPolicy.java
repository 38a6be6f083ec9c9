package io.charter.server.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One AWS managed policy as AWS publishes it in every account: the metadata {@code GetPolicy}
 * returns and the document of its default version.
 *
 * <p>{@code documentText} is the document's JSON text as Charter returns it from
 * {@code GetPolicyVersion}: the shipped document re-serialized compactly with AWS's key order kept
 * (see {@link AwsManagedPolicies}). Immutable.
 */
public record AwsManagedPolicy(
        String name,
        String policyId,
        String arn,
        String path,
        String defaultVersionId,
        String description,
        Instant createDate,
        Instant updateDate,
        String documentText) {

    /** Every AWS managed policy ARN starts with this, followed by the path and the name. */
    public static final String ARN_PREFIX = "arn:aws:iam::aws:policy";

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern POLICY_ID = Pattern.compile("ANPA[A-Z0-9]{17}");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]{0,510}/");
    private static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*");

    public AwsManagedPolicy {
        requireNonNull(name, "name is null");
        requireNonNull(policyId, "policyId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(path, "path is null");
        requireNonNull(defaultVersionId, "defaultVersionId is null");
        requireNonNull(description, "description is null");
        requireNonNull(createDate, "createDate is null");
        requireNonNull(updateDate, "updateDate is null");
        requireNonNull(documentText, "documentText is null");
        check(NAME.matcher(name).matches(), "policy name '" + name + "' is not a valid IAM name");
        check(POLICY_ID.matcher(policyId).matches(), "policy id '" + policyId + "' is not ANPA followed by 17 characters");
        check(PATH.matcher(path).matches(), "path '" + path + "' must start and end with '/'");
        check(arn.equals(ARN_PREFIX + path + name), "ARN '" + arn + "' is not " + ARN_PREFIX + path + name);
        check(VERSION_ID.matcher(defaultVersionId).matches(), "version id '" + defaultVersionId + "' is not v<number>");
        check(!updateDate.isBefore(createDate), "policy " + name + " was updated before it was created");
        check(!documentText.isBlank(), "policy " + name + " has an empty document");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
