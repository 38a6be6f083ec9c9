package io.charter.server.s3;

import io.charter.server.audit.AuditEvent;
import io.charter.server.audit.AuditLog;
import io.charter.server.audit.DataEventSelection;
import io.charter.server.error.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One S3 request's part in the audit trail. S3's management events (the service's and buckets'
 * calls: ListBuckets, CreateBucket, bucket policies and configurations) are recorded before their
 * answer, as the query services' are, refusals included; a request refused before its operation was
 * identified (its signature, say) is recorded too. Object calls are data events, which CloudTrail
 * records only for a trail that selects them ({@link DataEventSelection}: a logging trail of the
 * caller's account whose event selectors name the object); then they are recorded in the same way.
 *
 * <p>A store's refusal of a forwarded call is recorded with the store's status ({@code Http404}):
 * its body, which names S3's code, is relayed to the client as it streams, not read.
 *
 * <p>Confined to its request's thread.
 */
final class S3Audit {
    /** Object calls that are not data events: the bucket's Object Lock configuration. */
    private static final Set<String> BUCKET_CALLS = Set.of("GetObjectLockConfiguration", "PutObjectLockConfiguration");

    private final AuditLog log;
    private final AuditEvent event;
    private final DataEventSelection selection;
    private boolean dataEvent;
    private boolean selectedDataEvent;
    private boolean recorded;

    S3Audit(AuditLog log, DataEventSelection selection, AuditEvent event) {
        this.log = log;
        this.selection = selection;
        this.event = event;
        event.operation("s3", "Unknown");
    }

    /** What the request turned out to be: its operation, caller, region and bucket. */
    void identified(S3Operation operation, Authentication authentication, S3Address address, String host) {
        event.operation("s3", operation.name());
        event.region(authentication.region());
        authentication.caller().ifPresent(event::caller);
        authentication.signature().ifPresent(s -> event.presentedKey(s.accessKeyId()));
        Map<String, String> parameters = new LinkedHashMap<>();
        address.bucket().ifPresent(b -> parameters.put("bucketName", b));
        parameters.put("Host", host);
        String name = operation.name();
        dataEvent = !BUCKET_CALLS.contains(name) && (name.contains("Object") || name.contains("MultipartUpload")
                || name.equals("UploadPart") || name.equals("UploadPartCopy") || name.equals("ListParts"));
        if (dataEvent) {
            address.key().ifPresent(k -> parameters.put("key", k));
            boolean readOnly = name.startsWith("Get") || name.startsWith("Head") || name.startsWith("List");
            selectedDataEvent = authentication.caller().isPresent() && address.bucket().isPresent()
                    && selection.selects(authentication.caller().get().accountId(), authentication.region(),
                            address.bucket().get(), address.key().orElse(""), readOnly);
            if (selectedDataEvent) {
                event.dataEvent();
            }
        }
        event.parameters(parameters);
    }

    /**
     * Before a success is answered: its record made durable (a management event).
     *
     * @throws ServiceException {@code ServiceUnavailable} when it could not be in time
     */
    void beforeAnswer() {
        if (recorded || unrecorded()) {
            return;
        }
        recorded = true;
        log.record(event);
    }

    /** Before the store's answer is relayed: recorded, a refusal with the store's status. */
    void beforeRelay(int status) {
        if (status >= 300 && !recorded && !unrecorded()) {
            event.failed("Http" + status, "The object store answered with HTTP status " + status + ".");
        }
        beforeAnswer();
    }

    /** Before a refusal is answered: recorded; returns the error to answer (503 when not recorded in time). */
    ServiceException beforeError(ServiceException error) {
        if (recorded || unrecorded()) {
            return error;
        }
        recorded = true;
        try {
            log.record(event.failed(error));
            return error;
        } catch (ServiceException unavailable) {
            return unavailable;
        }
    }

    /** A data event no trail selects: not recorded. */
    private boolean unrecorded() {
        return dataEvent && !selectedDataEvent;
    }
}
