package io.charter.server.cloudtrail;

import io.charter.server.audit.AuditTrail;
import io.charter.server.auth.Authorizer;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;

/**
 * AWS CloudTrail as Charter serves it: the AWS JSON 1.1 service {@code cloudtrail}, its event
 * history (LookupEvents) over Charter's audit trail. Trails are not served yet.
 */
public final class CloudTrailService {
    /** The bundled model (botocore's, kept to LookupEvents). */
    public static final String MODEL = "cloudtrail";

    private CloudTrailService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, AuditTrail trail, Authorizer authorizer) {
        return new ServiceDescriptor(model, SessionRules.NONE, new EventHistoryOperations(trail, authorizer).operations());
    }
}
