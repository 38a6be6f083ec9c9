package io.charter.server.cloudtrail;

import static java.util.Objects.requireNonNull;

import io.charter.server.audit.Trail;
import io.charter.server.audit.TrailKeys;
import io.charter.server.audit.Trails;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.TimestampValue;
import io.charter.server.protocol.Value;
import io.charter.server.service.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CloudTrail's trails: CreateTrail, GetTrail, DescribeTrails, ListTrails, GetTrailStatus,
 * StartLogging, StopLogging, PutEventSelectors, GetEventSelectors, DeleteTrail, and ListPublicKeys
 * (the keys that sign digest files). Each is authorized by its {@code cloudtrail:} action on the
 * trail's ARN ({@code arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME}; the listings on {@code *}),
 * within the caller's account.
 *
 * <p>A trail delivers to a bucket of Charter's S3: the bucket must exist, and belong to the
 * caller's account or have a policy that lets {@code cloudtrail.amazonaws.com} put objects
 * ({@code InsufficientS3BucketPolicyException} otherwise). SNS notifications, CloudWatch Logs, KMS
 * encryption, organization trails, tags and advanced event selectors are not served
 * ({@code UnsupportedOperationException}).
 */
final class TrailOperations {
    /** CloudTrail's trail names: 3 to 128 letters, digits, periods, underscores and dashes, starting and ending alphanumeric. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]");
    private static final Pattern ADJACENT = Pattern.compile("[._-]{2}");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /** The key prefixes Charter takes (a subset of S3's safe characters). */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern ARN = Pattern.compile("arn:aws:cloudtrail:([a-z0-9-]+):(\\d{12}):trail/(.+)");
    private static final int MAX_SELECTORS = 5;
    private static final int MAX_DATA_VALUES = 250;

    private final Trails trails;
    private final TrailKeys keys;
    private final Authorizer authorizer;

    TrailOperations(Trails trails, TrailKeys keys, Authorizer authorizer) {
        this.trails = requireNonNull(trails, "trails is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    List<Operation> operations() {
        return List.of(
                Operation.of("CreateTrail", this::createTrail),
                Operation.of("GetTrail", this::getTrail),
                Operation.of("DescribeTrails", this::describeTrails),
                Operation.of("ListTrails", this::listTrails),
                Operation.of("GetTrailStatus", this::getTrailStatus),
                Operation.of("StartLogging", (c, i) -> setLogging(c, i, true)),
                Operation.of("StopLogging", (c, i) -> setLogging(c, i, false)),
                Operation.of("PutEventSelectors", this::putEventSelectors),
                Operation.of("GetEventSelectors", this::getEventSelectors),
                Operation.of("DeleteTrail", this::deleteTrail),
                Operation.of("ListPublicKeys", this::listPublicKeys));
    }

    private StructValue createTrail(OperationContext context, StructValue input) {
        String account = context.caller().accountId();
        String name = input.string("Name");
        checkName(name);
        authorize(context, "cloudtrail:CreateTrail", Trail.arn(context.region(), account, name));
        for (String unsupported : List.of("SnsTopicName", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn",
                "KmsKeyId")) {
            if (input.optionalString(unsupported).isPresent()) {
                throw unsupported(unsupported);
            }
        }
        if (input.optionalBoolean("IsOrganizationTrail").orElse(false)) {
            throw unsupported("IsOrganizationTrail");
        }
        if (input.optionalList("TagsList").map(l -> l.size() > 0).orElse(false)) {
            throw unsupported("TagsList");
        }
        String bucketName = input.string("S3BucketName");
        Optional<String> prefix = input.optionalString("S3KeyPrefix").filter(p -> !p.isEmpty());
        if (prefix.isPresent() && (!PREFIX.matcher(prefix.get()).matches() || prefix.get().startsWith("/")
                || prefix.get().endsWith("/") || prefix.get().contains("//"))) {
            throw new ServiceException(AwsErrorCode.INVALID_S3_PREFIX, "Invalid S3 prefix: " + prefix.get()
                    + " (Charter takes letters, digits, '.', '_', '-' and '/' between them).");
        }
        Bucket bucket = context.snapshot().bucket(bucketName).orElseThrow(() -> new ServiceException(
                AwsErrorCode.S3_BUCKET_DOES_NOT_EXIST, "S3 bucket " + bucketName + " does not exist."));
        if (!bucket.accountId().equals(account) && !bucket.policy().map(p -> Trail.policyLetsCloudTrailWrite(p.text())).orElse(false)) {
            throw new ServiceException(AwsErrorCode.INSUFFICIENT_S3_BUCKET_POLICY,
                    "Incorrect S3 bucket policy is detected for bucket: " + bucketName);
        }
        boolean multiRegion = input.optionalBoolean("IsMultiRegionTrail").orElse(false);
        boolean includeGlobal = input.optionalBoolean("IncludeGlobalServiceEvents").orElse(true);
        if (multiRegion && !includeGlobal) {
            throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_COMBINATION_EXCEPTION,
                    "Multi-Region trail must include global service events.");
        }
        Trail trail = new Trail(account, name, context.region(), bucketName, prefix, multiRegion, includeGlobal,
                input.optionalBoolean("EnableLogFileValidation").orElse(false),
                List.of(Trail.EventSelector.DEFAULT), false, false, Optional.empty(), Optional.empty());
        trails.create(trail, context.time());
        StructValue.Builder out = StructValue.builder().put("Name", name).put("S3BucketName", bucketName);
        prefix.ifPresent(p -> out.put("S3KeyPrefix", p));
        return out.put("IncludeGlobalServiceEvents", trail.includeGlobalServiceEvents())
                .put("IsMultiRegionTrail", trail.multiRegion())
                .put("TrailARN", trail.arn())
                .put("LogFileValidationEnabled", trail.logFileValidation())
                .put("IsOrganizationTrail", false)
                .build();
    }

