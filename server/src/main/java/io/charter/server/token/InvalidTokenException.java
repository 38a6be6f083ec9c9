package io.charter.server.token;

/**
 * A session token that does not open: malformed, sealed by an unknown key, altered, or bound to
 * another access key id. The reason stays internal; callers answer {@code InvalidClientTokenId}.
 */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
