import BackendCore
import BackendStore
import Logging

/// The backend's dependencies, built once from configuration and handed to controllers.
public struct AppServices: Sendable {
    public let configuration: BackendConfiguration
    public let database: RelayDatabase
    public let blobStore: any BlobStore
    public let jobQueue: any JobQueue
    public let logger: Logger
    public let auth: AuthService
    public let rateLimiter: TokenBucketLimiter
    public let capture: CaptureService
    public let video: VideoService
    public let multicam: MulticamService
    public let bus: any EventBus

    public init(
        configuration: BackendConfiguration, database: RelayDatabase, blobStore: any BlobStore, jobQueue: any JobQueue,
        logger: Logger, auth: AuthService, capture: CaptureService, video: VideoService, multicam: MulticamService, bus: any EventBus,
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
        self.bus = bus
    }
}