    private StructValue getTrail(OperationContext context, StructValue input) {
        Trail trail = named(context, input.string("Name"), "cloudtrail:GetTrail");
        return StructValue.builder().put("Trail", trailValue(trail)).build();
    }

    private StructValue describeTrails(OperationContext context, StructValue input) {
        authorize(context, "cloudtrail:DescribeTrails", "*");
        String account = context.caller().accountId();
        List<String> names = input.optionalList("trailNameList").map(l -> l.strings()).orElse(List.of());
        List<StructValue> out = new ArrayList<>();
        if (names.isEmpty()) {
            for (Trail trail : trails.list(account)) {
                out.add(trailValue(trail));
            }
        } else {
            for (String name : names) {
                Optional<Trail> trail = trails.find(account, nameOf(context, name));
                trail.ifPresent(t -> out.add(trailValue(t)));
            }
        }
        return StructValue.builder().putList("trailList", out).build();
    }

    private StructValue listTrails(OperationContext context, StructValue input) {
        authorize(context, "cloudtrail:ListTrails", "*");
        List<StructValue> out = new ArrayList<>();
        for (Trail trail : trails.list(context.caller().accountId())) {
            out.add(StructValue.builder().put("TrailARN", trail.arn()).put("Name", trail.name())
                    .put("HomeRegion", trail.homeRegion()).build());
        }
        return StructValue.builder().putList("Trails", out).build();
    }

    private StructValue getTrailStatus(OperationContext context, StructValue input) {
        Trail named = named(context, input.string("Name"), "cloudtrail:GetTrailStatus");
        Trails.Status status = trails.status(named.accountId(), named.name());
        Trail trail = status.trail();
        StructValue.Builder out = StructValue.builder().put("IsLogging", trail.logging());
        status.latestDeliveryError().ifPresent(e -> out.put("LatestDeliveryError", e));
        status.latestDeliveryTime().ifPresent(t -> out.put("LatestDeliveryTime", t));
        trail.startLoggingTime().ifPresent(t -> out.put("StartLoggingTime", t));
        trail.stopLoggingTime().ifPresent(t -> out.put("StopLoggingTime", t));
        status.latestDigestDeliveryTime().ifPresent(t -> out.put("LatestDigestDeliveryTime", t));
        status.latestDeliveryAttemptTime().ifPresent(t -> out.put("LatestDeliveryAttemptTime", iso(t)));
        status.latestDeliveryAttemptTime().ifPresent(t -> out.put("LatestDeliveryAttemptSucceeded",
                status.latestDeliveryError().isPresent() ? "" : iso(t)));
        trail.startLoggingTime().ifPresent(t -> out.put("TimeLoggingStarted", iso(t)));
        trail.stopLoggingTime().ifPresent(t -> out.put("TimeLoggingStopped", iso(t)));
        return out.build();
    }

    private static String iso(Instant time) {
        return time.toString();
    }

    private StructValue setLogging(OperationContext context, StructValue input, boolean on) {
        Trail trail = named(context, input.string("Name"), on ? "cloudtrail:StartLogging" : "cloudtrail:StopLogging");
        trails.setLogging(trail.accountId(), trail.name(), on, context.time());
        return StructValue.EMPTY;
    }

