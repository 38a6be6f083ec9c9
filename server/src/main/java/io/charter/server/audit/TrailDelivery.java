package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.store.Database;
import io.charter.server.store.TrailRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Delivers each logging trail's records as CloudTrail does: every few minutes a gzipped
 * {@code {"Records":[…]}} file per region
 * ({@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz}),
 * and, for a trail with log file validation, each hour a signed digest file listing the hour's log
 * files, chained to the previous digest ({@link DigestChain}).
 *
 * <p>A record is delivered once its time is {@link #SETTLE} in the past: a request's record is
 * committed before its answer, within the audit log's commit wait, so no record commits behind the
 * delivered position. The delivered position (the last record's time and id) and the digest chain
 * are kept in the trail's state, advanced after each file is stored: a file the store refused is
 * written again at the next run (a store that took it and failed to say so leaves a second copy of its
 * records, as CloudTrail's at-least-once delivery may).
 *
 * <p>Nodes sharing a store deliver nothing twice: a run delivers only on the node holding the
 * deliverer's lease ({@code audit_trail_lease}, renewed each run, taken over when it expired).
 * Runs are serialized; thread-safe.
 */
public final class TrailDelivery {
    private static final Logger LOG = Logger.getLogger(TrailDelivery.class.getName());
    /** How long after its time a record is delivered. */
    public static final Duration SETTLE = Duration.ofMinutes(1);
    /** How often CloudTrail writes digest files. */
    public static final Duration DIGEST_PERIOD = Duration.ofHours(1);
    private static final int BATCH = 1000;
    private static final String LEASE = "trail-delivery";
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DIGEST_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String UNIQUE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Database database;
    private final TrailDestination destination;
    private final TrailKeys keys;
    private final Clock clock;
    private final Duration interval;
    private final String node;
    private final SecureRandom random = new SecureRandom();
    private final TrailRepository repository = new TrailRepository();

    /**
     * @param interval how often {@link #run} is called (the lease lasts three of them)
     */
    public TrailDelivery(Database database, TrailDestination destination, TrailKeys keys, Clock clock,
            Duration interval) {
        this.database = requireNonNull(database, "database is null");
        this.destination = requireNonNull(destination, "destination is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.node = unique(24);
    }

    /** What a run did. */
    public record Run(boolean leader, int logFiles, int digestFiles, int failures) {
    }

    /** Delivers what is due now: each logging trail's settled records, and its digest when an hour ended. */
    public synchronized Run run() {
        Instant now = clock.instant();
        boolean leader = database.inTransaction(c -> repository.lease(c, LEASE, node, now.toEpochMilli(),
                now.plus(interval.multipliedBy(3)).toEpochMilli()));
        if (!leader) {
            return new Run(false, 0, 0, 0);
        }
        int logFiles = 0;
        int digests = 0;
        int failures = 0;
        for (TrailRepository.TrailRow row : database.inReadTransaction(repository::all)) {
            Trail trail = TrailJson.trail(row.accountId(), row.name(), row.config());
            TrailState state = TrailJson.state(row.state());
            try {
                long cursor = state.cursorTime();
                if (trail.logging() || trail.stopLoggingTime().map(t -> t.toEpochMilli() > cursor).orElse(false)) {
                    Delivered delivered = deliverLogs(trail, state, now);
                    logFiles += delivered.files();
                    state = delivered.state();
                }
                if (trail.logFileValidation() && (trail.logging() || !state.pendingLogFiles().isEmpty())) {
                    Optional<TrailState> after = deliverDigest(trail, state, now);
                    if (after.isPresent()) {
                        digests++;
                        state = after.get();
                    }
                }
            } catch (IOException | RuntimeException e) {
                failures++;
                TrailState failed = new TrailState(state.cursorTime(), state.cursorEventId(),
                        state.latestDeliveryTime(), Optional.of(now), Optional.of("DeliveryFailed: "
                        + e.getClass().getSimpleName()), state.latestDigestDeliveryTime(), state.digestStart(),
                        state.previousDigest(), state.pendingLogFiles());
                save(trail, failed);
                LOG.warning("trail " + trail.arn() + ": delivery to bucket " + trail.bucket() + " failed; tried again"
                        + " at the next run: " + e.getClass().getName());
            }
        }
        return new Run(true, logFiles, digests, failures);
    }

    private record Delivered(TrailState state, int files) {
    }

    /**
     * The settled records after the trail's position: up to when it stopped, if it did; leaving out
     * those of its last stopped span (from its stop to its restart).
     */
    private Delivered deliverLogs(Trail trail, TrailState state, Instant now) throws IOException {
        long settled = now.minus(SETTLE).toEpochMilli();
        long end = trail.logging() ? settled : Math.min(settled, trail.stopLoggingTime().orElseThrow().toEpochMilli());
        long stoppedFrom = trail.logging() ? trail.stopLoggingTime().map(Instant::toEpochMilli).orElse(0L) : 0L;
        long stoppedUntil = trail.logging() ? trail.startLoggingTime().map(Instant::toEpochMilli).orElse(0L) : 0L;
        int files = 0;
        TrailState current = state;
        while (true) {
            long afterTime = current.cursorTime();
            String afterId = current.cursorEventId();
            List<TrailRepository.RecordRow> rows = database.inReadTransaction(c -> repository.recordsAfter(c,
                    trail.accountId(), afterTime, afterId, end, BATCH));
            if (rows.isEmpty()) {
                break;
            }
            Map<String, List<TrailRepository.RecordRow>> byRegion = new LinkedHashMap<>();
            for (TrailRepository.RecordRow row : rows) {
                if (row.eventTime() >= stoppedFrom && row.eventTime() < stoppedUntil) {
                    continue;
                }
                JsonNode record = parse(row.record());
                String region = record.path("awsRegion").asText("us-east-1");
                List<String> arns = new ArrayList<>();
                record.path("resources").forEach(r -> arns.add(r.path("ARN").asText("")));
                JsonNode parameters = record.path("requestParameters");
                if (parameters.hasNonNull("bucketName")) {
                    arns.add("arn:aws:s3:::" + parameters.path("bucketName").asText() + "/"
                            + parameters.path("key").asText(""));
                }
                if (trail.selects(record.path("eventSource").asText(""), region, row.readOnly(),
                        record.path("eventCategory").asText("Management"), arns)) {
                    byRegion.computeIfAbsent(region, k -> new ArrayList<>()).add(row);
                }
            }
            List<TrailState.LogFile> written = new ArrayList<>(current.pendingLogFiles());
            for (Map.Entry<String, List<TrailRepository.RecordRow>> region : byRegion.entrySet()) {
                written.add(writeLog(trail, region.getKey(), region.getValue(), now));
                files++;
            }
            TrailRepository.RecordRow last = rows.getLast();
            current = new TrailState(last.eventTime(), last.eventId(),
                    byRegion.isEmpty() ? current.latestDeliveryTime() : Optional.of(now), Optional.of(now),
                    Optional.empty(), current.latestDigestDeliveryTime(), current.digestStart(),
                    current.previousDigest(), written);
            save(trail, current);
            if (rows.size() < BATCH) {
                break;
            }
        }
        return new Delivered(current, files);
    }

    private TrailState.LogFile writeLog(Trail trail, String region, List<TrailRepository.RecordRow> rows, Instant now)
            throws IOException {
        StringBuilder json = new StringBuilder(rows.size() * 1024).append("{\"Records\":[");
        for (int i = 0; i < rows.size(); i++) {
            json.append(i == 0 ? "" : ",").append(rows.get(i).record());
        }
        json.append("]}");
        byte[] content = json.toString().getBytes(StandardCharsets.UTF_8);
        String key = trail.keyStart() + "AWSLogs/" + trail.accountId() + "/CloudTrail/" + region + "/"
                + DAY_PATH.format(now) + "/" + trail.accountId() + "_CloudTrail_" + region + "_" + LOG_STAMP.format(now)
                + "_" + unique(16) + ".json.gz";
        destination.put(trail.bucket(), key, DigestChain.gzip(content), Map.of());
        return new TrailState.LogFile(trail.bucket(), key, DigestChain.sha256(content),
                Instant.ofEpochMilli(rows.getFirst().eventTime()), Instant.ofEpochMilli(rows.getLast().eventTime()));
    }

    /** The digest of the period that ended, if one did; its state after. */
    private Optional<TrailState> deliverDigest(Trail trail, TrailState state, Instant now) throws IOException {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        if (!end.isAfter(state.digestStart())) {
            return Optional.empty();
        }
        String region = trail.homeRegion();
        String key = trail.keyStart() + "AWSLogs/" + trail.accountId() + "/CloudTrail-Digest/" + region + "/"
                + DAY_PATH.format(end) + "/" + trail.accountId() + "_CloudTrail-Digest_" + region + "_" + trail.name()
                + "_" + region + "_" + DIGEST_STAMP.format(end) + ".json.gz";
        DigestChain.Digest digest = DigestChain.make(trail.accountId(), state.digestStart(), end, trail.bucket(), key,
                state.pendingLogFiles(), state.previousDigest(), keys.signingKey(now));
        destination.put(trail.bucket(), key, DigestChain.gzip(digest.content()), Map.of(
                DigestChain.SIGNATURE_METADATA, digest.signature(),
                DigestChain.SIGNATURE_ALGORITHM_METADATA, DigestChain.SIGNATURE_ALGORITHM));
        TrailState after = new TrailState(state.cursorTime(), state.cursorEventId(), state.latestDeliveryTime(),
                state.latestDeliveryAttemptTime(), state.latestDeliveryError(), Optional.of(now), end,
                Optional.of(new TrailState.PreviousDigest(trail.bucket(), key, digest.sha256(), digest.signature())),
                List.of());
        save(trail, after);
        return Optional.of(after);
    }

    private void save(Trail trail, TrailState state) {
        database.inTransaction(c -> repository.updateState(c, trail.accountId(), trail.name(), TrailJson.state(state)));
    }

    private static JsonNode parse(String record) {
        try {
            return TrailJson.JSON.readTree(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored record is not JSON", e);
        }
    }

    private String unique(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(UNIQUE_CHARS.charAt(random.nextInt(UNIQUE_CHARS.length())));
        }
        return out.toString();
    }
}
