package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM action one S3 operation asks for and the kind of resource it names: one row of the
 * hand-written {@code permissions.tsv} (sources in its header). Immutable.
 *
 * @param operation the model's operation name
 * @param action the action, e.g. {@code s3:ListBucket} for ListObjectsV2
 * @param resource which ARN the check names
 * @param versionAction the action when the request names a {@code versionId} ({@code s3:GetObjectVersion}
 *     for GetObject), if it differs
 */
record Grant(String operation, String action, Resource resource, Optional<String> versionAction) {
    /** The resource a check names. */
    enum Resource {
        /** {@code arn:aws:s3:::BUCKET} */
        BUCKET,
        /** {@code arn:aws:s3:::BUCKET/KEY} */
        OBJECT,
        /** {@code *}: the action has no resource type */
        NONE
    }

    static final String RESOURCE = "permissions.tsv";

    Grant {
        requireNonNull(operation, "operation is null");
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        requireNonNull(versionAction, "versionAction is null");
    }

    /** The table from the class path, by operation name. */
    static Map<String, Grant> load() {
        try (InputStream in = Grant.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Grant> grants = new LinkedHashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalStateException(RESOURCE + ": expected 4 columns in '" + line + "'");
                }
                Resource resource = switch (f[2]) {
                    case "bucket" -> Resource.BUCKET;
                    case "object" -> Resource.OBJECT;
                    case "none" -> Resource.NONE;
                    default -> throw new IllegalStateException(RESOURCE + ": unknown resource '" + f[2] + "'");
                };
                Grant g = new Grant(f[0], f[1], resource, f[3].equals("-") ? Optional.empty() : Optional.of(f[3]));
                if (grants.put(g.operation(), g) != null) {
                    throw new IllegalStateException(RESOURCE + ": " + g.operation() + " is listed twice");
                }
            }
            return Map.copyOf(grants);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
