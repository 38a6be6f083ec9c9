package io.charter.policy;

/** A statement's {@code Effect}. */
public enum Effect {
    ALLOW,
    DENY
}
