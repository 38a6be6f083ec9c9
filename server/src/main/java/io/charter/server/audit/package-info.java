/**
 * The audit trail: a CloudTrail record of every request the endpoints answered, made durable before
 * the answer is sent ({@link io.charter.server.audit.AuditLog}), and read back by LookupEvents
 * ({@link io.charter.server.audit.AuditTrail}). The HTTP layer and the S3 endpoint capture what they
 * saw ({@link io.charter.server.audit.AuditEvent}); the record's JSON is rendered on the writer
 * thread ({@link io.charter.server.audit.CloudTrailRecords}), never on the request's.
 */
package io.charter.server.audit;
