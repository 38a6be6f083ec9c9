package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.sigv4.ChecksumAlgorithm;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.PayloadException;
import io.charter.sigv4.SigningKey;
import io.charter.sigv4.StreamingPayloads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A request body as S3 verifies it, chosen by the request's {@code x-amz-content-sha256}: its
 * SHA-256 (a body signed whole), its chunk signatures ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD},
 * with or without a signed trailer), its trailing checksum ({@code
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER}), or nothing ({@code UNSIGNED-PAYLOAD}, presigned and
 * anonymous requests); an {@code x-amz-checksum-*} header is checked too. The streams withhold the
 * last byte until the whole body verified, so the store, sent an exact length, never completes an
 * object whose body failed. Stateless.
 */
final class S3Bodies {
    private static final String CHECKSUM_PREFIX = "x-amz-checksum-";

    private S3Bodies() {
    }

    /**
     * A body to forward: the decoded, verifying stream, the exact length it yields, and the trailing
     * checksum it carried (an {@code aws-chunked} body's {@code x-amz-trailer}), if any.
     */
    record Body(InputStream stream, long length, Optional<TrailingChecksum> trailing) {
        Body {
            requireNonNull(stream, "stream is null");
            requireNonNull(trailing, "trailing is null");
        }

        Body(InputStream stream, long length) {
            this(stream, length, Optional.empty());
        }
    }

    /**
     * The checksum an {@code aws-chunked} body declared in its trailer, computed again over the
     * decoded bytes as they pass on to the store. Its value is known once the verifying stream has
     * reported its end, that is once the trailer matched: the store (S3Proxy 4.0.0) checks a
     * trailer but keeps only a checksum sent as a header, so Charter answers the verified value
     * itself. Written by the stream's one reader (the HTTP client's thread), read by the request's
     * thread after the exchange.
     */
    static final class TrailingChecksum extends FilterInputStream {
        private final ChecksumAlgorithm algorithm;
        private final ChecksumAlgorithm.RunningChecksum running;
        private volatile String value;

        TrailingChecksum(InputStream verified, ChecksumAlgorithm algorithm) {
            super(verified);
            this.algorithm = requireNonNull(algorithm, "algorithm is null");
            this.running = algorithm.start();
        }

        /** The header that carries the checksum, e.g. {@code x-amz-checksum-crc32}. */
        String headerName() {
            return algorithm.headerName();
        }

        /** The verified checksum, base64, once the body ended verified; empty before (or after a failure). */
        Optional<String> value() {
            return Optional.ofNullable(value);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                running.update(buffer, offset, n);
            } else if (n < 0 && value == null) {
                // the verifying stream reports its end only once the trailer matched
                value = Base64.getEncoder().encodeToString(running.finish());
            }
            return n;
        }

