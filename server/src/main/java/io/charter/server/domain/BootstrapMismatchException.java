package io.charter.server.domain;

/** The store was bootstrapped for another management account than the configuration names. */
public final class BootstrapMismatchException extends RuntimeException {
    public BootstrapMismatchException(String stored, String configured) {
        super("The data directory belongs to management account " + stored + ", but the setting account-id"
                + " (--account-id, CHARTER_ACCOUNT_ID) names " + configured
                + ": the account id is chosen at first start and cannot change.", null, false, false);
    }
}
