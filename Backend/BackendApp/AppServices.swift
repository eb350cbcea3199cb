import BackendCore
import BackendStore
import Logging

/// The backend's dependencies, built once from configuration and handed to controllers.
package struct AppServices: Sendable {
    package let configuration: BackendConfiguration
    package let database: RelayDatabase
    package let blobStore: any BlobStore
    package let jobQueue: any JobQueue
    package let logger: Logger
    package let auth: AuthService
    package let rateLimiter: TokenBucketLimiter
    package let capture: CaptureService
    package let video: VideoService
    package let multicam: MulticamService
    package let analyzer: AnalyzerService
    package let bus: any EventBus

    package init(
        configuration: BackendConfiguration, database: RelayDatabase, blobStore: any BlobStore, jobQueue: any JobQueue,
        logger: Logger, auth: AuthService, capture: CaptureService, video: VideoService, multicam: MulticamService, analyzer: AnalyzerService, bus: any EventBus,
        rateLimiter: TokenBucketLimiter = TokenBucketLimiter()
    ) {
        self.configuration = configuration
        self.database = database
        self.blobStore = blobStore
        self.jobQueue = jobQueue
        self.logger = logger
        self.auth = auth
        self.rateLimiter = rateLimiter
        self.capture = capture
        self.video = video
        self.multicam = multicam
        self.analyzer = analyzer
        self.bus = bus
    }
}
