package io.charter.server.iam;

import io.charter.server.identity.PrincipalKind;
import io.charter.server.protocol.AwsErrorCode;
import io.charter.server.protocol.ServiceException;

/** IAM's error messages, worded as IAM words them (§5.3–5.4 of the reference). */
final class IamErrors {
    private IamErrors() {
    }

    static ServiceException noSuchUser(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The user with name " + name + " cannot be found.");
    }

    static ServiceException userExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "User with name " + name + " already exists.");
    }

    static ServiceException noSuchGroup(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The group with name " + name + " cannot be found.");
    }

    static ServiceException groupExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Group with name " + name + " already exists.");
    }

    /** {@code NoSuchEntity} for the named user or role. */
    static ServiceException noSuchPrincipal(PrincipalKind kind, String name) {
        return kind == PrincipalKind.ROLE ? noSuchRole(name) : noSuchUser(name);
    }

    static ServiceException noSuchRole(String name) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "The role with name " + name + " cannot be found.");
    }

    static ServiceException roleExists(String name) {
        return new ServiceException(AwsErrorCode.ENTITY_ALREADY_EXISTS, "Role with name " + name + " already exists.");
    }

    static ServiceException policyNotFound(String arn) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " was not found.");
    }

    static ServiceException policyNotAttachable(String arn) {
        return new ServiceException(AwsErrorCode.NO_SUCH_ENTITY, "Policy " + arn + " does not exist or is not attachable.");
    }

    static ServiceException invalidArn(String arn) {
        return new ServiceException(AwsErrorCode.INVALID_INPUT, "ARN " + arn + " is not valid.");
    }

    static ServiceException limit(String quota, int value) {
        return new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for " + quota + ": " + value);
    }

    static ServiceException conflict(String message) {
        return new ServiceException(AwsErrorCode.DELETE_CONFLICT, message);
    }
}
