package io.charter.server.http;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;

/**
 * The HTTP layer's content codings, turned off both ways without refusing anything: a request body
 * reaches the endpoints exactly as sent, whatever its {@code Content-Encoding} says (S3's
 * {@code aws-chunked} is S3's to decode and verify; an object stored {@code gzip} stays gzip, its
 * coding only metadata; AWS's query services decode none), and responses are never compressed.
 * The library's own switch for this refuses every request that names a coding, so this context
 * accepts every coding and decodes none. Immutable.
 */
public final class BodiesAsSent implements ContentEncodingContext {
    private final ContentEncodingContextConfig config = ContentEncodingContextConfig.builder()
            .contentEncodingsDiscoverServices(false).buildPrototype();

    @Override
    public boolean contentEncodingEnabled() {
        return false;
    }

    @Override
    public boolean contentDecodingEnabled() {
        return true;
    }

    @Override
    public boolean contentEncodingSupported(String encodingId) {
        return false;
    }

    @Override
    public boolean contentDecodingSupported(String encodingId) {
        return true;
    }

    @Override
    public ContentEncoder encoder(String encodingId) {
        return ContentEncoder.NO_OP;
    }

    @Override
    public ContentDecoder decoder(String encodingId) {
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder(Headers headers) {
        return ContentEncoder.NO_OP;
    }

    @Override
    public ContentEncodingContextConfig prototype() {
        return config;
    }
}