        @Override
        public long skip(long n) {
            // every byte must pass through the checksum
            return 0;
        }
    }

    /**
     * The verified body of a request.
     *
     * @param headers the request's headers, lower-case names to first values
     * @param declared the request's {@code x-amz-content-sha256} (or {@code UNSIGNED-PAYLOAD})
     * @param signature the request's signature, absent for an anonymous request
     * @param key the key the signature was verified with, absent for an anonymous request
     * @param progress called as the body streams on (the body deadline measures a stall)
     * @throws ServiceException S3's error for a body whose length or encoding is not declared as S3 needs it
     */
    static Body verified(InputStream raw, Map<String, String> headers, String declared,
            Optional<ParsedSignature> signature, Optional<SigningKey> key, Runnable progress) {
        InputStream in = new Progress(raw, progress);
        long contentLength = contentLength(headers);
        switch (declared) {
            case Payload.STREAMING_SIGNED_PAYLOAD, Payload.STREAMING_SIGNED_PAYLOAD_TRAILER -> {
                if (signature.isEmpty() || key.isEmpty()) {
                    throw invalid("A streaming signed payload needs a signed request.");
                }
                long decoded = decodedLength(headers);
                Optional<String> trailer = declared.equals(Payload.STREAMING_SIGNED_PAYLOAD_TRAILER)
                        ? Optional.of(trailer(headers)) : Optional.empty();
                return trailing(StreamingPayloads.signedChunks(in, key.get(), signature.get(), decoded, trailer),
                        decoded, trailer);
            }
            case Payload.STREAMING_UNSIGNED_PAYLOAD_TRAILER -> {
                long decoded = decodedLength(headers);
                String trailer = trailer(headers);
                return trailing(StreamingPayloads.unsignedTrailer(in, decoded, trailer), decoded, Optional.of(trailer));
            }
            case Payload.UNSIGNED_PAYLOAD -> {
                return new Body(withChecksumHeader(in, contentLength, headers), contentLength);
            }
            default -> {
                InputStream hashed = StreamingPayloads.sha256(in, contentLength, declared);
                return new Body(withChecksumHeader(hashed, contentLength, headers), contentLength);
            }
        }
    }

    private static Body trailing(InputStream verified, long length, Optional<String> trailer) {
        Optional<ChecksumAlgorithm> algorithm = trailer.flatMap(ChecksumAlgorithm::ofHeaderName);
        if (algorithm.isEmpty()) {
            return new Body(verified, length);
        }
        TrailingChecksum checksum = new TrailingChecksum(verified, algorithm.get());
        return new Body(checksum, length, Optional.of(checksum));
    }

    /** S3's error for a body refused as it streamed; {@code null} when {@code e} is not one (the store's failure). */
    static ServiceException refusal(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadException refused) {
                AwsErrorCode code = switch (refused.reason()) {
                    case CONTENT_SHA256_MISMATCH -> AwsErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH;
                    case SIGNATURE_DOES_NOT_MATCH -> AwsErrorCode.SIGNATURE_DOES_NOT_MATCH;
                    case BAD_DIGEST -> AwsErrorCode.BAD_DIGEST;
                    case INCOMPLETE_BODY -> AwsErrorCode.INCOMPLETE_BODY;
                    case INVALID_CHUNK_SIZE -> AwsErrorCode.INVALID_CHUNK_SIZE_ERROR;
                    case MALFORMED -> AwsErrorCode.INVALID_REQUEST;
                };
                return new ServiceException(code, refused.getMessage());
            }
        }
        return null;
    }

    private static InputStream withChecksumHeader(InputStream in, long length, Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().startsWith(CHECKSUM_PREFIX) && !header.getKey().equals("x-amz-checksum-type")) {
                Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.ofHeaderName(header.getKey());
                if (algorithm.isPresent()) {
                    return StreamingPayloads.checksumHeader(in, length, algorithm.get(), header.getValue());
                }
            }
        }
        return in;
    }

    private static long contentLength(Map<String, String> headers) {
        String value = headers.get("content-length");
        if (value == null) {
            throw new ServiceException(AwsErrorCode.MISSING_CONTENT_LENGTH, "You must provide the Content-Length HTTP header.");
        }
        return parseLength(value, "Content-Length");
    }

    private static long decodedLength(Map<String, String> headers) {
        String value = headers.get("x-amz-decoded-content-length");
        if (value == null) {
            throw new ServiceException(AwsErrorCode.MISSING_CONTENT_LENGTH,
                    "You must provide the x-amz-decoded-content-length header with an aws-chunked body.");
        }
        return parseLength(value, "x-amz-decoded-content-length");
    }

    private static String trailer(Map<String, String> headers) {
        String trailer = headers.get("x-amz-trailer");
        if (trailer == null || ChecksumAlgorithm.ofHeaderName(trailer.strip()).isEmpty()) {
            throw invalid("The value of x-amz-trailer must name a checksum: x-amz-checksum-crc32, -crc32c, "
                    + "-crc64nvme, -sha1 or -sha256.");
        }
        return trailer.strip();
    }

    private static long parseLength(String value, String name) {
        try {
            long length = Long.parseLong(value.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, name + " must be a whole number of bytes.");
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(AwsErrorCode.INVALID_REQUEST, message);
    }

    /** Calls {@code progress} at every read, so the body's deadline follows the body. */
    private static final class Progress extends FilterInputStream {
        private final Runnable progress;

        Progress(InputStream in, Runnable progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            progress.run();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            progress.run();
            return super.read(buffer, offset, length);
        }
    }
}
