package io.charter.server.error;

import io.charter.server.identity.IdentityKind;
import java.util.Locale;

/** IAM's error messages, worded as IAM words them (§5.3–5.4 of the reference). */
public final class IamErrors {
    private IamErrors() {
    }

    public static ServiceException noSuchUser(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The user with name " + name + " cannot be found.");
    }

    public static ServiceException userExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "User with name " + name + " already exists.");
    }

    public static ServiceException noSuchGroup(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The group with name " + name + " cannot be found.");
    }

    public static ServiceException groupExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Group with name " + name + " already exists.");
    }

    /** {@code NoSuchEntity} for the named user or role. */
    public static ServiceException noSuchPrincipal(IdentityKind kind, String name) {
        return kind == IdentityKind.ROLE ? noSuchRole(name) : noSuchUser(name);
    }

    public static ServiceException noSuchRole(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The role with name " + name + " cannot be found.");
    }

    public static ServiceException roleExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Role with name " + name + " already exists.");
    }

    public static ServiceException policyNotFound(String arn) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " was not found.");
    }

    public static ServiceException policyNotAttachable(String arn) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " does not exist or is not attachable.");
    }

    /** {@code NoSuchEntity} for an inline policy of a user, role or group ({@code noun}: User, Role or Group). */
    public static ServiceException noSuchInlinePolicy(String noun, String policyName) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The " + noun.toLowerCase(Locale.ROOT)
                + " policy with name " + policyName + " cannot be found.");
    }

    public static ServiceException noSuchPolicyVersion(String arn, String versionId) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " version " + versionId
                + " does not exist.");
    }

    public static ServiceException noSuchInstanceProfile(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Instance Profile " + name + " cannot be found.");
    }

    public static ServiceException instanceProfileExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Instance Profile " + name + " already exists.");
    }

    public static ServiceException noSuchMfaDevice(String serialNumber) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "MFA Device with serial number " + serialNumber + " does not exist.");
    }

    public static ServiceException invalidArn(String arn) {
        return new ServiceException(AwsErrorCode.INVALID_INPUT, "ARN " + arn + " is not valid.");
    }

    public static ServiceException limit(String quota, int value) {
        return new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for " + quota + ": " + value);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(AwsErrorCode.DELETE_CONFLICT, message);
    }
}
