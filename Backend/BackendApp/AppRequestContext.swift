import Hummingbird
import Logging
import NIOCore

/// Per-request state: Hummingbird's core context plus the request id and the body limit in force.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id (`X-Request-Id`), set by `RequestIdMiddleware` before anything else runs.
    public var requestId: String
    /// Largest body an API route collects, set from `ServerConfiguration.maxBodyBytes`.
    public var maxBodyBytes: Int
    /// The peer's address, for logs and per-IP limits.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.maxBodyBytes = 1 << 20
        self.remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }
}
