package io.charter.server.s3;

import java.nio.charset.StandardCharsets;

/** An object key in a request path as the AWS SDKs write it: every byte but the unreserved ones and '/' escaped. */
final class S3Keys {

    private S3Keys() {
    }

    static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
