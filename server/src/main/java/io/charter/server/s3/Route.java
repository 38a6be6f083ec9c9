package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a request for one S3 operation looks on the wire, as botocore's model says: one row of
 * {@code operations.tsv}, which {@code tools/s3-operations.py} generates from the model. Immutable.
 *
 * @param operation the model's operation name
 * @param method the HTTP method
 * @param target what the path names
 * @param path the fixed path when {@code target} is {@link Target#PATH} (without its leading {@code /}), else empty
 * @param query the parameters the request URI writes in, each {@code name} or {@code name=value}
 * @param requiredQuery query parameters the input shape requires
 * @param requiredHeaders headers the input shape requires, lower case
 * @param deprecated whether the model deprecates the operation (a newer one shares its route)
 * @param generalEndpoint false for an operation only sent to another endpoint that shares a route
 *     with one of the general purpose endpoint (ListDirectoryBuckets)
 */
record Route(String operation, String method, Target target, String path, List<String> query,
        List<String> requiredQuery, List<String> requiredHeaders, boolean deprecated, boolean generalEndpoint) {

    /** What the request path names. */
    enum Target {
        /** {@code /} */
        SERVICE,
        /** {@code /{Bucket}} */
        BUCKET,
        /** {@code /{Bucket}/{Key+}} */
        OBJECT,
        /** a fixed path such as {@code /WriteGetObjectResponse} */
        PATH
    }

    static final String RESOURCE = "operations.tsv";

    Route {
        requireNonNull(operation, "operation is null");
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
        requireNonNull(path, "path is null");
        query = List.copyOf(query);
        requiredQuery = List.copyOf(requiredQuery);
        requiredHeaders = List.copyOf(requiredHeaders);
    }

    /** Whether the request is of this shape: method, path, and every parameter and header the operation cannot go without. */
    boolean matches(S3Request request) {
        if (!method.equals(request.method())) {
            return false;
        }
        boolean pathMatches = switch (target) {
            case SERVICE -> request.bucket().isEmpty();
            case BUCKET -> request.bucket().isPresent() && request.key().isEmpty();
            case OBJECT -> request.key().isPresent();
            case PATH -> request.key().isEmpty() && request.bucket().orElse("").equals(path);
        };
        if (!pathMatches) {
            return false;
        }
        for (String q : query) {
            int eq = q.indexOf('=');
            String name = eq < 0 ? q : q.substring(0, eq);
            Optional<String> value = request.queryValue(name);
            if (value.isEmpty() || (eq >= 0 && !value.get().equals(q.substring(eq + 1)))) {
                return false;
            }
        }
        for (String q : requiredQuery) {
            if (!request.query().containsKey(q)) {
                return false;
            }
        }
        for (String h : requiredHeaders) {
            if (!request.headers().containsKey(h)) {
                return false;
            }
        }
        return true;
    }

    /** How much of the request this route accounts for: the more parameters and headers it needs, the more specific. */
    int specificity() {
        return query.size() + requiredQuery.size() + requiredHeaders.size() + (target == Target.PATH ? 1 : 0);
    }

    /** Reads the table from the class path. */
    static List<Route> load() {
        try (InputStream in = Route.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Route> routes = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                routes.add(parse(line));
            }
            return List.copyOf(routes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Route parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalStateException(RESOURCE + ": expected 8 columns in '" + line + "'");
        }
        Target target;
        String path = "";
        if (f[2].startsWith("path:/")) {
            target = Target.PATH;
            path = f[2].substring("path:/".length());
        } else {
            target = switch (f[2]) {
                case "service" -> Target.SERVICE;
                case "bucket" -> Target.BUCKET;
                case "object" -> Target.OBJECT;
                default -> throw new IllegalStateException(RESOURCE + ": unknown target '" + f[2] + "'");
            };
        }
        return new Route(f[0], f[1], target, path, list(f[3]), list(f[4]), list(f[5]), Boolean.parseBoolean(f[6]),
                f[7].equals("general"));
    }

    private static List<String> list(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(","));
    }
}
