package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One case of the aws-c-auth v4 signing suite, read from {@code <repo>/../shared/vectors/sigv4-v4}
 * (never copied into the project). Missing vectors fail the test run: they are never skipped.
 */
record VectorCase(
        String name,
        Path dir,
        Credentials credentials,
        String region,
        String service,
        Instant timestamp,
        boolean normalize,
        boolean signBody,
        boolean omitSessionToken,
        Duration expiresIn) {

    static final int EXPECTED_CASES = 38;
    private static final String VECTORS = "shared/vectors/sigv4-v4";

    /** All cases, sorted by name; fails loudly if the folder or any case is missing. */
    static List<VectorCase> all() {
        Path root = vectorsRoot();
        try (Stream<Path> dirs = Files.list(root)) {
            List<VectorCase> cases = dirs.filter(Files::isDirectory).sorted().map(VectorCase::load).toList();
            if (cases.size() != EXPECTED_CASES) {
                fail("expected " + EXPECTED_CASES + " SigV4 vector cases in " + root + ", found " + cases.size());
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks up from the working directory until {@code <dir>/../shared/vectors/sigv4-v4} exists. */
    static Path vectorsRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path parent = dir.getParent();
            if (parent != null && Files.isDirectory(parent.resolve(VECTORS))) {
                return parent.resolve(VECTORS);
            }
        }
        return fail("SigV4 test vectors not found: no '../" + VECTORS + "' beside " + start
                + " or any of its parents. They live outside the repository, next to it.");
    }

    private static VectorCase load(Path dir) {
        String json = read(dir.resolve("context.json"));
        String accessKey = MiniJson.string(json, "access_key_id").orElseThrow();
        String secret = MiniJson.string(json, "secret_access_key").orElseThrow();
        Optional<String> token = MiniJson.string(json, "token");
        return new VectorCase(
                dir.getFileName().toString(),
                dir,
                new Credentials(accessKey, secret, token),
                MiniJson.string(json, "region").orElseThrow(),
                MiniJson.string(json, "service").orElseThrow(),
                Instant.parse(MiniJson.string(json, "timestamp").orElseThrow()),
                MiniJson.bool(json, "normalize").orElse(true),
                MiniJson.bool(json, "sign_body").orElse(false),
                MiniJson.bool(json, "omit_session_token").orElse(false),
                Duration.ofSeconds(MiniJson.number(json, "expiration_in_seconds").orElseThrow()));
    }

    String file(String fileName) {
        return read(dir.resolve(fileName));
    }

    SignableRequest request() {
        return HttpMessage.parse(file("request.txt"));
    }

    SigningParams signingParams() {
        return SigningParams.of(credentials, region, service, timestamp)
                .withNormalizePath(normalize)
                .withContentSha256Header(signBody)
                .withSignSessionToken(!omitSessionToken);
    }

    VerifierSettings verifierSettings() {
        return VerifierSettings.of(java.util.Set.of(service)).withNormalizePath(normalize);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
