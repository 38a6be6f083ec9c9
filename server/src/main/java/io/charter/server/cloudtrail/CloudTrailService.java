package io.charter.server.cloudtrail;

import io.charter.server.audit.AuditTrail;
import io.charter.server.audit.TrailKeys;
import io.charter.server.audit.Trails;
import io.charter.server.auth.Authorizer;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.service.Operation;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.SessionRules;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS CloudTrail as Charter serves it: the AWS JSON 1.1 service {@code cloudtrail}, its event
 * history (LookupEvents) over Charter's audit trail, and its trails (TrailOperations), which the
 * audit package's TrailDelivery delivers.
 */
public final class CloudTrailService {
    /** The bundled model (botocore's, kept to LookupEvents and the trails' operations). */
    public static final String MODEL = "cloudtrail";

    private CloudTrailService() {
    }

    public static ServiceDescriptor descriptor(ServiceModel model, AuditTrail trail, Trails trails, TrailKeys keys,
            Authorizer authorizer) {
        List<Operation> operations = new ArrayList<>(new EventHistoryOperations(trail, authorizer).operations());
        operations.addAll(new TrailOperations(trails, keys, authorizer).operations());
        return new ServiceDescriptor(model, SessionRules.NONE, operations);
    }
}
