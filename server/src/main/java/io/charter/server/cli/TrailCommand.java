package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.audit.DigestChain;
import io.charter.server.audit.TrailKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter trail validate}: CloudTrail's log file integrity validation over a trail's files
 * (a directory holding the bucket's objects: the embedded S3 store's own directory for the bucket,
 * or a copy made with {@code aws s3 sync}); and {@code charter trail session ASIA…}: a temporary
 * access key's story, from the call that minted it to every call made with it. Both read the running
 * server's CloudTrail API (ListPublicKeys, LookupEvents), authorized like any call.
 */
@Command(name = "trail", mixinStandardHelpOptions = true, description = "Validate a trail's files; follow a session.",
        subcommands = {TrailCommand.Validate.class, TrailCommand.Session.class})
final class TrailCommand extends CommandGroup {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a trail's digest chain and every log file it lists; exit 1 when a file was deleted or altered.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--trail", required = true, description = "The trail's name.")
        String trail;

        @Option(names = "--directory", required = true,
                description = "The bucket's objects: a directory whose files are the keys (the embedded store's"
                        + " DATA_DIR/s3/BUCKET, or a copy of the bucket).")
        Path directory;

        @Option(names = "--account", description = "The trail's account (by default the one under AWSLogs/).")
        String account;

        @Option(names = "--s3-prefix", description = "The trail's S3 key prefix, if it has one.", defaultValue = "")
        String prefix;

        @Option(names = "--start-time", description = "Validate the digests ending after this time (ISO-8601).")
        String startTime;

