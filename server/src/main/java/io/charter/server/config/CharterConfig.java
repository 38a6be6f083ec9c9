package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Principal;
import io.charter.server.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The resolved configuration of one server process. Immutable; every value already checked.
 *
 * @param host address to listen on
 * @param port TCP port, 0 for any free port
 * @param dataDir directory of the SQLite store and key material
 * @param accountId the bootstrap (management) account
 * @param maxBodyBytes largest request body accepted
 * @param shutdownGrace how long in-flight requests may take to finish at shutdown
 * @param tokenKeyRotation the age at which the session-token key is replaced
 * @param httpLimits the timeouts of the parts of a request and the bound on connections
 * @param store where the IAM state is kept: the data directory's SQLite file, or PostgreSQL
 * @param maxStaleness how long requests are served from the snapshot while the store cannot be reached
 * @param s3 how S3 is served: its virtual-hosted domain and the object store underneath
 * @param instanceSession how long the role credentials of registered instances last
 * @param audit how the audit trail is kept (retention, the commit queue)
 */
public record CharterConfig(
        String host, int port, Path dataDir, String accountId, int maxBodyBytes, Duration shutdownGrace,
        Duration tokenKeyRotation, HttpLimits httpLimits, StoreLocation store, Duration maxStaleness, S3Settings s3,
        Duration instanceSession, AuditSettings audit) {

    /** The default of {@link #instanceSession}: six hours, about what EC2's instance credentials last. */
    public static final Duration DEFAULT_INSTANCE_SESSION = Duration.ofHours(6);

    /** The default of {@link #maxStaleness}. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    public CharterConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        requireNonNull(tokenKeyRotation, "tokenKeyRotation is null");
        requireNonNull(httpLimits, "httpLimits is null");
        requireNonNull(store, "store is null");
        requireNonNull(maxStaleness, "maxStaleness is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(instanceSession, "instanceSession is null");
        requireNonNull(audit, "audit is null");
        if (instanceSession.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("instanceSession below a minute: " + instanceSession);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!Principal.isAccountId(accountId)) {
            throw new IllegalArgumentException("accountId is not 12 digits: " + accountId);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes below 1024: " + maxBodyBytes);
        }
    }

    /** A configuration with the audit trail's defaults ({@link AuditSettings#DEFAULTS}). */
    public CharterConfig(String host, int port, Path dataDir, String accountId, int maxBodyBytes,
            Duration shutdownGrace, Duration tokenKeyRotation, HttpLimits httpLimits, StoreLocation store,
            Duration maxStaleness, S3Settings s3, Duration instanceSession) {
        this(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation, httpLimits, store,
                maxStaleness, s3, instanceSession, AuditSettings.DEFAULTS);
    }

    /** This configuration with the audit trail kept as {@code settings} says. */
    public CharterConfig withAudit(AuditSettings settings) {
        return new CharterConfig(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation,
                httpLimits, store, maxStaleness, s3, instanceSession, settings);
    }

    /** A configuration whose instances' sessions last {@link #DEFAULT_INSTANCE_SESSION}. */
    public CharterConfig(String host, int port, Path dataDir, String accountId, int maxBodyBytes,
            Duration shutdownGrace, Duration tokenKeyRotation, HttpLimits httpLimits, StoreLocation store,
            Duration maxStaleness, S3Settings s3) {
        this(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation, httpLimits, store,
                maxStaleness, s3, DEFAULT_INSTANCE_SESSION);
    }

    /** This configuration with the instances' sessions lasting {@code duration}. */
    public CharterConfig withInstanceSession(Duration duration) {
        return new CharterConfig(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation,
                httpLimits, store, maxStaleness, s3, duration, audit);
    }

    /** A configuration serving S3 with {@link S3Settings#DEFAULTS}. */
    public CharterConfig(String host, int port, Path dataDir, String accountId, int maxBodyBytes,
            Duration shutdownGrace, Duration tokenKeyRotation, HttpLimits httpLimits, StoreLocation store,
            Duration maxStaleness) {
        this(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation, httpLimits, store,
                maxStaleness, S3Settings.DEFAULTS);
    }

    /** A configuration with the embedded store in {@code dataDir}. */
    public CharterConfig(String host, int port, Path dataDir, String accountId, int maxBodyBytes,
            Duration shutdownGrace, Duration tokenKeyRotation, HttpLimits httpLimits) {
        this(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation, httpLimits,
                StoreLocation.Embedded.in(dataDir), DEFAULT_MAX_STALENESS);
    }

    /** A configuration with the default {@link HttpLimits}. */
    public CharterConfig(String host, int port, Path dataDir, String accountId, int maxBodyBytes,
            Duration shutdownGrace, Duration tokenKeyRotation) {
        this(host, port, dataDir, accountId, maxBodyBytes, shutdownGrace, tokenKeyRotation, HttpLimits.DEFAULTS);
    }
}
