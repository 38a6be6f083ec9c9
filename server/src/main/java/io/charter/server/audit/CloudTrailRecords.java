package io.charter.server.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.charter.server.auth.Caller;
import io.charter.server.identity.IdentityKind;
import io.charter.server.protocol.StructValue;
import io.charter.server.store.AuditRow;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a request's {@link AuditEvent} into CloudTrail's records ({@code eventVersion} 1.11), one for
 * each account whose trail sees it: the caller's, and, for a cross-account AssumeRole that
 * succeeded, the role's too, both under one {@code sharedEventID}, each with its own
 * {@code eventID} and {@code recipientAccountId}, as CloudTrail records them.
 *
 * <p>Choices where AWS says nothing Charter can follow:
 * <ul>
 *   <li>{@code eventSource} is {@code <signing name>.amazonaws.com} for every service, Charter's own
 *       ({@code charter.amazonaws.com}) included, so tools that filter on it see one pattern;</li>
 *   <li>a request whose caller is not known (unsigned, an unknown key, a bad signature) is recorded
 *       in the management account, its {@code userIdentity} of type {@code Unknown} with the access
 *       key id the signature named, if any;</li>
 *   <li>a registered instance's own credential is written as AWS writes EC2's instance identity
 *       credentials: an {@code AssumedRole} of {@code aws:ec2-instance}, session named by the
 *       instance id;</li>
 *   <li>{@code readOnly} is true for STS's calls (as CloudTrail records AssumeRole) and for every
 *       {@code Get}, {@code List}, {@code Describe}, {@code Lookup}, {@code Simulate} and
 *       {@code Head} call; {@code responseElements} is null for read-only calls but STS's credential
 *       calls, as in CloudTrail, and for refusals.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; runs on the audit log's writer thread.
 */
final class CloudTrailRecords {
    static final String EVENT_VERSION = "1.11";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> CREDENTIAL_CALLS = Set.of("AssumeRole", "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "AssumeRoot",
            "GetInstanceCredentials", "GetTaskRoleCredentials");

    private CloudTrailRecords() {
    }

    /** The rows of {@code event}: one per account that records it. */
    static List<AuditRow> rows(AuditEvent event) {
        List<Resource> resources = resources(event);
        List<String> accounts = accounts(event);
        Optional<String> shared = accounts.size() > 1 ? Optional.of(UUID.randomUUID().toString()) : Optional.empty();
        List<AuditRow> rows = new ArrayList<>(accounts.size());
        boolean readOnly = readOnly(event);
        String source = eventSource(event.service);
        String name = event.eventName == null ? "Unknown" : event.eventName;
        List<AuditRow.Resource> named = resources.stream().map(r -> new AuditRow.Resource(r.type, r.name)).toList();
        for (String account : accounts) {
            String eventId = EventIds.next(event.time);
            rows.add(new AuditRow(eventId, account, event.time.toEpochMilli(), name, source, readOnly,
                    username(event), accessKeyId(event), shared,
                    render(event, eventId, account, shared, readOnly, source, name, resources), named));
        }
        return rows;
    }

    /** The caller's account, and a cross-account AssumeRole's role account when the call succeeded. */
    private static List<String> accounts(AuditEvent event) {
        String first = event.callerAccount();
        if (event.errorCode == null && event.input != null && "sts".equals(event.service)
                && event.eventName != null && event.eventName.startsWith("AssumeRole")) {
            Optional<String> roleAccount = event.input.optionalString("RoleArn").flatMap(CloudTrailRecords::arnAccount);
            if (roleAccount.isPresent() && !roleAccount.get().equals(first)) {
                return List.of(first, roleAccount.get());
            }
        }
        return List.of(first);
    }

    static String eventSource(String service) {
        return (service == null ? "unknown" : service) + ".amazonaws.com";
    }

    static boolean readOnly(AuditEvent event) {
        String name = event.eventName;
        if (name == null) {
            return false;
        }
        if ("sts".equals(event.service)) {
            return true;
        }
        return name.startsWith("Get") || name.startsWith("List") || name.startsWith("Describe")
                || name.startsWith("Lookup") || name.startsWith("Simulate") || name.startsWith("Head");
    }

    /** The name LookupEvents shows: the user's name, the role session's name, {@code root}. */
    static Optional<String> username(AuditEvent event) {
        Caller caller = event.caller;
        if (caller == null) {
            return Optional.empty();
        }
        if (caller.kind() == IdentityKind.ROOT) {
            return Optional.of("root");
        }
        if (caller.session().isPresent() && caller.session().get().kind() != SessionKind.USER_SESSION) {
            return Optional.of(caller.session().get().sessionName());
        }
        if (caller.kind() == IdentityKind.INSTANCE) {
            return Optional.of(caller.userId());
        }
        return Optional.of(lastSegment(caller.arn()));
    }