    private StructValue putEventSelectors(OperationContext context, StructValue input) {
        Trail trail = named(context, input.string("TrailName"), "cloudtrail:PutEventSelectors");
        if (input.optionalList("AdvancedEventSelectors").isPresent()) {
            if (input.optionalList("EventSelectors").isPresent()) {
                throw new ServiceException(AwsErrorCode.INVALID_PARAMETER_COMBINATION_EXCEPTION,
                        "You cannot specify both EventSelectors and AdvancedEventSelectors.");
            }
            throw unsupported("AdvancedEventSelectors");
        }
        List<StructValue> given = input.optionalList("EventSelectors").map(l -> l.structs()).orElseThrow(() ->
                new ServiceException(AwsErrorCode.INVALID_EVENT_SELECTORS, "EventSelectors must be specified."));
        if (given.isEmpty() || given.size() > MAX_SELECTORS) {
            throw new ServiceException(AwsErrorCode.INVALID_EVENT_SELECTORS,
                    "A trail has 1 to " + MAX_SELECTORS + " event selectors.");
        }
        List<Trail.EventSelector> selectors = new ArrayList<>();
        int values = 0;
        for (StructValue selector : given) {
            String type = selector.optionalString("ReadWriteType").orElse("All");
            Trail.ReadWriteType readWrite = Trail.ReadWriteType.named(type).orElseThrow(() -> new ServiceException(
                    AwsErrorCode.INVALID_EVENT_SELECTORS, "Invalid ReadWriteType: " + type));
            if (selector.optionalList("ExcludeManagementEventSources").map(l -> l.size() > 0).orElse(false)) {
                throw unsupported("ExcludeManagementEventSources");
            }
            List<Trail.DataResource> resources = new ArrayList<>();
            for (StructValue resource : selector.optionalList("DataResources").map(l -> l.structs()).orElse(List.of())) {
                String resourceType = resource.optionalString("Type").orElse("");
                if (!resourceType.equals("AWS::S3::Object")) {
                    throw new ServiceException(AwsErrorCode.INVALID_EVENT_SELECTORS, "Invalid DataResource type: "
                            + resourceType + " (Charter records the data events of AWS::S3::Object).");
                }
                List<String> arns = resource.optionalList("Values").map(l -> l.strings()).orElse(List.of());
                for (String arn : arns) {
                    if (!arn.equals("arn:aws:s3") && !arn.startsWith("arn:aws:s3:::")) {
                        throw new ServiceException(AwsErrorCode.INVALID_EVENT_SELECTORS,
                                "Value " + arn + " for parameter DataResources.Values is invalid.");
                    }
                }
                values += arns.size();
                resources.add(new Trail.DataResource(resourceType, arns));
            }
            selectors.add(new Trail.EventSelector(readWrite,
                    selector.optionalBoolean("IncludeManagementEvents").orElse(true), resources));
        }
        if (values > MAX_DATA_VALUES) {
            throw new ServiceException(AwsErrorCode.INVALID_EVENT_SELECTORS,
                    "A trail's event selectors name at most " + MAX_DATA_VALUES + " data resources.");
        }
        Trail changed = trails.putEventSelectors(trail.accountId(), trail.name(), selectors);
        return StructValue.builder().put("TrailARN", changed.arn()).putList("EventSelectors", selectorValues(changed))
                .build();
    }

    private StructValue getEventSelectors(OperationContext context, StructValue input) {
        Trail trail = named(context, input.string("TrailName"), "cloudtrail:GetEventSelectors");
        return StructValue.builder().put("TrailARN", trail.arn()).putList("EventSelectors", selectorValues(trail))
                .build();
    }

    private static List<StructValue> selectorValues(Trail trail) {
        List<StructValue> out = new ArrayList<>();
        for (Trail.EventSelector selector : trail.selectors()) {
            List<StructValue> resources = selector.dataResources().stream().map(r -> StructValue.builder()
                    .put("Type", r.type()).putStrings("Values", r.values()).build()).toList();
            out.add(StructValue.builder().put("ReadWriteType", selector.readWriteType().awsName())
                    .put("IncludeManagementEvents", selector.includeManagementEvents())
                    .putList("DataResources", resources)
                    .putStrings("ExcludeManagementEventSources", List.of())
                    .build());
        }
        return out;
    }

