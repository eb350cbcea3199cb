import AsyncHTTPClient
import BackendCore
import BackendStore
import Foundation
import Hummingbird
import Logging
import Prometheus
import RelaySync
import ServiceLifecycle

/// Builds the whole backend from configuration: database (migrated), blob store, job queue, router,
/// and the services that run beside the HTTP server. `relay-backend serve` and the tests both call this.
package func buildApplication(
    configuration: BackendConfiguration, logger: Logger, registry: PrometheusCollectorRegistry,
    jobHandlers: JobHandlers? = nil, passwordHasher: PasswordHasher = PasswordHasher()
) async throws -> some ApplicationProtocol {
    let services = try await buildServices(configuration: configuration, logger: logger, passwordHasher: passwordHasher)
    let router = buildRouter(services: services, registry: registry)
    let lifecycle = buildLifecycleServices(role: .server, services: services, logger: logger, jobHandlers: jobHandlers)
    return Application(
        router: router,
        server: .relayHTTP(router: router),
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "relay-backend"),
        services: lifecycle,
        onServerRunning: { channel in
            logger.info(
                "relay-backend listening",
                metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                    "database": "\(configuration.database)", "blob_store": "\(services.blobStore.kind)",
                    "worker": "\(configuration.workerMode)",
                ])
        },
        logger: logger)
}

/// Opens and migrates the database and builds the blob store and job queue.
package func buildServices(
    configuration: BackendConfiguration, logger: Logger, passwordHasher: PasswordHasher = PasswordHasher()
) async throws -> AppServices {
    let database = try await RelayDatabase.open(configuration.database, logger: logger)
    do {
        try await database.migrate()
        let blobStore = try makeBlobStore(configuration: configuration)
        let authRepository = SQLAuthRepository(database: database)
        let tokens = TokenService(
            issuer: configuration.server.publicURL, repository: authRepository,
            configuredKeyPEM: configuration.auth.signingKeyPEM)
        try await tokens.start()
        let oidc = configuration.auth.oidc.map {
            OIDCVerifier(configuration: $0, httpClient: HTTPClient.shared, logger: logger)
        }
        let admin = AdminService(repository: FluentAdminRepository(database: database), hasher: passwordHasher)
        let auth = AuthService(
            configuration: configuration.auth, tokens: tokens, repository: authRepository, admin: admin, oidc: oidc,
            hasher: passwordHasher, throttle: LoginThrottle(rule: configuration.rateLimits.account),
            apiKeys: APIKeyService(repository: SQLAPIKeyRepository(database: database)))
        let jobQueue = SQLJobQueue(database: database)
        let capture = CaptureService(
            repository: SQLCaptureRepository(database: database), admin: FluentAdminRepository(database: database),
            blobStore: blobStore)
        let bus: any EventBus
        if case .postgres(let url) = configuration.database {
            bus = try PostgresEventBus(database: database, url: url, logger: logger.with(label: "events"))
        } else {
            bus = LocalEventBus()
        }
        let workRoot = URL(fileURLWithPath: configuration.dataDir).appendingPathComponent("work", isDirectory: true)
        let video = VideoService(
            repository: SQLVideoRepository(database: database), blobStore: blobStore, jobQueue: jobQueue, bus: bus,
            configuration: configuration.video, workRoot: workRoot)
        let multicam = MulticamService(
            repository: SQLMulticamRepository(database: database), syncRepository: SQLSyncRepository(database: database),
            blobStore: blobStore, jobQueue: jobQueue, bus: bus,
            configuration: configuration.multicam,
            syncConfiguration: SyncConfiguration(searchRangeSeconds: Double(configuration.multicam.syncSearchRangeSeconds)),
            ffmpegPath: configuration.video.ffmpegPath,
            ffprobePath: configuration.video.ffprobePath, mediaLimits: configuration.video.limits, workRoot: workRoot)
        let analyzer = try AnalyzerService(
            repository: SQLAnalysisRepository(database: database), files: SQLAnalyzerFileRepository(database: database),
            batches: SQLAnalysisBatchRepository(database: database), queues: SQLAnalyzerQueueRepository(database: database),
            waveforms: SQLWaveformRepository(database: database), blobStore: blobStore,
            dataDir: configuration.dataDir,
            configuration: configuration.analyzer, jobQueue: jobQueue, ffmpegPath: configuration.video.ffmpegPath,
            ffprobePath: configuration.video.ffprobePath, logger: logger.with(label: "analyzer"))
        return AppServices(
            configuration: configuration, database: database, blobStore: blobStore, jobQueue: jobQueue, logger: logger,
            auth: auth, capture: capture, video: video, multicam: multicam, analyzer: analyzer, bus: bus)
    } catch {
        await database.shutdown()
        throw error
    }
}

/// The configured blob store.
package func makeBlobStore(configuration: BackendConfiguration) throws -> any BlobStore {
    switch configuration.blobStore {
    case .local(let root):
        let secret = try BlobSigningSecret.load(
            configured: configuration.blobSigningKey, dataDir: configuration.dataDir)
        return try LocalBlobStore(
            root: URL(fileURLWithPath: root), publicBaseURL: configuration.server.publicURL,
            signer: LocalBlobURLSigner(secret: secret))
    case .s3(let s3):
        return try S3BlobStore(configuration: s3, httpClient: HTTPClient.shared)
    }
}