    private static Optional<String> accessKeyId(AuditEvent event) {
        return event.caller != null ? Optional.of(event.caller.accessKeyId()) : Optional.ofNullable(event.presentedKeyId);
    }

    /** One resource a record names: its type, its name (an ARN or a name) and, for an ARN, its account. */
    private record Resource(String type, String name, Optional<String> account) {
    }

    /** The resources the request names, and the credentials and session an STS call made. */
    private static List<Resource> resources(AuditEvent event) {
        Set<Resource> out = new LinkedHashSet<>();
        if (event.input != null) {
            StructValue in = event.input;
            arn(out, "AWS::IAM::Role", in.optionalString("RoleArn"));
            name(out, "AWS::IAM::Role", in.optionalString("RoleName"));
            name(out, "AWS::IAM::User", in.optionalString("UserName"));
            name(out, "AWS::IAM::Group", in.optionalString("GroupName"));
            arn(out, "AWS::IAM::Policy", in.optionalString("PolicyArn"));
            name(out, "AWS::IAM::InstanceProfile", in.optionalString("InstanceProfileName"));
            name(out, "AWS::IAM::AccessKey", in.optionalString("AccessKeyId"));
            name(out, "AWS::S3::Bucket", in.optionalString("Bucket"));
        }
        if (event.plainParameters != null) {
            name(out, "AWS::S3::Bucket", Optional.ofNullable(event.plainParameters.get("bucketName")));
        }
        if (event.output != null) {
            StructValue o = event.output;
            o.optionalStruct("Credentials").ifPresent(c -> name(out, "AWS::IAM::AccessKey",
                    c.optionalString("AccessKeyId")));
            o.optionalStruct("AssumedRoleUser").ifPresent(u -> arn(out, "AWS::STS::AssumedRole", u.optionalString("Arn")));
            o.optionalStruct("FederatedUser").ifPresent(u -> arn(out, "AWS::STS::FederatedUser",
                    u.optionalString("Arn")));
            o.optionalStruct("AccessKey").ifPresent(k -> name(out, "AWS::IAM::AccessKey", k.optionalString("AccessKeyId")));
        }
        return List.copyOf(out);
    }

    private static void arn(Set<Resource> out, String type, Optional<String> arn) {
        arn.ifPresent(a -> out.add(new Resource(type, a, arnAccount(a))));
    }

    private static void name(Set<Resource> out, String type, Optional<String> name) {
        name.ifPresent(n -> out.add(new Resource(type, n, Optional.empty())));
    }

    private static Optional<String> arnAccount(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[4].length() == 12 ? Optional.of(parts[4]) : Optional.empty();
    }

