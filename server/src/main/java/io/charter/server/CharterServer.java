package io.charter.server;

import io.charter.server.admin.AdminService;
import io.charter.server.audit.AuditLog;
import io.charter.server.audit.AuditTrail;
import io.charter.server.audit.DataEventSelection;
import io.charter.server.audit.KeySealer;
import io.charter.server.audit.TrailDelivery;
import io.charter.server.audit.TrailKeys;
import io.charter.server.audit.Trails;
import io.charter.server.cloudtrail.CloudTrailService;
import io.charter.server.ec2.Ec2Service;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.auth.Authorizer;
import io.charter.server.auth.ForwardedAuthentication;
import io.charter.server.config.AuditSettings;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.HttpLimits;
import io.charter.server.config.S3Settings;
import io.charter.server.crypto.MasterKey;
import io.charter.server.crypto.RandomSource;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.domain.StoreFollower;
import io.charter.server.domain.UsageTracker;
import io.charter.server.files.OwnerOnlyFiles;
import io.charter.server.http.ApiEndpoint;
import io.charter.server.http.BodiesAsSent;
import io.charter.server.http.ConnectionListeners;
import io.charter.server.http.HealthCheck;
import io.charter.server.http.Http1Connections;
import io.charter.server.http.MessageFraming;
import io.charter.server.http.RequestDeadlines;
import io.charter.server.http.TransportErrors;
import io.charter.server.iam.AwsManagedPolicies;
import io.charter.server.iam.IamService;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.organizations.OrganizationsService;
import io.charter.server.s3.BackendEndpoint;
import io.charter.server.s3.BodyDeadline;
import io.charter.server.s3.ObjectStore;
import io.charter.server.s3.S3Endpoint;
import io.charter.server.s3.TrailBucketWriter;
import io.charter.server.service.ServiceDescriptor;
import io.charter.server.service.ServiceModels;
import io.charter.server.service.ServiceRegistry;
import io.charter.server.store.ChangeNotifications;
import io.charter.server.store.Database;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.StoreLocation;
import io.charter.server.store.TokenKeyRepository;
import io.charter.server.sts.StsService;
import io.charter.server.sts.TemporaryCredentials;
import io.charter.server.token.SealedMessages;
import io.charter.server.token.SessionMint;
import io.charter.server.token.SessionTokenCodec;
import io.charter.server.token.TokenKeys;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One Charter process: the single place that wires the application together (store, key
 * material, identity directory, authentication, operations, HTTP). {@link #start} brings it up;
 * {@link #close} stops it gracefully (in-flight requests finish within the grace period) and
 * closes the store.
 */
public final class CharterServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CharterServer.class.getName());
    /** Largest request line plus headers accepted, in bytes (answered with an AWS error). */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** S3's signing name. */
    private static final String S3_SIGNING_NAME = "s3";
    /** S3's largest single upload (5 GiB), with room for an {@code aws-chunked} body's chunk headers. */
    private static final long S3_MAX_BODY_BYTES = 5L * 1024 * 1024 * 1024 + 64L * 1024 * 1024;
    /** The HTTP layer's own hard limit, a backstop well above {@link #MAX_HEADER_BYTES}. */
    private static final int TRANSPORT_HEADER_BYTES = 64 * 1024;

    private final CharterConfig config;
    private final WebServer webServer;
    private final RequestDeadlines deadlines;
    private final Database database;
    private final Domain domain;
    private final UsageTracker usage;
    private final ScheduledExecutorService maintenance;
    private final StoreFollower follower;
    private final Optional<ChangeNotifications> notifications;
    private final Optional<NewAccessKey> bootstrapKey;
    private final Path credentialsFile;
    private final RequestPath requestPath;
    private final ObjectStore objectStore;
    private final Audit audit;
    private final TrailDelivery trailDelivery;

    private CharterServer(CharterConfig config, WebServer webServer, RequestDeadlines deadlines, Database database,
            Domain domain, UsageTracker usage, ScheduledExecutorService maintenance, StoreFollower follower,
            Optional<ChangeNotifications> notifications, Optional<NewAccessKey> bootstrapKey, Path credentialsFile,
            RequestPath requestPath, ObjectStore objectStore, Audit audit, TrailDelivery trailDelivery) {
        this.audit = audit;
        this.trailDelivery = trailDelivery;
        this.objectStore = objectStore;
        this.follower = follower;
        this.notifications = notifications;
        this.requestPath = requestPath;
        this.usage = usage;
        this.maintenance = maintenance;
        this.config = config;
        this.webServer = webServer;
        this.deadlines = deadlines;
        this.database = database;
        this.domain = domain;
        this.bootstrapKey = bootstrapKey;
        this.credentialsFile = credentialsFile;
    }

    /**
     * Starts a server: the data directory and its key, the store, the IAM state, the session-token
     * keys and their maintenance, the services, and last the HTTP listener. A start that fails
     * stops what it had started and closes the store.
     */
    public static CharterServer start(CharterConfig config, Clock clock) {
        // Parsing the service models and compiling the AWS managed policies need nothing from the
        // store: done on another core while the store opens, they take no time from the start.
        CompletableFuture<List<ManagedPolicy>> awsManaged =
                CompletableFuture.supplyAsync(() -> AwsManagedPolicies.loadFromClasspath().compiled());
        ServiceModels models = ServiceModels.loading(SERVICE_MODELS);
        RandomSource random = new RandomSource();
        Path dataDir = dataDirectory(config);
        Database database = config.store().open();
        // What a failed start has already started, stopped in reverse order before the store closes.
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            Migrations.apply(database);
            MasterKey masterKey = masterKey(dataDir, database, config.store());
            // Built (not started) while the AWS managed policies are still compiling on the other
            // core: the build takes as long as the wait for them, and needs none of what follows.
            RequestHandlers handlers = new RequestHandlers();
            RequestDeadlines deadlines = new RequestDeadlines(config.httpLimits().headerTimeout(),
                    config.httpLimits().bodyTimeout());
            undo.push(deadlines::close);
            WebServer webServer = webServer(config, handlers, deadlines);
            Domain domain = Domain.over(new Directory(database, masterKey, clock, random, awsManaged.join(),
                    config.maxStaleness()));
            Optional<NewAccessKey> bootstrapKey = bootstrap(domain, config, dataDir.resolve("credentials"));
            TokenKeys tokenKeys = TokenKeys.loadOrCreate(database, new TokenKeyRepository(), masterKey, clock, random);
            tokenKeys.rotateIfOlderThan(config.tokenKeyRotation());
            StoreFollower follower = new StoreFollower(domain.directory(), tokenKeys);
            Audit audit = Audit.open(config, dataDir, database, masterKey);
            undo.push(audit::close);
            ScheduledExecutorService maintenance = maintenance(config, tokenKeys, follower, audit, clock);
            undo.push(maintenance::shutdownNow);
            // Other nodes' writes, as they commit (PostgreSQL); the poll above catches up what they miss.
            Optional<ChangeNotifications> notifications = database.notifications(follower);
            notifications.ifPresent(n -> undo.push(n::close));
            UsageTracker usage = new UsageTracker(database);
            undo.push(usage::close);
            SessionTokenCodec tokens = new SessionTokenCodec(tokenKeys, random);
            AuthorizationMessages messages = new AuthorizationMessages(new SealedMessages(tokenKeys, random));
            Authorizer authorizer = new Authorizer(messages);
            SigningKeyCache signingKeys = new SigningKeyCache();
            // Requests other services received and forward to charter:Authorize: signed for those services.
            ForwardedAuthentication forwarded = new ForwardedAuthentication(tokens, clock, signingKeys, usage);
            ServiceRegistry registry = ServiceRegistry.of(services(models, domain, authorizer, forwarded, usage,
                    tokenKeys, new SessionMint(tokens, random), messages, config, audit));
            // The API endpoint alone also knows registered instances' own credentials (the instance calls).
            Authenticator authenticator = new Authenticator(tokens, clock,
                    VerifierSettings.of(registry.signingNames()), signingKeys, usage, Optional.of(domain.instances()));
            ApiEndpoint endpoint = new ApiEndpoint(domain.directory(), authenticator, registry, clock,
                    config.maxBodyBytes(), audit.log(), config.accountId());
            ObjectStore objectStore = objectStore(config.s3(), dataDir);
            undo.push(objectStore::close);
            TrailDelivery trailDelivery = new TrailDelivery(audit.database(), new TrailBucketWriter(objectStore),
                    audit.trailKeys(), clock, TRAIL_DELIVERY_INTERVAL);
            deliverTrails(maintenance, trailDelivery);
            // S3 signs paths as sent, and its own service name.
            Authenticator s3Authenticator = new Authenticator(tokens, clock,
                    VerifierSettings.of(Set.of(S3_SIGNING_NAME)).withNormalizePath(false), signingKeys, usage);
            S3Endpoint s3 = new S3Endpoint(domain.directory(), s3Authenticator, authorizer, domain.buckets(),
                    objectStore, clock, config.s3().domain(),
                    () -> new BodyDeadline(deadlines.bodyProgress(), deadlines.bodyEnded()), audit.log(),
                    new DataEventSelection(audit.trails()), config.accountId());
            listen(webServer, handlers, endpoint, s3, new TransportErrors(registry.queryCodec(), deadlines),
                    new StoreHealth(domain.directory(), config.store().kind(), audit.log()), config);
            return new CharterServer(config, webServer, deadlines, database, domain, usage, maintenance, follower,
                    notifications, bootstrapKey, dataDir.resolve("credentials"),
                    new RequestPath(endpoint, authenticator, authorizer, registry), objectStore, audit, trailDelivery);
        } catch (MasterKey.WrongKeyException e) {
            undo.forEach(Runnable::run);
            database.close();
            throw new IllegalStateException("The master key " + dataDir.resolve(MasterKey.FILE_NAME)
                    + " does not open the secrets the store " + config.store().describe() + " holds: every node of a"
                    + " store needs the same master.key; copy it from the data directory of a node of this store.", e);
        } catch (RuntimeException e) {
            undo.forEach(Runnable::run);
            database.close();
            throw e;
        }
    }

    /**
     * The data directory's master key, created on the first start of a store. A store that already
     * holds state was sealed under another node's key: a node without its copy is refused rather
     * than given a new key that opens nothing.
     */
    private static MasterKey masterKey(Path dataDir, Database database, StoreLocation store) {
        Path file = dataDir.resolve(MasterKey.FILE_NAME);
        if (!Files.exists(file) && !database.withHandle(new IdentityRepository()::listAccounts).isEmpty()) {
            throw new IllegalStateException("The store " + store.describe() + " already holds Charter's state, sealed"
                    + " under the master key of the node that started it, and " + dataDir + " has no "
                    + MasterKey.FILE_NAME + ": copy that node's " + MasterKey.FILE_NAME + " into " + dataDir
                    + " (owner-only) and start again.");
        }
        return MasterKey.loadOrCreate(file, new SecureRandom());
    }

    /** The store underneath S3: the embedded one under the data directory, or a remote endpoint. */
    private static ObjectStore objectStore(S3Settings s3, Path dataDir) {
        return switch (s3.storage()) {
            case S3Settings.Embedded embedded -> ObjectStore.embedded(embedded.library(), dataDir.resolve("s3"));
            case S3Settings.Remote remote -> ObjectStore.remote(new BackendEndpoint(remote.url(),
                    remote.accessKeyId(), remote.secretAccessKey(), remote.region()));
        };
    }

    /**
     * The audit trail of a node: on the embedded store a SQLite file of its own beside it
     * ({@value #AUDIT_FILE}, so recording never waits for the IAM state's writes, nor they for it); on
     * PostgreSQL tables in the shared store, so every node's lookups see every node's records.
     */
    private record Audit(AuditLog log, AuditTrail trail, Trails trails, TrailKeys trailKeys, Database database,
            List<Database> ownFiles) {
        /**
         * On PostgreSQL the node also keeps a spool file ({@value #AUDIT_SPOOL_FILE}) for the records
         * it makes while the store is away, moved to the store when it is back.
         */
        static Audit open(CharterConfig config, Path dataDir, Database store, MasterKey masterKey) {
            boolean embedded = config.store() instanceof StoreLocation.Embedded;
            List<Database> files = new java.util.ArrayList<>();
            try {
                Database database = store;
                if (embedded) {
                    database = SqliteDatabase.openAuditTrail(dataDir.resolve(AUDIT_FILE));
                    files.add(database);
                }
                Migrations.applyAudit(database);
                AuditSettings settings = config.audit();
                AuditLog log;
                if (!settings.recording()) {
                    log = AuditLog.discarding(database);
                } else if (embedded) {
                    log = new AuditLog(database, settings.queueCapacity(), settings.queueWait());
                } else {
                    Database spool = SqliteDatabase.openAuditTrail(dataDir.resolve(AUDIT_SPOOL_FILE));
                    files.add(spool);
                    Migrations.applyAudit(spool);
                    log = new AuditLog(database, spool, settings.queueCapacity(), settings.queueWait());
                }
                KeySealer sealer = new KeySealer() {
                    @Override
                    public String seal(String plaintext, String context) {
                        return masterKey.seal(plaintext, context);
                    }

                    @Override
                    public String open(String sealed, String context) {
                        return masterKey.open(sealed, context);
                    }
                };
                return new Audit(log, new AuditTrail(database), new Trails(database), new TrailKeys(database, sealer),
                        database, List.copyOf(files));
            } catch (RuntimeException e) {
                files.forEach(Database::close);
                throw e;
            }
        }

        /** Commits what is queued, then closes the audit trail's own files. */
        void close() {
            try {
                log.close();
            } finally {
                ownFiles.forEach(Database::close);
            }
        }
    }

    /** A PostgreSQL node's spool of the records it made while the store was away. */
    static final String AUDIT_SPOOL_FILE = "audit-spool.db";

    /** The audit trail's file in the data directory, beside the embedded store. */
    static final String AUDIT_FILE = "audit.db";
    /** How often records older than the retention are pruned. */
    private static final Duration AUDIT_PRUNE_INTERVAL = Duration.ofHours(1);

    /** The models of the services below, parsed from the start of {@link #start} on another core. */
    private static final List<String> SERVICE_MODELS = List.of(StsService.MODEL, IamService.MODEL,
            OrganizationsService.MODEL, AdminService.MODEL, Ec2Service.MODEL, CloudTrailService.MODEL);

    /**
     * The services this server serves, in the order the Query codec tries them (STS first: its
     * namespace answers the errors of requests that name no known service). Adding a service is one
     * line here, its descriptor and its operations.
     */
    private static List<ServiceDescriptor> services(ServiceModels models, Domain domain, Authorizer authorizer,
            ForwardedAuthentication forwarded, UsageTracker usage, TokenKeys tokenKeys, SessionMint mint,
            AuthorizationMessages messages, CharterConfig config, Audit audit) {
        TemporaryCredentials credentials = new TemporaryCredentials(mint);
        return List.of(
                StsService.descriptor(models.model(StsService.MODEL), domain, authorizer, credentials, messages),
                IamService.descriptor(models.model(IamService.MODEL), domain, authorizer, usage),
                OrganizationsService.descriptor(models.model(OrganizationsService.MODEL), domain, authorizer,
                        config.accountId()),
                AdminService.descriptor(models.model(AdminService.MODEL), domain, authorizer, forwarded, tokenKeys,
                        config.accountId(), mint, config.instanceSession()),
                Ec2Service.descriptor(models.model(Ec2Service.MODEL), domain, authorizer),
                CloudTrailService.descriptor(models.model(CloudTrailService.MODEL), audit.trail(), audit.trails(),
                        audit.trailKeys(), authorizer));
    }

    /**
     * Creates the management account and its root key on the first start, and saves that key,
     * owner-only, in {@code credentialsFile} (unless a file is there already).
     */
    private static Optional<NewAccessKey> bootstrap(Domain domain, CharterConfig config, Path credentialsFile) {
        Optional<NewAccessKey> bootstrapKey = domain.accounts().bootstrap(config.accountId());
        if (bootstrapKey.isPresent() && !Files.exists(credentialsFile)) {
            writeCredentialsFile(credentialsFile, bootstrapKey.get());
        }
        return bootstrapKey;
    }

    /** The data directory, created owner-only if it does not exist. */
    private static Path dataDirectory(CharterConfig config) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try {
            OwnerOnlyFiles.createDirectory(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return dataDir;
    }

    /**
     * The background work of a node: the session-token key's rotation, checked daily, and following
     * the writes other nodes sharing the store make ({@link StoreFollower#INTERVAL}).
     */
    @SuppressWarnings("FutureReturnValueIgnored") // each task catches and logs its own failures
    private static ScheduledExecutorService maintenance(CharterConfig config, TokenKeys tokenKeys, StoreFollower follower,
            Audit audit, Clock clock) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "charter-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                tokenKeys.rotateIfOlderThan(config.tokenKeyRotation());
            } catch (RuntimeException e) {
                LOG.warning("session-token key rotation failed; it is tried again tomorrow: " + e.getClass().getName());
            }
        }, 1, 1, TimeUnit.DAYS);
        long followMillis = StoreFollower.INTERVAL.toMillis();
        maintenance.scheduleWithFixedDelay(follower, followMillis, followMillis, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                audit.trail().prune(clock.instant().minus(config.audit().retention()));
            } catch (RuntimeException e) {
                LOG.warning("pruning the audit trail failed; it is tried again in an hour: " + e.getClass().getName());
            }
        }, 1, AUDIT_PRUNE_INTERVAL.toMinutes(), TimeUnit.MINUTES);
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                audit.log().shipSpooled();
            } catch (RuntimeException e) {
                // The store is still away: the spool keeps the records until the next try.
            }
        }, 5, 5, TimeUnit.SECONDS);
        return maintenance;
    }

    /** How often trails deliver their log files (CloudTrail delivers about every five minutes). */
    static final Duration TRAIL_DELIVERY_INTERVAL = Duration.ofMinutes(5);

    /** Trails' deliveries every {@link #TRAIL_DELIVERY_INTERVAL} on the maintenance thread. */
    @SuppressWarnings("FutureReturnValueIgnored") // the task catches and logs its own failures
    private static void deliverTrails(ScheduledExecutorService maintenance, TrailDelivery delivery) {
        long minutes = TRAIL_DELIVERY_INTERVAL.toMinutes();
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                delivery.run();
            } catch (RuntimeException e) {
                LOG.warning("delivering the trails failed; tried again in " + minutes + " minutes: "
                        + e.getClass().getName());
            }
        }, minutes, minutes, TimeUnit.MINUTES);
    }

    /** Hands the endpoint to the built web server and starts it; fails when it cannot listen. */
    private static void listen(WebServer webServer, RequestHandlers handlers, ApiEndpoint endpoint, S3Endpoint s3,
            TransportErrors transportErrors, HealthCheck health, CharterConfig config) {
        handlers.set(endpoint, s3, transportErrors, health);
        webServer.start();
        if (!webServer.isRunning()) {
            // The HTTP library logs a failed bind and returns; a server that does not listen must not say it does.
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port());
        }
    }

    /**
     * The HTTP server, built but not started: requests reach {@code handlers}, which are set before it
     * starts. Framing is checked and the header and body timeouts kept ({@link MessageFraming},
     * {@link RequestDeadlines}) before a request is routed; every refusal of the HTTP layer is
     * answered by {@code handlers} with an AWS error, and the connection closed.
     */
    private static WebServer webServer(CharterConfig config, RequestHandlers handlers, RequestDeadlines deadlines) {
        HttpLimits limits = config.httpLimits();
        Http1Config http1 = Http1Config.builder()
                .maxHeadersSize(TRANSPORT_HEADER_BYTES)
                .maxPrologueLength(TRANSPORT_HEADER_BYTES)
                .addReceiveListener(ConnectionListeners.of(deadlines, new MessageFraming(MAX_HEADER_BYTES)))
                .addSendListener(deadlines)
                .build();
        return WebServer.builder()
                .host(config.host())
                .port(config.port())
                // S3's bodies: the query and JSON services keep their own limit (ApiEndpoint).
                .maxPayloadSize(S3_MAX_BODY_BYTES)
                // Bodies reach the endpoints as sent: S3's aws-chunked coding is S3's to decode and
                // verify, and no other content coding is decoded (AWS's query services decode none).
                .contentEncoding(new BodiesAsSent())
                .shutdownGracePeriod(config.shutdownGrace())
                .maxTcpConnections(limits.maxConnections())
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(idlePeriod(limits.idleTimeout()))
                // The one selector: HTTP/1.0 answered, the rest to HTTP/1 (no protocol discovered besides).
                .protocolsDiscoverServices(false)
                .addConnectionSelector(new Http1Connections(http11(http1), handlers, handlers, TRANSPORT_HEADER_BYTES))
                // Refused requests are logged, with their cause, only at FINE (io.helidon.webserver.http1).
                .errorHandling(ErrorHandling.builder().logAllMessages(true).build())
                .directHandlers(d -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        d.addHandler(type, handlers);
                    }
                })
                .routing(routing -> routing
                        .addFilter((chain, req, res) -> {
                            chain.proceed();
                            if (res.isSent() && res.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
                                // The library would keep waiting for another request; this ends the
                                // connection through its own path, which logs nothing.
                                throw new CloseConnectionException("answered with Connection: close");
                            }
                        })
                        .get("/health", (req, res) -> {
                            if (!req.query().isEmpty() || req.headers().contains(HeaderNames.AUTHORIZATION)) {
                                // An S3 request for a bucket named health (GET /health?list-type=2, signed).
                                handlers.handle(req, res);
                                return;
                            }
                            HealthCheck.Answer answer = handlers.check();
                            res.status(Status.create(answer.status()));
                            res.header(HeaderNames.CONTENT_TYPE, "application/json");
                            res.send(answer.json().getBytes(StandardCharsets.UTF_8));
                        })
                        .any(handlers))
                .build();
    }

    /** The library's HTTP/1 selector for {@code config}, which the server wraps rather than discovers. */
    @SuppressWarnings("deprecation") // the provider's constructor is public for the service loader, and for this
    private static ServerConnectionSelector http11(Http1Config config) {
        return new Http1ConnectionProvider().create(WebServer.DEFAULT_SOCKET_NAME, config,
                ProtocolConfigs.create(List.of(config)));
    }

    /** How often idle connections are looked for: a quarter of the idle timeout, at most every 10 s. */
    private static Duration idlePeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
    }

    /**
     * The API endpoint, the transport-error handler and the health check, for a web server built before they exist
     * (they need the store). {@link #set} is called before the server starts, and the server's
     * threads start after that, so every request finds them set.
     */
    private static final class RequestHandlers implements Handler, DirectHandler, HealthCheck {
        private ApiEndpoint endpoint;
        private S3Endpoint s3;
        private DirectHandler transportErrors;
        private HealthCheck health;

        void set(ApiEndpoint endpoint, S3Endpoint s3, DirectHandler transportErrors, HealthCheck health) {
            this.endpoint = endpoint;
            this.s3 = s3;
            this.transportErrors = transportErrors;
            this.health = health;
        }

        @Override
        public Answer check() {
            return health.check();
        }

        @Override
        public void handle(ServerRequest request, ServerResponse response) {
            if (s3.accepts(request)) {
                s3.handle(request, response);
            } else {
                endpoint.handle(request, response);
            }
        }

        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                ServerResponseHeaders headers, String message) {
            return transportErrors.handle(request, eventType, status, headers, message);
        }
    }

    private static void writeCredentialsFile(Path file, NewAccessKey key) {
        try {
            OwnerOnlyFiles.write(file, "[default]\n"
                    + "aws_access_key_id = " + key.accessKeyId() + "\n"
                    + "aws_secret_access_key = " + key.secretAccessKey() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials file " + file, e);
        }
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return webServer.port();
    }

    public String endpoint() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /** The root key created by this start's bootstrap; empty when the store existed already. */
    public Optional<NewAccessKey> bootstrapKey() {
        return bootstrapKey;
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    /** The IAM state: the current snapshot, and how it is followed and reloaded. */
    public Directory directory() {
        return domain.directory();
    }

    /** The domain layer (what tests and the benchmarks' seeding write through). */
    public Domain domain() {
        return domain;
    }

    /**
     * Catches up now with changes other nodes made to the shared store (this also happens every
     * {@link StoreFollower#INTERVAL}); returns whether there were any.
     */
    public boolean followStore() {
        return follower.follow();
    }

    /**
     * The request path's collaborators as wired by {@link #start}, so that the in-process benchmarks
     * (module bench) measure exactly what the HTTP endpoint runs, without a second copy of the wiring.
     */
    public record RequestPath(ApiEndpoint endpoint, Authenticator authenticator, Authorizer authorizer,
            ServiceRegistry registry) {
    }

    public RequestPath requestPath() {
        return requestPath;
    }

    /** The audit trail's writer: its counts (committed, refused, failed). */
    public AuditLog auditLog() {
        return audit.log();
    }

    /** The audit trail read back (LookupEvents' pages, pruning). */
    public AuditTrail auditTrail() {
        return audit.trail();
    }

    /**
     * Delivers the trails' log files (and digest files when an hour ended) now, at the injected
     * clock's time, as the maintenance thread does every {@link #TRAIL_DELIVERY_INTERVAL}.
     */
    public TrailDelivery.Run deliverTrails() {
        return trailDelivery.run();
    }

    /** Starts the S3 object store now rather than on the first S3 request ({@code charter serve} does). */
    public void startObjectStore() {
        objectStore.start();
    }

    /** The object store underneath S3 (the benchmark measures it alone). */
    public ObjectStore objectStore() {
        return objectStore;
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        notifications.ifPresent(ChangeNotifications::close);
        try {
            webServer.stop();
            objectStore.close();
        } finally {
            audit.close(); // the answered requests' records are committed already; this stops the writer
            deadlines.close();
            try {
                usage.close(); // the last uses reach the store before it closes
            } finally {
                database.close();
            }
        }
    }
}
