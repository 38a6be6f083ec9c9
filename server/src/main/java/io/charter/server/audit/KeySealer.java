package io.charter.server.audit;

/**
 * Seals and opens the digest-signing private keys (the wiring passes the master key's; the audit
 * package sees no key material but its own).
 */
public interface KeySealer {
    String seal(String plaintext, String context);

    String open(String sealed, String context);
}
