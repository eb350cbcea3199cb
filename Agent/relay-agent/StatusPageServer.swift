import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `relay-agent status --serve ADDRESS`: the local status page (`StatusPage`) on a loopback address until
/// the process is stopped. It reads the state directory as `status` does, so it runs beside the daemon (as
/// the same user) or without it.
struct StatusPageServer {
    let address: LoopbackAddress
    let refreshSeconds: Double
    let read: @Sendable () throws -> StatusReport

    init(address: LoopbackAddress, refreshSeconds: Double, read: @escaping @Sendable () throws -> StatusReport) {
        self.address = address
        self.refreshSeconds = refreshSeconds
        self.read = read
    }

    func run() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer {
            try? group.syncShutdownGracefully()
            try? pool.syncShutdownGracefully()
        }
        let page = StatusPage(refreshSeconds: refreshSeconds, read: read)
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // A connection idle for 10 s is closed: a local process cannot hoard descriptors.
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: .seconds(10)))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(StatusPageHandler(page: page, pool: pool))
                }
            }
            // An address, never a name to resolve (`LoopbackAddress` rebuilt it from numbers).
            .bind(to: try SocketAddress(ipAddress: address.host, port: address.port)).wait()
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        let line = "serving the status page at http://\(host):\(channel.localAddress?.port ?? address.port)/ (and /status.json) until stopped\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        try channel.closeFuture.wait()
    }
}
