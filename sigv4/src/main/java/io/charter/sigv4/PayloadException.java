package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A request body failed verification while it streamed ({@link StreamingPayloads}). Thrown from
 * {@code read} before the body's last byte is released, so a store that needs the whole declared
 * length never completes the object. The message is S3's where S3 defines one; the server maps
 * the {@link Reason} to S3's error code.
 *
 * <p>No stack trace is captured: a flood of bad bodies is an expected outcome, not a bug.
 */
public final class PayloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the body was refused, one per S3 error code the server answers with. */
    public enum Reason {
        /** The body's SHA-256 is not the declared {@code x-amz-content-sha256} (S3: {@code XAmzContentSHA256Mismatch}, 400). */
        CONTENT_SHA256_MISMATCH,
        /** A chunk or trailer signature is not the one computed (S3: {@code SignatureDoesNotMatch}, 403). */
        SIGNATURE_DOES_NOT_MATCH,
        /** A declared {@code x-amz-checksum-*} is not the body's (S3: {@code BadDigest}, 400). */
        BAD_DIGEST,
        /**
         * A chunk other than the last data chunk is smaller than 8192 bytes (S3:
         * {@code InvalidChunkSizeError}, 403; S3 adds the chunk's number and size in {@code Chunk} and
         * {@code BadChunkSize} elements, which this exception does not carry).
         */
        INVALID_CHUNK_SIZE,
        /** The body ended before its declared length (S3: {@code IncompleteBody}, 400). */
        INCOMPLETE_BODY,
        /**
         * The {@code aws-chunked} framing is broken: a bad chunk header, a chunk over the size bound,
         * more decoded bytes than {@code x-amz-decoded-content-length}, a missing trailer, bytes after
         * the end (S3: {@code InvalidRequest} or {@code IncompleteBody}; the server chooses).
         */
        MALFORMED
    }

    private final Reason reason;

    public PayloadException(Reason reason, String message) {
        super(requireNonNull(message, "message is null"));
        this.reason = requireNonNull(reason, "reason is null");
    }

    // IOException has no constructor that skips the stack trace; this is its equivalent.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public Reason reason() {
        return reason;
    }

    // getMessage() stays S3's message, sent to clients as it is; toString adds the reason for logs.
    @Override
    @SuppressWarnings("OverrideThrowableToString")
    public String toString() {
        return reason + ": " + getMessage();
    }
}