    private StructValue deleteTrail(OperationContext context, StructValue input) {
        Trail trail = named(context, input.string("Name"), "cloudtrail:DeleteTrail");
        trails.delete(trail.accountId(), trail.name());
        return StructValue.EMPTY;
    }

    private StructValue listPublicKeys(OperationContext context, StructValue input) {
        authorize(context, "cloudtrail:ListPublicKeys", "*");
        Instant end = timestamp(input, "EndTime").orElse(context.time());
        Instant start = timestamp(input, "StartTime").orElse(Instant.EPOCH);
        if (start.isAfter(end)) {
            throw new ServiceException(AwsErrorCode.INVALID_TIME_RANGE, "Start time must be before end time.");
        }
        List<TrailKeys.PublicKeyInfo> all = keys.publicKeys(context.time());
        List<StructValue> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TrailKeys.PublicKeyInfo key = all.get(i);
            Instant validTo = i + 1 < all.size() ? all.get(i + 1).validFrom() : context.time();
            if (key.validFrom().isAfter(end) || validTo.isBefore(start)) {
                continue;
            }
            out.add(StructValue.builder().put("Value", key.encoded()).put("ValidityStartTime", key.validFrom())
                    .put("ValidityEndTime", validTo).put("Fingerprint", key.fingerprint()).build());
        }
        return StructValue.builder().putList("PublicKeyList", out).build();
    }

    private static Optional<Instant> timestamp(StructValue input, String name) {
        Optional<Value> value = input.get(name);
        return value.filter(TimestampValue.class::isInstance).map(v -> ((TimestampValue) v).value());
    }

    private static StructValue trailValue(Trail trail) {
        StructValue.Builder out = StructValue.builder().put("Name", trail.name()).put("S3BucketName", trail.bucket());
        trail.keyPrefix().ifPresent(p -> out.put("S3KeyPrefix", p));
        return out.put("IncludeGlobalServiceEvents", trail.includeGlobalServiceEvents())
                .put("IsMultiRegionTrail", trail.multiRegion())
                .put("HomeRegion", trail.homeRegion())
                .put("TrailARN", trail.arn())
                .put("LogFileValidationEnabled", trail.logFileValidation())
                .put("HasCustomEventSelectors", trail.customSelectors())
                .put("HasInsightSelectors", false)
                .put("IsOrganizationTrail", false)
                .build();
    }

    /** The caller's trail {@code nameOrArn} names, once {@code action} on it is allowed. */
    private Trail named(OperationContext context, String nameOrArn, String action) {
        String account = context.caller().accountId();
        String name = nameOf(context, nameOrArn);
        Optional<Trail> trail = trails.find(account, name);
        authorize(context, action, trail.map(Trail::arn).orElse(Trail.arn(context.region(), account, name)));
        return trail.orElseThrow(() -> new ServiceException(AwsErrorCode.TRAIL_NOT_FOUND,
                "Unknown trail: " + name + " for the user: " + account));
    }

    /** The trail name of a name or an ARN of the caller's account. */
    private static String nameOf(OperationContext context, String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            var arn = ARN.matcher(nameOrArn);
            if (!arn.matches()) {
                throw new ServiceException(AwsErrorCode.CLOUDTRAIL_ARN_INVALID, "Invalid trail ARN: " + nameOrArn);
            }
            if (!arn.group(2).equals(context.caller().accountId())) {
                throw new ServiceException(AwsErrorCode.TRAIL_NOT_FOUND, "Unknown trail: " + nameOrArn
                        + " for the user: " + context.caller().accountId());
            }
            checkName(arn.group(3));
            return arn.group(3);
        }
        checkName(nameOrArn);
        return nameOrArn;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches() || ADJACENT.matcher(name).find() || IP.matcher(name).matches()) {
            throw new ServiceException(AwsErrorCode.INVALID_TRAIL_NAME, "Trail name or ARN can only contain"
                    + " uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).");
        }
    }

    private void authorize(OperationContext context, String action, String resource) {
        try {
            authorizer.authorize(context, action, resource, Map.of());
        } catch (ServiceException e) {
            if (e.errorCode() == AwsErrorCode.ACCESS_DENIED) {
                throw new ServiceException(AwsErrorCode.ACCESS_DENIED_EXCEPTION, e.getMessage());
            }
            throw e;
        }
    }

    private static ServiceException unsupported(String parameter) {
        return new ServiceException(AwsErrorCode.CLOUDTRAIL_UNSUPPORTED_OPERATION,
                "Charter's trails do not serve " + parameter + ".");
    }
}
