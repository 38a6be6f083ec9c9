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

    public static ServiceException noSuchVirtualMfaDevice(String serialNumber) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "VirtualMFADevice with serial number " + serialNumber + " doesn't exist.");
    }

    public static ServiceException mfaDeviceExists() {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                "MFADevice entity at the same path and name already exists.");
    }

    /** EnableMFADevice's answer for a device already enabled (DeleteVirtualMFADevice's is a {@link #conflict}). */
    public static ServiceException mfaDeviceInUse() {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "MFA Device is already in use.");
    }

    public static ServiceException invalidAuthenticationCode() {
        return new ServiceException(AwsErrorCode.INVALID_AUTHENTICATION_CODE,
                "Authentication code for device is not valid.");
    }

    public static ServiceException noSuchAccessKey(String accessKeyId) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The Access Key with id " + accessKeyId
                + " cannot be found.");
    }

    public static ServiceException noSuchLoginProfile(String userName) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Login Profile for User " + userName + " cannot be found.");
    }

    public static ServiceException loginProfileExists(String userName) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS,
                "Login Profile for user " + userName + " already exists.");
    }

    /** A login profile whose password, history or account policy changed while a new password was hashed. */
    public static ServiceException loginProfileChanging(String userName) {
        return new ServiceException(AwsErrorCode.ENTITY_TEMPORARILY_UNMODIFIABLE,
                "Login Profile for User " + userName + " is being changed by another request; try again.");
    }

    public static ServiceException passwordPolicyViolation() {
        return new ServiceException(AwsErrorCode.PASSWORD_POLICY_VIOLATION,
                "Password does not conform to the account password policy.");
    }

    /** ChangePassword with a wrong old password (AWS documents no error for it). */
    public static ServiceException wrongOldPassword() {
        return new ServiceException(AwsErrorCode.INVALID_INPUT, "The old password was incorrect.");
    }

    public static ServiceException noSuchPasswordPolicy(String accountId) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY,
                "The Password Policy with domain name " + accountId + " cannot be found.");
    }

    public static ServiceException accountAliasExists(String alias) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "The account alias " + alias + " already exists.");
    }

    public static ServiceException noSuchAccountAlias(String alias) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The account alias " + alias + " cannot be found.");
    }

    public static ServiceException limit(String quota, int value) {
        return new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for " + quota + ": " + value);
    }

    /**
     * A write that lost a race its preconditions did not catch: the store refused it and nothing was
     * written. Organizations names it {@code ConcurrentModificationException} ({@code WireProtocol}).
     */
    public static ServiceException concurrentModification() {
        return new ServiceException(AwsErrorCode.CONCURRENT_MODIFICATION, "The request was rejected because multiple"
                + " requests to change this object were submitted simultaneously. Wait a few minutes and submit your"
                + " request again.");
    }

    /**
     * A write (or a read of what the snapshot does not hold) while the store cannot be reached:
     * nothing was written. Organizations names it {@code ServiceException}, STS {@code InternalFailure}
     * ({@code WireProtocol}); never a stack trace.
     */
    public static ServiceException storeUnreachable() {
        return new ServiceException(AwsErrorCode.SERVICE_FAILURE,
                "The request processing has failed because the store could not be reached.");
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(AwsErrorCode.DELETE_CONFLICT, message);
    }
}
