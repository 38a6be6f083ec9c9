package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 1b of SigV4: the canonical URI. Stateless.
 *
 * <p>The raw path (still percent-encoded, as on the wire) is optionally normalized, then every
 * byte outside the unreserved set and {@code /} is percent-encoded. Since {@code %} itself is
 * encoded, an already-encoded path is encoded twice, which is what AWS expects from every service
 * but S3 (botocore: {@code quote(path, safe='/~')} of the already quoted path).
 */
public final class CanonicalUri {

    private CanonicalUri() {
    }

    /**
     * The canonical URI of {@code rawPath}.
     *
     * @param normalize whether to remove dot segments and empty segments first (all services but
     *                  S3; STS and IAM do)
     */
    public static String of(String rawPath, boolean normalize) {
        requireNonNull(rawPath, "rawPath is null");
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        String path = normalize ? normalize(rawPath) : rawPath;
        StringBuilder out = new StringBuilder(path.length() + 16);
        PercentEncoding.appendEncoded(out, path, true);
        return out.toString();
    }

    /**
     * Removes {@code .} segments, {@code ..} segments with their parent, and empty segments (so
     * runs of slashes collapse); keeps a leading slash, and a trailing slash when anything is left.
     * Same rule as botocore's {@code remove_dot_segments}, which the aws-c-auth vectors agree with.
     */
    static String normalize(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                String segment = path.substring(start, end);
                if (segment.equals("..")) {
                    if (!segments.isEmpty()) {
                        segments.remove(segments.size() - 1);
                    }
                } else if (!segment.equals(".")) {
                    segments.add(segment);
                }
            }
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(length);
        if (path.charAt(0) == '/') {
            out.append('/');
        }
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(segments.get(i));
        }
        if (path.charAt(length - 1) == '/' && !segments.isEmpty()) {
            out.append('/');
        }
        return out.isEmpty() ? "/" : out.toString();
    }
}
