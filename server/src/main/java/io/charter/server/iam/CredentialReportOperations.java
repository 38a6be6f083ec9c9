package io.charter.server.iam;

import io.charter.server.auth.Authorizer;
import io.charter.server.auth.OperationContext;
import io.charter.server.domain.Domain;
import io.charter.server.domain.LoginProfiles;
import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKey;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.LastUsed;
import io.charter.server.identity.LoginProfile;
import io.charter.server.protocol.StructValue;
import io.charter.server.service.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GenerateCredentialReport and GetCredentialReport: AWS's CSV of every user's credentials (the root
 * user first), with the columns AWS uses. Generation is immediate, so GenerateCredentialReport
 * answers {@code COMPLETE}; a report is served for four hours, then it is {@code ReportExpired}.
 * Reports are kept in memory per account: a restart only means generating again, as clients do
 * when a report is missing.
 */
public final class CredentialReportOperations {
    static final Duration VALID_FOR = Duration.ofHours(4);
    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A generated report. */
    private record Report(Instant generatedAt, byte[] csv) {
    }

    private final LoginProfiles loginProfiles;
    private final Authorizer authorizer;
    private final UsageTracker usage;
    private final Map<String, Report> reports = new ConcurrentHashMap<>();

    public CredentialReportOperations(Domain domain, Authorizer authorizer, UsageTracker usage) {
        this.loginProfiles = domain.loginProfiles();
        this.authorizer = authorizer;
        this.usage = usage;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.of("GenerateCredentialReport", this::generate),
                Operation.of("GetCredentialReport", this::get));
    }

    private StructValue generate(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:GenerateCredentialReport", "*", Map.of());
        String account = context.caller().accountId();
        Report existing = reports.get(account);
        boolean fresh = existing != null && existing.generatedAt().plus(VALID_FOR).isAfter(context.time());
        reports.put(account, new Report(context.time(), csv(context.snapshot(), account)));
        return StructValue.builder()
                .put("State", "COMPLETE")
                .put("Description", fresh ? "A report was generated less than four hours ago; it has been generated again."
                        : "No report exists. A new report has been generated.")
                .build();
    }

    private StructValue get(OperationContext context, StructValue input) {
        authorizer.authorize(context, "iam:GetCredentialReport", "*", Map.of());
        Report report = reports.get(context.caller().accountId());
        if (report == null) {
            throw new ServiceException(AwsErrorCode.REPORT_NOT_PRESENT,
                    "Credential report not present. Call GenerateCredentialReport first.");
        }
        if (!report.generatedAt().plus(VALID_FOR).isAfter(context.time())) {
            throw new ServiceException(AwsErrorCode.REPORT_EXPIRED, "The credential report has expired. Generate a new one.");
        }
        return StructValue.builder()
                .put("Content", report.csv())
                .put("ReportFormat", "text/csv")
                .put("GeneratedTime", report.generatedAt())
                .build();
    }

    private byte[] csv(IdentitySnapshot snapshot, String account) {
        List<Identity> users = new ArrayList<>();
        snapshot.allPrincipals().stream().filter(p -> p.accountId().equals(account) && p.kind() == IdentityKind.ROOT)
                .forEach(users::add);
        snapshot.allPrincipals().stream().filter(p -> p.accountId().equals(account) && p.kind() == IdentityKind.USER)
                .sorted(Comparator.comparing((Identity p) -> p.name().toLowerCase(Locale.ROOT))).forEach(users::add);
        Map<String, LoginProfile> profiles = loginProfiles.profilesOf(users);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Identity user : users) {
            boolean root = user.kind() == IdentityKind.ROOT;
            Optional<LoginProfile> profile = Optional.ofNullable(profiles.get(user.uniqueId()));
            List<String> row = new ArrayList<>();
            row.add(root ? "<root_account>" : user.name());
            row.add(user.arn());
            row.add(time(user.createdAt()));
            row.add(root ? "not_supported" : String.valueOf(profile.isPresent()));
            row.add(profile.isPresent() ? "no_information" : "N/A");
            row.add(profile.map(p -> time(p.createdAt())).orElse("N/A"));
            row.add("N/A");
            row.add(String.valueOf(!snapshot.mfaDevices().enabledFor(user.uniqueId()).isEmpty()));
            List<Credential> keys = snapshot.credentialsOf(user.uniqueId());
            for (int i = 0; i < 2; i++) {
                if (i < keys.size()) {
                    AccessKey key = keys.get(i).key();
                    Optional<LastUsed> used = usage.lastUsed(key.id().value());
                    row.add(String.valueOf(key.status() == AccessKeyStatus.Active));
                    row.add(time(key.createdAt()));
                    row.add(used.map(u -> time(u.at())).orElse("N/A"));
                    row.add(used.map(LastUsed::region).orElse("N/A"));
                    row.add(used.map(LastUsed::service).orElse("N/A"));
                } else {
                    row.addAll(List.of("false", "N/A", "N/A", "N/A", "N/A"));
                }
            }
            row.addAll(List.of("false", "N/A", "false", "N/A"));
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
