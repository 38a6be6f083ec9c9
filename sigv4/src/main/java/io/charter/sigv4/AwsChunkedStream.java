package io.charter.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decodes an {@code aws-chunked} body, S3's streaming upload framing, and verifies it as it goes:
 * <pre>
 * hex-size[;chunk-signature=sig]\r\n data \r\n   (repeated)
 * 0[;chunk-signature=sig]\r\n
 * [name:value\r\n ... [x-amz-trailer-signature:sig\r\n]]
 * \r\n
 * </pre>
 *
 * <p>Signed ({@link ChunkChain} given): every chunk's signature is checked, chaining from the
 * request's seed signature, before any of that chunk's data is returned, so a chunk is held whole
 * (one buffer, reused, at most {@code maxChunkSize}). Unsigned: data passes straight through in the
 * caller's bulk reads. Either way, a trailing checksum is computed over the decoded bytes and
 * checked, with the trailer's signature when signed, before the last byte is released
 * ({@link WithholdingStream}).
 *
 * <p>As S3 does, every data chunk but the last must hold at least 8192 bytes, signed or not (S3
 * answers {@code InvalidChunkSizeError} to the JavaScript SDK's unsigned trailer bodies too).
 *
 * <p>Choices where AWS is silent: the line after the last chunk or trailer may be cut off by the
 * end of the body (the body is complete without it); nothing may follow it; unsigned chunks carry
 * no chunk extensions; the trailer canonical form is its lines {@code name:value\n} sorted by
 * lower-case name, as aws-c-auth signs them.
 *
 * <p>Not thread-safe, as streams are not.
 */
final class AwsChunkedStream extends WithholdingStream {

    static final String PAYLOAD_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";
    static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** S3's smallest chunk but the last data chunk (the documentation's "at least 8 KB"). */
    static final int MIN_CHUNK_SIZE = 8192;
    static final String INVALID_CHUNK_SIZE = "Only the last chunk is allowed to have a size less than 8192 bytes";

    private static final String CHUNK_SIGNATURE = ";chunk-signature=";
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_LINES = 16;
    private static final int READ_BUFFER = 8192;

    /**
     * The signature chain of a signed body: the key and the request's timestamp and scope that every
     * chunk's string to sign repeats, and the signature the next chunk chains from.
     */
    static final class ChunkChain {
        private final SigningKey key;
        private final String prefix;
        private String previous;

        ChunkChain(SigningKey key, String timestamp, CredentialScope scope, String seedSignature) {
            this.key = key;
            this.prefix = timestamp + '\n' + scope.text() + '\n';
            this.previous = seedSignature;
        }

        /** Whether {@code signature} signs a chunk whose data hashes to {@code dataSha256Hex}; advances the chain if so. */
        boolean chunk(String signature, String dataSha256Hex) {
            String text = PAYLOAD_ALGORITHM + '\n' + prefix + previous + '\n' + EMPTY_SHA256 + '\n' + dataSha256Hex;
            return advance(signature, text);
        }

        /** Whether {@code signature} signs the trailer whose canonical form hashes to {@code trailerSha256Hex}. */
        boolean trailer(String signature, String trailerSha256Hex) {
            return advance(signature, TRAILER_ALGORITHM + '\n' + prefix + previous + '\n' + trailerSha256Hex);
        }

        private boolean advance(String signature, String stringToSign) {
            byte[] expected = key.sign(stringToSign);
            byte[] provided = Hex.decodeLowerCase(signature, HmacSha256.LENGTH);
            if (provided == null || !MessageDigest.isEqual(expected, provided)) {
                return false;
            }
            previous = signature;
            return true;
        }
    }

    private enum State { HEADER, EMIT, DATA, DONE }

    private final ChunkChain chain;
    private final long decodedLength;
    private final int maxChunkSize;
    private final Optional<ChecksumAlgorithm> trailerChecksum;
    private final ChecksumAlgorithm.RunningChecksum checksum;
    private final MessageDigest chunkDigest;

    private final byte[] buffer = new byte[READ_BUFFER];
    private int position;
    private int limit;
    private final byte[] line = new byte[MAX_LINE];

    private byte[] chunk = new byte[0];
    private int emitted;
    private int chunkSize;
    private long dataRemaining;
    private long decoded;
    private long previousChunkSize = MIN_CHUNK_SIZE;
    private State state = State.HEADER;

    /**
     * @param chain           the signature chain, or {@code null} for unsigned chunks
     * @param trailerChecksum the checksum the trailer must carry (named by {@code x-amz-trailer}), if one is declared
     */
    AwsChunkedStream(InputStream raw, ChunkChain chain, long decodedLength, int maxChunkSize,
            Optional<ChecksumAlgorithm> trailerChecksum) {
        super(raw);
        if (decodedLength < 0) {
            throw new IllegalArgumentException("decodedLength is negative: " + decodedLength);
        }
        if (maxChunkSize < 1) {
            throw new IllegalArgumentException("maxChunkSize must be positive: " + maxChunkSize);
        }
        this.chain = chain;
        this.decodedLength = decodedLength;
        this.maxChunkSize = maxChunkSize;
        this.trailerChecksum = trailerChecksum;
        this.checksum = trailerChecksum.map(ChecksumAlgorithm::start).orElse(null);
        this.chunkDigest = chain != null ? Sha256.owned() : null;
    }

    @Override
    int decode(byte[] into, int offset, int length) throws IOException {
        while (true) {
            switch (state) {
                case HEADER -> readChunkHeader();
                case EMIT -> {
                    int n = Math.min(length, chunkSize - emitted);
                    System.arraycopy(chunk, emitted, into, offset, n);
                    emitted += n;
                    if (emitted == chunkSize) {
                        state = State.HEADER;
                    }
                    return n;
                }
                case DATA -> {
                    int n = readSome(into, offset, (int) Math.min(length, dataRemaining));
                    if (checksum != null) {
                        checksum.update(into, offset, n);
                    }
                    dataRemaining -= n;
                    if (dataRemaining == 0) {
                        expectCrlf();
                        state = State.HEADER;
                    }
                    return n;
                }
                case DONE -> {
                    return -1;
                }
            }
        }
    }

    private void readChunkHeader() throws IOException {
        int length = readLine();
        if (length < 0) {
            throw incomplete();
        }
        int sizeEnd = 0;
        while (sizeEnd < length && line[sizeEnd] != ';') {
            sizeEnd++;
        }
        long size = parseSize(sizeEnd);
        String signature = null;
        if (chain != null) {
            int signatureStart = sizeEnd + CHUNK_SIGNATURE.length();
            if (length != signatureStart + 2 * HmacSha256.LENGTH
                    || !CHUNK_SIGNATURE.equals(ascii(sizeEnd, CHUNK_SIGNATURE.length()))) {
                throw malformed("A chunk of a signed body must carry exactly its chunk-signature.");
            }
            signature = ascii(signatureStart, 2 * HmacSha256.LENGTH);
        } else if (sizeEnd != length) {
            throw malformed("A chunk of an unsigned body carries no chunk extensions.");
        }
        if (size > 0 && previousChunkSize < MIN_CHUNK_SIZE) {
            throw new PayloadException(PayloadException.Reason.INVALID_CHUNK_SIZE, INVALID_CHUNK_SIZE);
        }
        previousChunkSize = size;
        if (size > maxChunkSize) {
            throw malformed("A chunk is larger than " + maxChunkSize + " bytes.");
        }
        if (decoded + size > decodedLength) {
            throw malformed("The chunks hold more than x-amz-decoded-content-length bytes.");
        }
        decoded += size;
        if (size == 0) {
            if (chain != null && !chain.chunk(signature, EMPTY_SHA256)) {
                throw signatureMismatch();
            }
            finish();
            state = State.DONE;
            return;
        }
        if (chain == null) {
            dataRemaining = size;
            state = State.DATA;
            return;
        }
        chunkSize = (int) size;
        if (chunk.length < chunkSize) {
            chunk = new byte[(int) Math.min(maxChunkSize, Math.max(chunkSize, 2L * chunk.length))];
        }
        readFully(chunk, chunkSize);
        expectCrlf();
        chunkDigest.update(chunk, 0, chunkSize);
        if (!chain.chunk(signature, Hex.encode(chunkDigest.digest()))) {
            throw signatureMismatch();
        }
        if (checksum != null) {
            checksum.update(chunk, 0, chunkSize);
        }
        emitted = 0;
        state = State.EMIT;
    }

    private long parseSize(int end) throws PayloadException {
        // Eight hex digits reach 4 GiB, far past any chunk bound; more is refused before it can overflow.
        if (end == 0 || end > 8) {
            throw malformed("A chunk size is 1 to 8 hex digits.");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Hex.anyCaseDigit((char) line[i]);
            if (digit < 0) {
                throw malformed("A chunk size is 1 to 8 hex digits.");
            }
            size = size << 4 | digit;
        }
        return size;
    }

    /** After the last (empty) chunk: the trailer, the lengths, the checksum, then the end of the body. */
    private void finish() throws IOException {
        Map<String, String> trailers = new TreeMap<>();
        String trailerSignature = null;
        int length = readLine();
        int lines = 0;
        while (length > 0) {
            if (++lines > MAX_TRAILER_LINES) {
                throw malformed("Too many trailing headers.");
            }
            String text = ascii(0, length);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw malformed("A trailing header is name:value.");
            }
            String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = text.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = value;
            } else if (trailers.put(name, value) != null) {
                throw malformed("A trailing header is sent twice.");
            }
            length = readLine();
        }
        if (length == 0 && readByte() >= 0) {
            throw malformed("Bytes follow the end of the aws-chunked body.");
        }
        if (decoded != decodedLength) {
            throw incomplete();
        }
        if (trailerChecksum.isEmpty()) {
            if (!trailers.isEmpty() || trailerSignature != null) {
                throw malformed("Trailing headers were sent but none was declared in x-amz-trailer.");
            }
            return;
        }
        ChecksumAlgorithm algorithm = trailerChecksum.get();
        String declared = trailers.get(algorithm.headerName());
        if (declared == null) {
            throw malformed("The trailing header " + algorithm.headerName() + " declared in x-amz-trailer was not sent.");
        }
        if (chain != null) {
            if (trailerSignature == null) {
                throw malformed("A signed body's trailer must carry " + TRAILER_SIGNATURE + ".");
            }
            StringBuilder canonical = new StringBuilder();
            trailers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
            String hash = Hex.encode(Sha256.owned().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            if (!chain.trailer(trailerSignature, hash)) {
                throw signatureMismatch();
            }
        } else if (trailerSignature != null) {
            throw malformed("An unsigned body's trailer carries no signature.");
        }
        if (!MessageDigest.isEqual(checksum.finish(), base64(declared))) {
            throw new PayloadException(PayloadException.Reason.BAD_DIGEST, algorithm.mismatchMessage());
        }
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /**
     * Reads one CRLF-terminated line into {@link #line}; its length without the CRLF, or -1 when the
     * body ends before the line starts.
     */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (length == 0) {
                    return -1;
                }
                throw incomplete();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (length == 0 || line[length - 1] != '\r') {
                    throw malformed("Lines of an aws-chunked body end in CRLF.");
                }
                return length - 1;
            }
            if (length == MAX_LINE) {
                throw malformed("A chunk header or trailing header is too long.");
            }
            line[length++] = b;
        }
    }

    private void expectCrlf() throws IOException {
        if (readByte() != '\r' || readByte() != '\n') {
            throw malformed("A chunk's data is followed by CRLF.");
        }
    }

    private int readByte() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = raw().read(buffer, 0, buffer.length);
        while (n == 0) {
            n = raw().read(buffer, 0, buffer.length);
        }
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** Some (at least one) of the next {@code length} raw bytes; large reads bypass the buffer. */
    private int readSome(byte[] into, int offset, int length) throws IOException {
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }
        if (length >= buffer.length) {
            int n = raw().read(into, offset, length);
            while (n == 0) {
                n = raw().read(into, offset, length);
            }
            if (n < 0) {
                throw incomplete();
            }
            return n;
        }
        if (!fill()) {
            throw incomplete();
        }
        return readSome(into, offset, length);
    }

    private void readFully(byte[] into, int length) throws IOException {
        int done = 0;
        while (done < length) {
            done += readSome(into, done, length - done);
        }
    }

    private String ascii(int from, int length) {
        return new String(line, from, length, StandardCharsets.ISO_8859_1);
    }

    private static PayloadException signatureMismatch() {
        return new PayloadException(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, SignatureVerifier.SIGNATURE_MISMATCH);
    }

    private static PayloadException incomplete() {
        return new PayloadException(PayloadException.Reason.INCOMPLETE_BODY, StreamingPayloads.INCOMPLETE_BODY);
    }

    private static PayloadException malformed(String message) {
        return new PayloadException(PayloadException.Reason.MALFORMED, message);
    }
}