        @Option(names = "--public-keys", description = "The output of `aws cloudtrail list-public-keys` (JSON),"
                + " instead of asking the server.")
        Path publicKeys;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            try {
                Optional<Instant> start = Optional.ofNullable(startTime).map(Instant::parse);
                JsonNode keyList = publicKeys != null ? JSON.readTree(Files.readString(publicKeys))
                        : target.client().cloudtrail("ListPublicKeys", "{}");
                Map<String, PublicKey> keys = new HashMap<>();
                for (JsonNode key : keyList.path("PublicKeyList")) {
                    byte[] der = Base64.getDecoder().decode(key.path("Value").asText());
                    keys.put(TrailKeys.fingerprint(der), TrailKeys.publicKey(der));
                }
                String accountId = account != null ? account : onlyAccount();
                DigestChain.Report report = DigestChain.validate(new DirectoryFiles(directory), keys, accountId, trail,
                        prefix, start);
                for (String note : report.notes()) {
                    out.println("note: " + note);
                }
                for (String problem : report.problems()) {
                    out.println("INVALID: " + problem);
                }
                out.println(report.digests() + " digest files and " + report.logFiles() + " log files checked: "
                        + (report.valid() ? "valid" : report.problems().size() + " problems"));
                out.flush();
                return report.valid() ? ExitCodes.OK : ExitCodes.FAILURE;
            } catch (DateTimeParseException e) {
                err.println("charter: --start-time is not an ISO-8601 time: " + startTime);
                return ExitCodes.BAD_CONFIGURATION;
            } catch (IOException | IllegalArgumentException e) {
                err.println("charter: " + e.getMessage());
                return ExitCodes.FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.FAILURE;
            }
        }

        private String onlyAccount() throws IOException {
            Path logs = directory.resolve(prefix).resolve("AWSLogs");
            try (Stream<Path> accounts = Files.list(logs)) {
                List<String> found = accounts.map(p -> p.getFileName().toString()).toList();
                if (found.size() != 1) {
                    throw new IOException("name the trail's account with --account: " + logs + " holds " + found);
                }
                return found.getFirst();
            } catch (NoSuchFileException e) {
                throw new IOException("no trail files in " + logs, e);
            }
        }
    }

    /** A directory whose files are a bucket's keys. */
    static final class DirectoryFiles implements DigestChain.TrailFiles {
        private final Path root;

        DirectoryFiles(Path root) {
            this.root = root;
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            Path start = root.resolve(prefix);
            if (!Files.isDirectory(start)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(start)) {
                return files.filter(Files::isRegularFile)
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .sorted().toList();
            }
        }

        @Override
        public Optional<byte[]> read(String key) throws IOException {
            try {
                return Optional.of(Files.readAllBytes(root.resolve(key)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        /** The embedded store keeps user metadata in the file's extended attributes, where the file system has them. */
        @Override
        public Optional<String> signature(String key) {
            Path file = root.resolve(key);
            try {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
                if (view == null) {
                    return Optional.empty();
                }
                for (String name : view.list()) {
                    if (name.equals(DigestChain.SIGNATURE_METADATA) || name.endsWith("." + DigestChain.SIGNATURE_METADATA)
                            || name.endsWith("-meta-" + DigestChain.SIGNATURE_METADATA)) {
                        ByteBuffer value = ByteBuffer.allocate(view.size(name));
                        view.read(name, value);
                        value.flip();
                        return Optional.of(StandardCharsets.UTF_8.decode(value).toString().trim());
                    }
                }
                return Optional.empty();
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.empty();
            }
        }
    }

    @Command(name = "session", mixinStandardHelpOptions = true,
            description = "Print a session's story: the call that minted its temporary access key, then every call made with it.")
    static final class Session implements Callable<Integer> {
        /** The calls that mint temporary access keys. */
        private static final Set<String> MINTING = Set.of("AssumeRole", "AssumeRoleWithSAML",
                "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "AssumeRoot");
        /** The longest a temporary key lives (a role chain's and a federation token's are shorter). */
        private static final Duration LONGEST_SESSION = Duration.ofHours(36);
        private static final int MAX_PAGES = 200;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ACCESS_KEY_ID", description = "The session's temporary access key id (ASIA…).")
        String accessKeyId;

        @Mixin
        ServerTarget target = new ServerTarget();

        @Override
        public Integer call() {
            return AccountsCommand.run(spec, out -> {
                CharterClient client = target.client();
                List<JsonNode> calls = lookup(client, "{\"AttributeKey\":\"AccessKeyId\",\"AttributeValue\":"
                        + CharterClient.quote(accessKeyId) + "}", Optional.empty(), Optional.empty(), e -> true);
                // CloudTrail's times are to the second; event ids are time-ordered to the millisecond (UUID v7).
                calls.sort(Comparator.comparing((JsonNode e) -> e.path("eventTime").asText())
                        .thenComparing(e -> e.path("eventID").asText()));
                Instant end = calls.isEmpty() ? Instant.now()
                        : Instant.parse(calls.getFirst().path("eventTime").asText()).plusSeconds(1);
                Instant begin = end.minus(LONGEST_SESSION);
                List<JsonNode> minted = lookup(client, "{\"AttributeKey\":\"EventSource\",\"AttributeValue\":\"sts.amazonaws.com\"}",
                        Optional.of(begin), Optional.of(end), e -> MINTING.contains(e.path("eventName").asText())
                                && accessKeyId.equals(e.path("responseElements").path("credentials")
                                        .path("accessKeyId").asText()));
                out.println("Session " + accessKeyId);
                if (minted.isEmpty()) {
                    out.println("  minted: not found in the trail (the call that minted it is older than the"
                            + " retention, in another account, or this is not a temporary key)");
                } else {
                    JsonNode mint = minted.getFirst();
                    out.println("  minted " + mint.path("eventTime").asText() + " by " + mint.path("eventName").asText()
                            + ", called by " + mint.path("userIdentity").path("arn").asText("?") + " from "
                            + mint.path("sourceIPAddress").asText("?") + " (event " + mint.path("eventID").asText() + ")");
                    JsonNode user = mint.path("responseElements").path("assumedRoleUser");
                    if (!user.isMissingNode()) {
                        out.println("  as " + user.path("arn").asText());
                    }
                    JsonNode federated = mint.path("responseElements").path("federatedUser");
                    if (!federated.isMissingNode()) {
                        out.println("  as " + federated.path("arn").asText());
                    }
                    String expiration = mint.path("responseElements").path("credentials").path("expiration").asText("");
                    if (!expiration.isEmpty()) {
                        out.println("  expires " + expiration);
                    }
                }
                out.println("  " + calls.size() + " calls made with it:");
                for (JsonNode call : calls) {
                    String source = call.path("eventSource").asText().replace(".amazonaws.com", "");
                    String outcome = call.hasNonNull("errorCode") ? call.path("errorCode").asText() + ": "
                            + call.path("errorMessage").asText("") : "OK";
                    out.println("  " + call.path("eventTime").asText() + "  " + source + ":"
                            + call.path("eventName").asText() + "  " + outcome + "  from "
                            + call.path("sourceIPAddress").asText("?") + "  (event " + call.path("eventID").asText()
                            + ")");
                }
            });
        }

        private static List<JsonNode> lookup(CharterClient client, String attribute, Optional<Instant> start,
                Optional<Instant> end, java.util.function.Predicate<JsonNode> keep)
                throws IOException, InterruptedException {
            List<JsonNode> found = new ArrayList<>();
            String token = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                StringBuilder body = new StringBuilder("{\"LookupAttributes\":[").append(attribute).append("]");
                start.ifPresent(s -> body.append(",\"StartTime\":").append(s.getEpochSecond()));
                end.ifPresent(e -> body.append(",\"EndTime\":").append(e.getEpochSecond()));
                if (token != null) {
                    body.append(",\"NextToken\":").append(CharterClient.quote(token));
                }
                body.append('}');
                JsonNode answer = client.cloudtrail("LookupEvents", body.toString());
                for (JsonNode event : answer.path("Events")) {
                    JsonNode record = JSON.readTree(event.path("CloudTrailEvent").asText());
                    if (keep.test(record)) {
                        found.add(record);
                    }
                }
                token = answer.path("NextToken").asText(null);
                if (token == null) {
                    break;
                }
            }
            return found;
        }
    }
}
