package io.charter.server.error;

/** The errors about registered instances and their instance profiles, with EC2's messages. */
public final class InstanceErrors {
    private InstanceErrors() {
    }

    /** EC2's answer for an instance id the caller's account does not have. */
    public static ServiceException instanceNotFound(String instanceId) {
        return new ServiceException(AwsErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
                "The instance ID '" + instanceId + "' does not exist");
    }

    /** EC2's answer for an association id the caller's account does not have. */
    public static ServiceException associationNotFound(String associationId) {
        return new ServiceException(AwsErrorCode.INVALID_ASSOCIATION_ID_NOT_FOUND,
                "The association ID '" + associationId + "' does not exist");
    }

    /** EC2's answer for attaching a profile to an instance that has one. */
    public static ServiceException alreadyAssociated(String instanceId) {
        return new ServiceException(AwsErrorCode.INCORRECT_STATE,
                "There is an existing association for instance " + instanceId);
    }

    /** Charter's own service's answer for an instance id the caller's account does not have. */
    public static ServiceException noSuchInstance(String instanceId) {
        return new ServiceException(AwsErrorCode.RESOURCE_NOT_FOUND_EXCEPTION,
                "The instance " + instanceId + " is not registered in this account.");
    }
}
