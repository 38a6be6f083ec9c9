package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;

/**
 * Request bodies verified as S3 verifies them, while they stream: each factory wraps the raw body
 * in an {@link InputStream} that returns the decoded body and throws {@link PayloadException} when
 * it fails. The last byte is withheld until the whole body (and its trailer) has verified, so a
 * reader that forwards the body with an exact {@code Content-Length} never delivers a complete
 * body that failed.
 *
 * <p>Which factory fits is said by the request's signed {@code x-amz-content-sha256}: 64 hex digits
 * {@link #sha256}; {@link Payload#STREAMING_SIGNED_PAYLOAD} and
 * {@link Payload#STREAMING_SIGNED_PAYLOAD_TRAILER} {@link #signedChunks};
 * {@link Payload#STREAMING_UNSIGNED_PAYLOAD_TRAILER} {@link #unsignedTrailer}. An
 * {@code x-amz-checksum-*} request header is checked by wrapping once more in
 * {@link #checksumHeader}.
 *
 * <p>Memory is bounded: the streams read the raw body in the caller's bulk reads or through an 8 KiB
 * buffer; only a signed chunk is held whole, in one reused buffer of at most the chunk bound.
 * Stateless; each stream it returns is for one reader (not thread-safe).
 */
public final class StreamingPayloads {

    /** The largest chunk accepted by default: AWS's SDKs send 64 KiB chunks (the CLI up to 1 MiB or so). */
    public static final int DEFAULT_MAX_CHUNK_SIZE = 16 * 1024 * 1024;

    /** S3's {@code IncompleteBody} message. */
    static final String INCOMPLETE_BODY =
            "You did not provide the number of bytes specified by the Content-Length HTTP header.";

    private StreamingPayloads() {
    }

    /**
     * A body sent whole whose SHA-256 must equal the declared {@code x-amz-content-sha256}
     * ({@link PayloadException.Reason#CONTENT_SHA256_MISMATCH}); ending before
     * {@code contentLength} bytes is {@link PayloadException.Reason#INCOMPLETE_BODY}.
     *
     * @param expectedHex the declared hash, 64 lower-case hex digits (as {@link Payload#ofSha256Hex} accepts)
     * @throws IllegalArgumentException for a hash that is not one
     */
    public static InputStream sha256(InputStream raw, long contentLength, String expectedHex) {
        requireNonNull(raw, "raw is null");
        requireNonNull(expectedHex, "expectedHex is null");
        byte[] expected = Hex.decodeLowerCase(expectedHex, 32);
        if (expected == null) {
            throw new IllegalArgumentException("expectedHex is not 64 lower-case hex digits");
        }
        return new WholeBodyStream(raw, contentLength, ChecksumAlgorithm.SHA256.start(), expected,
                PayloadException.Reason.CONTENT_SHA256_MISMATCH, SignatureVerifier.CONTENT_SHA256_MISMATCH);
    }

    /**
     * A body sent whole with an {@code x-amz-checksum-*} request header: the checksum must match
     * ({@link PayloadException.Reason#BAD_DIGEST}, S3's message). A value that is not base64 of the
     * right width never matches.
     */
    public static InputStream checksumHeader(InputStream raw, long length, ChecksumAlgorithm algorithm,
            String expectedBase64) {
        requireNonNull(raw, "raw is null");
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(expectedBase64, "expectedBase64 is null");
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(expectedBase64.strip());
        } catch (IllegalArgumentException e) {
            expected = new byte[0];
        }
        return new WholeBodyStream(raw, length, algorithm.start(), expected, PayloadException.Reason.BAD_DIGEST,
                algorithm.mismatchMessage());
    }

    /**
     * An {@code aws-chunked} body of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} (no trailer) or
     * {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER} (trailer named by {@code x-amz-trailer}):
     * every chunk signature verified, chaining from the request's signature under {@code key}
     * ({@link SignatureVerifier#verify} returns it), before the chunk's data is returned.
     *
     * @param seed          the request's verified signature: its timestamp, scope and signature start the chain
     * @param decodedLength {@code x-amz-decoded-content-length}; the chunks must hold exactly this many bytes
     * @param trailer       the {@code x-amz-trailer} value (e.g. {@code x-amz-checksum-crc32}) for the -TRAILER form
     * @throws IllegalArgumentException for a trailer that names no checksum S3 knows
     */
    public static InputStream signedChunks(InputStream raw, SigningKey key, ParsedSignature seed, long decodedLength,
            Optional<String> trailer) {
        return signedChunks(raw, key, seed, decodedLength, trailer, DEFAULT_MAX_CHUNK_SIZE);
    }

    /** As {@link #signedChunks(InputStream, SigningKey, ParsedSignature, long, Optional)}, with a chunk bound. */
    public static InputStream signedChunks(InputStream raw, SigningKey key, ParsedSignature seed, long decodedLength,
            Optional<String> trailer, int maxChunkSize) {
        requireNonNull(raw, "raw is null");
        requireNonNull(key, "key is null");
        requireNonNull(seed, "seed is null");
        requireNonNull(trailer, "trailer is null");
        AwsChunkedStream.ChunkChain chain =
                new AwsChunkedStream.ChunkChain(key, seed.timestamp(), seed.scope(), seed.signature());
        return new AwsChunkedStream(raw, chain, decodedLength, maxChunkSize, trailer.map(StreamingPayloads::algorithm));
    }

    /**
     * An {@code aws-chunked} body of {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: chunks without
     * signatures, covered by the trailing checksum named by {@code x-amz-trailer}
     * ({@link PayloadException.Reason#BAD_DIGEST} when it does not match).
     *
     * @throws IllegalArgumentException for a trailer that names no checksum S3 knows
     */
    public static InputStream unsignedTrailer(InputStream raw, long decodedLength, String trailer) {
        return unsignedTrailer(raw, decodedLength, trailer, DEFAULT_MAX_CHUNK_SIZE);
    }

    /** As {@link #unsignedTrailer(InputStream, long, String)}, with a chunk bound. */
    public static InputStream unsignedTrailer(InputStream raw, long decodedLength, String trailer, int maxChunkSize) {
        requireNonNull(raw, "raw is null");
        requireNonNull(trailer, "trailer is null");
        return new AwsChunkedStream(raw, null, decodedLength, maxChunkSize, Optional.of(algorithm(trailer)));
    }

    private static ChecksumAlgorithm algorithm(String trailer) {
        return ChecksumAlgorithm.ofHeaderName(trailer).orElseThrow(
                () -> new IllegalArgumentException("x-amz-trailer names no checksum S3 knows: " + trailer));
    }
}