/// Every route and middleware. Middleware order, outermost first: metrics, request id + access log,
/// bearer-token verification (identity into the context), rate limits, error rendering, body limit; `AuthMiddleware` on the route groups that need a caller.
/// Health, account and video routes are mounted at their seeds' own bases as well (`SeedBasePaths`).
package func buildRouter(services: AppServices, registry: PrometheusCollectorRegistry) -> Router<AppRequestContext> {
    let routeTable = RouteTable()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestIdMiddleware(maxBodyBytes: services.configuration.server.maxBodyBytes))
    router.add(middleware: BearerIdentityMiddleware(auth: services.auth))
    router.add(middleware: RateLimitMiddleware(
        policy: services.configuration.rateLimits, limiter: services.rateLimiter,
        trustedProxies: services.configuration.server.trustedProxies))
    router.add(middleware: ErrorMiddleware(routes: routeTable))
    router.add(middleware: BodyLimitMiddleware())

    // Seeds whose clients name another base get the same handlers there too (`SeedBasePaths`).
    let seedAPIBase = router.group(RouterPath(SeedBasePaths.apiV1))
    let health = HealthController(services: services)
    health.addRoutes(to: router.group(RouterPath(SeedBasePaths.canonical)))
    health.addRoutes(to: seedAPIBase)
    MetricsController(registry: registry, jobQueue: services.jobQueue).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    let authController = AuthController(auth: services.auth)
    authController.addRoutes(to: router)
    authController.addAccountRoutes(to: seedAPIBase.group("auth"))
    AdminController(auth: services.auth, bus: services.bus).addRoutes(to: router)
    let watchdog = WebSocketAuthWatchdog(
        auth: services.auth, recheck: services.configuration.auth.webSocketRecheckInterval, logger: services.logger.with(label: "websocket"))
    let api = router.group(RouterPath(SeedBasePaths.canonical)).add(middleware: AuthMiddleware(auth: services.auth))
    SessionsController(capture: services.capture, auth: services.auth).addRoutes(to: api)
    CaptureController(capture: services.capture).addRoutes(to: api)
    let video = VideoController(
        video: services.video, auth: services.auth,
        uploadFolder: URL(fileURLWithPath: services.configuration.dataDir).appendingPathComponent("tmp/uploads", isDirectory: true),
        watchdog: watchdog)
    video.addRoutes(to: api)
    video.addRoutes(to: router.group().add(middleware: AuthMiddleware(auth: services.auth)))
    video.addPlaybackRoutes(to: router)
    video.addListRoutes(to: api)
    let analyzer = AnalyzerController(analyzer: services.analyzer)
    let analyzerBatches = AnalyzerBatchController(
        analyzer: services.analyzer,
        uploadFolder: URL(fileURLWithPath: services.configuration.dataDir).appendingPathComponent("tmp/uploads", isDirectory: true))
    for group in [api, router.group(RouterPath(SeedBasePaths.apiV1)).add(middleware: AuthMiddleware(auth: services.auth))] {
        analyzer.addRoutes(to: group)
        analyzerBatches.addRoutes(to: group)
        AnalyzerDashboardController(analyzer: services.analyzer).addRoutes(to: group)
        AnalyzerWaveformController(analyzer: services.analyzer).addRoutes(to: group)
    }
    MulticamController(multicam: services.multicam, watchdog: watchdog)
        .addRoutes(to: router.group("/v2").add(middleware: AuthMiddleware(auth: services.auth)))
    let configuration = services.configuration
    let mediaOrigin: String? = switch configuration.blobStore {
    case .local: WebSecurityHeaders.origin(of: configuration.server.publicURL)
    case .s3(let s3): WebSecurityHeaders.origin(of: s3.publicEndpoint.absoluteString)
    }
    WebAppController(catalog: .bundled(), security: WebSecurityHeaders(mediaOrigins: mediaOrigin.map { [$0] } ?? []))
        .addRoutes(to: router)
    let webSession = WebSessionController(
        auth: services.auth, secureCookie: configuration.server.publicURL.lowercased().hasPrefix("https:"),
        publicOrigin: WebSecurityHeaders.origin(of: configuration.server.publicURL))
    webSession.addRoutes(to: router)
    let webOIDC = configuration.auth.oidc.flatMap {
        $0.webSignIn ? OIDCWebFlow(configuration: $0, httpClient: .shared, logger: services.logger.with(label: "oidc")) : nil
    }
    let publicBase = configuration.server.publicURL.hasSuffix("/") ? String(configuration.server.publicURL.dropLast()) : configuration.server.publicURL
    WebOIDCController(auth: services.auth, flow: webOIDC, session: webSession, redirectURI: publicBase + WebOIDCController.path + "/callback")
        .addRoutes(to: router)
    if let local = services.blobStore as? LocalBlobStore {
        BlobController(store: local, maxBlobBytes: services.configuration.server.maxBlobBytes).addRoutes(to: router)
    }

    routeTable.set(router.routes.map { (method: $0.method.rawValue, path: $0.path.description) })
    return router
}

extension Logger {
    /// A copy with another label (same handler and metadata).
    func with(label: String) -> Logger {
        var logger = Logger(label: label, factory: { _ in self.handler })
        logger.logLevel = self.logLevel
        return logger
    }
}