    private static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static String render(AuditEvent event, String eventId, String account, Optional<String> shared,
            boolean readOnly, String source, String name, List<Resource> resources) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("eventVersion", EVENT_VERSION);
            json.writeFieldName("userIdentity");
            userIdentity(json, event);
            json.writeStringField("eventTime", time(event.time));
            json.writeStringField("eventSource", source);
            json.writeStringField("eventName", name);
            json.writeStringField("awsRegion", event.region);
            json.writeStringField("sourceIPAddress", event.sourceIp);
            json.writeStringField("userAgent", event.userAgent);
            if (event.errorCode != null) {
                json.writeStringField("errorCode", event.errorCode);
                json.writeStringField("errorMessage", event.errorMessage);
            }
            json.writeFieldName("requestParameters");
            if (event.input != null && event.inputShape != null && !event.input.isEmpty()) {
                CloudTrailParameters.write(json, event.inputShape, event.input);
            } else if (event.plainParameters != null && !event.plainParameters.isEmpty()) {
                json.writeStartObject();
                for (var parameter : new java.util.TreeMap<>(event.plainParameters).entrySet()) {
                    json.writeStringField(parameter.getKey(), CloudTrailParameters.hidden(parameter.getKey(),
                            Optional.empty()) ? CloudTrailParameters.HIDDEN : parameter.getValue());
                }
                json.writeEndObject();
            } else {
                json.writeNull();
            }
            json.writeFieldName("responseElements");
            boolean answers = event.errorCode == null && event.output != null && event.outputShape != null
                    && !event.output.isEmpty() && (!readOnly || CREDENTIAL_CALLS.contains(name));
            if (answers) {
                CloudTrailParameters.write(json, event.outputShape, event.output);
            } else {
                json.writeNull();
            }
            json.writeStringField("requestID", event.requestId);
            json.writeStringField("eventID", eventId);
            json.writeBooleanField("readOnly", readOnly);
            List<Resource> arns = resources.stream().filter(r -> r.account().isPresent()).toList();
            if (!arns.isEmpty()) {
                json.writeArrayFieldStart("resources");
                for (Resource r : arns) {
                    json.writeStartObject();
                    json.writeStringField("accountId", r.account().get());
                    json.writeStringField("type", r.type());
                    json.writeStringField("ARN", r.name());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeStringField("eventType", "AwsApiCall");
            json.writeBooleanField("managementEvent", !event.dataEvent);
            json.writeStringField("recipientAccountId", account);
            if (shared.isPresent()) {
                json.writeStringField("sharedEventID", shared.get());
            }
            json.writeStringField("eventCategory", event.dataEvent ? "Data" : "Management");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String time(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void userIdentity(JsonGenerator json, AuditEvent event) throws IOException {
        Caller caller = event.caller;
        json.writeStartObject();
        if (caller == null) {
            json.writeStringField("type", "Unknown");
            if (event.presentedKeyId != null) {
                json.writeStringField("accessKeyId", event.presentedKeyId);
            }
            json.writeEndObject();
            return;
        }
        Optional<SessionClaims> session = caller.session();
        if (caller.kind() == IdentityKind.INSTANCE) {
            String issuer = "arn:aws:iam::" + caller.accountId() + ":role/aws:ec2-instance";
            json.writeStringField("type", "AssumedRole");
            json.writeStringField("principalId", caller.accountId() + ":aws:ec2-instance:" + caller.userId());
            json.writeStringField("arn", "arn:aws:sts::" + caller.accountId() + ":assumed-role/aws:ec2-instance/"
                    + caller.userId());
            json.writeStringField("accountId", caller.accountId());
            json.writeStringField("accessKeyId", caller.accessKeyId());
            json.writeObjectFieldStart("sessionContext");
            json.writeObjectFieldStart("sessionIssuer");
            json.writeStringField("type", "Role");
            json.writeStringField("principalId", caller.accountId() + ":aws:ec2-instance");
            json.writeStringField("arn", issuer);
            json.writeStringField("accountId", caller.accountId());
            json.writeStringField("userName", "aws:ec2-instance");
            json.writeEndObject();
            json.writeStringField("ec2InstanceArn", caller.arn());
            json.writeEndObject();
            json.writeEndObject();
            return;
        }
        SessionKind kind = session.map(SessionClaims::kind).orElse(SessionKind.USER_SESSION);
        String type = switch (kind) {
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED_USER -> "FederatedUser";
            case USER_SESSION -> caller.kind() == IdentityKind.ROOT ? "Root" : "IAMUser";
        };
        json.writeStringField("type", type);
        json.writeStringField("principalId", caller.userId());
        json.writeStringField("arn", caller.arn());
        json.writeStringField("accountId", caller.accountId());
        json.writeStringField("accessKeyId", caller.accessKeyId());
        if ("IAMUser".equals(type)) {
            json.writeStringField("userName", lastSegment(caller.arn()));
        }
        if (session.isPresent()) {
            SessionClaims claims = session.get();
            json.writeObjectFieldStart("sessionContext");
            if (kind != SessionKind.USER_SESSION) {
                json.writeObjectFieldStart("sessionIssuer");
                boolean rootIssuer = claims.principalArn().endsWith(":root");
                json.writeStringField("type", kind == SessionKind.ASSUMED_ROLE ? "Role" : rootIssuer ? "Root" : "IAMUser");
                json.writeStringField("principalId", claims.principalId());
                json.writeStringField("arn", claims.principalArn());
                json.writeStringField("accountId", claims.accountId());
                json.writeStringField("userName", rootIssuer ? "root" : lastSegment(claims.principalArn()));
                json.writeEndObject();
            }
            json.writeObjectFieldStart("attributes");
            json.writeStringField("creationDate", time(claims.issuedAt()));
            json.writeStringField("mfaAuthenticated", Boolean.toString(claims.mfaAuthenticatedAt().isPresent()));
            json.writeEndObject();
            if (claims.sourceIdentity().isPresent()) {
                json.writeStringField("sourceIdentity", claims.sourceIdentity().get());
            }
            if (claims.roleDelivery().isPresent()) {
                json.writeStringField("ec2RoleDelivery", claims.roleDelivery().get().toPlainString());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }
}
