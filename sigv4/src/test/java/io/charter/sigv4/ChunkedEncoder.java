package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Encodes a body as {@code aws-chunked} the way AWS's SDKs do (signed chunks chaining from a seed
 * signature, or unsigned chunks; an optional trailing checksum, signed when the chunks are), lazily:
 * one chunk at a time in a reused buffer, so bodies of any size can be produced in bounded memory.
 * Test-only; the signing follows the AWS documentation independently of {@link AwsChunkedStream}.
 */
final class ChunkedEncoder extends InputStream {

    /** How the encoder signs: key, timestamp and scope of the request, and its seed signature. */
    record Signing(SigningKey key, String timestamp, CredentialScope scope, String seedSignature) {
    }

    private final InputStream data;
    private final int chunkSize;
    private final Optional<Signing> signing;
    private final Optional<ChecksumAlgorithm> trailer;
    private final Optional<String> declaredChecksum;
    private final ChecksumAlgorithm.RunningChecksum checksum;
    private final byte[] chunk;
    private final MessageDigest chunkDigest = Sha256.owned();
    private byte[] frame;
    private int framePosition;
    private int frameLength;
    private boolean ended;
    private String previous;

    /**
     * @param declaredChecksum a checksum value to send instead of the computed one (to test a wrong one)
     */
    ChunkedEncoder(InputStream data, int chunkSize, Optional<Signing> signing, Optional<ChecksumAlgorithm> trailer,
            Optional<String> declaredChecksum) {
        this.data = requireNonNull(data);
        this.chunkSize = chunkSize;
        this.signing = signing;
        this.trailer = trailer;
        this.declaredChecksum = declaredChecksum;
        this.checksum = trailer.map(ChecksumAlgorithm::start).orElse(null);
        this.chunk = new byte[chunkSize];
        this.frame = new byte[chunkSize + 256];
        this.previous = signing.map(Signing::seedSignature).orElse(null);
    }

    static ChunkedEncoder signed(InputStream data, int chunkSize, Signing signing, Optional<ChecksumAlgorithm> trailer) {
        return new ChunkedEncoder(data, chunkSize, Optional.of(signing), trailer, Optional.empty());
    }

    static ChunkedEncoder unsigned(InputStream data, int chunkSize, ChecksumAlgorithm trailer) {
        return new ChunkedEncoder(data, chunkSize, Optional.empty(), Optional.of(trailer), Optional.empty());
    }

    byte[] encodeAll() throws IOException {
        return readAllBytes();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (framePosition == frameLength) {
            if (ended) {
                return -1;
            }
            nextFrame();
        }
        int n = Math.min(length, frameLength - framePosition);
        System.arraycopy(frame, framePosition, into, offset, n);
        framePosition += n;
        return n;
    }

    private void nextFrame() throws IOException {
        int n = data.readNBytes(chunk, 0, chunkSize);
        if (checksum != null) {
            checksum.update(chunk, 0, n);
        }
        StringBuilder header = new StringBuilder(Integer.toHexString(n));
        if (signing.isPresent()) {
            chunkDigest.update(chunk, 0, n);
            String hash = Hex.encode(chunkDigest.digest());
            previous = sign(AwsChunkedStream.PAYLOAD_ALGORITHM, previous + "\n" + AwsChunkedStream.EMPTY_SHA256 + "\n" + hash);
            header.append(";chunk-signature=").append(previous);
        }
        header.append("\r\n");
        frameLength = 0;
        put(header.toString());
        if (n > 0) {
            System.arraycopy(chunk, 0, frame, frameLength, n);
            frameLength += n;
            put("\r\n");
        } else {
            ended = true;
            if (trailer.isPresent()) {
                String value = declaredChecksum.orElseGet(() -> Base64.getEncoder().encodeToString(checksum.finish()));
                String canonical = trailer.get().headerName() + ":" + value + "\n";
                put(canonical.replace("\n", "\r\n"));
                if (signing.isPresent()) {
                    String hash = Hex.encode(Sha256.owned().digest(canonical.getBytes(StandardCharsets.UTF_8)));
                    put(AwsChunkedStream.TRAILER_SIGNATURE + ":"
                            + sign(AwsChunkedStream.TRAILER_ALGORITHM, previous + "\n" + hash) + "\r\n");
                }
            }
            put("\r\n");
        }
        framePosition = 0;
    }

    private String sign(String algorithm, String rest) {
        Signing s = signing.orElseThrow();
        return s.key().signHex(algorithm + "\n" + s.timestamp() + "\n" + s.scope().text() + "\n" + rest);
    }

    private void put(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (frameLength + bytes.length > frame.length) {
            frame = Arrays.copyOf(frame, frameLength + bytes.length + 256);
        }
        System.arraycopy(bytes, 0, frame, frameLength, bytes.length);
        frameLength += bytes.length;
    }
}
