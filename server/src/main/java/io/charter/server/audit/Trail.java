package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A CloudTrail trail: where it delivers (a bucket of Charter's S3, under an optional key prefix),
 * what it selects (its event selectors), whether it logs now and whether it writes digest files.
 *
 * @param homeRegion the region the trail was created in (its ARN's)
 * @param multiRegion whether it delivers the records of every region, or its home region's alone
 */
public record Trail(String accountId, String name, String homeRegion, String bucket, Optional<String> keyPrefix,
        boolean multiRegion, boolean includeGlobalServiceEvents, boolean logFileValidation,
        List<EventSelector> selectors, boolean customSelectors, boolean logging, Optional<Instant> startLoggingTime,
        Optional<Instant> stopLoggingTime) {

    public Trail {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(homeRegion, "homeRegion is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        selectors = List.copyOf(selectors);
        requireNonNull(startLoggingTime, "startLoggingTime is null");
        requireNonNull(stopLoggingTime, "stopLoggingTime is null");
    }

    /** {@code arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME}. */
    public String arn() {
        return arn(homeRegion, accountId, name);
    }

    public static String arn(String region, String accountId, String name) {
        return "arn:aws:cloudtrail:" + region + ":" + accountId + ":trail/" + name;
    }

    /**
     * Whether a bucket policy lets CloudTrail write a trail's files: a statement allows
     * {@code s3:PutObject} (or {@code s3:*}, {@code *}) to the service principal
     * {@code cloudtrail.amazonaws.com}, as the bucket policy AWS documents for trails does.
     */
    public static boolean policyLetsCloudTrailWrite(String policyText) {
        JsonNode policy;
        try {
            policy = TrailJson.JSON.readTree(policyText);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode statements = policy.path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : TrailJson.JSON.createArrayNode().add(statements)) {
            JsonNode action = statement.path("Action");
            if (statement.path("Effect").asText().equals("Allow")
                    && contains(statement.path("Principal").path("Service"), "cloudtrail.amazonaws.com")
                    && (contains(action, "s3:PutObject") || contains(action, "s3:*") || contains(action, "*"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode node, String value) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.asText().equals(value)) {
                    return true;
                }
            }
            return false;
        }
        return node.asText().equals(value);
    }

    /** The key prefix with its slash, or nothing. */
    String keyStart() {
        return keyPrefix.map(p -> p + "/").orElse("");
    }

    Trail withLogging(boolean on, Instant at) {
        return new Trail(accountId, name, homeRegion, bucket, keyPrefix, multiRegion, includeGlobalServiceEvents,
                logFileValidation, selectors, customSelectors, on, on ? Optional.of(at) : startLoggingTime,
                on ? stopLoggingTime : Optional.of(at));
    }

    Trail withSelectors(List<EventSelector> newSelectors) {
        return new Trail(accountId, name, homeRegion, bucket, keyPrefix, multiRegion, includeGlobalServiceEvents,
                logFileValidation, newSelectors, true, logging, startLoggingTime, stopLoggingTime);
    }

    /** The services whose events are global (recorded in us-east-1): left out of trails that exclude them. */
    private static final java.util.Set<String> GLOBAL_SOURCES = java.util.Set.of("iam.amazonaws.com",
            "organizations.amazonaws.com");

    /** Whether this trail delivers a record of {@code source} in {@code region}, read-only or not, of {@code category}. */
    boolean selects(String source, String region, boolean readOnly, String category, List<String> resourceArns) {
        if (!includeGlobalServiceEvents && GLOBAL_SOURCES.contains(source)) {
            return false;
        }
        return selects(region, readOnly, category, resourceArns);
    }

    /** Whether this trail delivers a record of {@code region}, read-only or not, of {@code category}. */
    boolean selects(String region, boolean readOnly, String category, List<String> resourceArns) {
        if (!multiRegion && !region.equals(homeRegion)) {
            return false;
        }
        for (EventSelector selector : selectors) {
            if (selector.selects(readOnly, category, resourceArns)) {
                return true;
            }
        }
        return false;
    }

    /** An event selector: management events read, write or both, and the data events of the resources named. */
    public record EventSelector(ReadWriteType readWriteType, boolean includeManagementEvents,
            List<DataResource> dataResources) {
        public EventSelector {
            requireNonNull(readWriteType, "readWriteType is null");
            dataResources = List.copyOf(dataResources);
        }

        /** AWS's default: every management event, no data event. */
        public static final EventSelector DEFAULT = new EventSelector(ReadWriteType.ALL, true, List.of());

        boolean selects(boolean readOnly, String category, List<String> resourceArns) {
            if (!readWriteType.covers(readOnly)) {
                return false;
            }
            if (!category.equals("Data")) {
                return includeManagementEvents;
            }
            for (DataResource resource : dataResources) {
                for (String arn : resourceArns) {
                    if (resource.covers(arn)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The data events of a resource type: those whose resource's ARN starts with one of the values. */
    public record DataResource(String type, List<String> values) {
        public DataResource {
            requireNonNull(type, "type is null");
            values = List.copyOf(values);
        }

        boolean covers(String arn) {
            if (!type.equals("AWS::S3::Object") || !arn.startsWith("arn:aws:s3:::")) {
                return false;
            }
            for (String value : values) {
                if (value.equals("arn:aws:s3") || value.equals("arn:aws:s3:::") || arn.startsWith(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The management events a selector takes. */
    public enum ReadWriteType {
        READ_ONLY("ReadOnly"),
        WRITE_ONLY("WriteOnly"),
        ALL("All");

        private final String awsName;

        ReadWriteType(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }

        public static Optional<ReadWriteType> named(String name) {
            for (ReadWriteType type : values()) {
                if (type.awsName.equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }

        boolean covers(boolean readOnly) {
            return this == ALL || (this == READ_ONLY) == readOnly;
        }
    }
}
