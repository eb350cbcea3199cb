import BackendCore
import Foundation
import HummingbirdWebSocket
import NIOCore

/// One client's status WebSocket (seed 003): the current status at once, then every change, then a
/// normal close after READY or FAILED.
///
/// Changes wake it through the event bus; it also re-reads the database every `recheck` so changes made
/// by another process (a separate worker) arrive too. The database is the only source of truth.
struct VideoStatusStream {
    let video: VideoService
    let id: UUID
    var recheck: Duration = .seconds(1)

    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    struct Message: Encodable {
        let videoId: String
        let state: String
        let timestamp: String
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        // Subscribe before the first read so no change slips between the two.
        let wakeups = video.bus.subscribe(VideoService.channel(id))
        let (ticks, tick) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var current = wakeups
                while !Task.isCancelled {
                    for await _ in current { tick.yield() }
                    // Cut off for falling behind (the bus's policy): follow again and re-read once.
                    current = video.bus.subscribe(VideoService.channel(id))
                    tick.yield()
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: recheck)
                    tick.yield()
                }
            }
            group.addTask {
                // The client may close at any time: that ends the stream.
                for try await _ in inbound {}
                tick.finish()
            }
            group.addTask {
                defer { tick.finish() }
                var sent: VideoRecord.State?
                var iterator = ticks.makeAsyncIterator()
                repeat {
                    guard let current = try await video.repository.video(id: id) else { return }
                    if current.state != sent {
                        let message = Message(
                            videoId: id.uuidString.lowercased(), state: current.state.rawValue,
                            timestamp: current.updatedAt.formatted(Self.timestampStyle))
                        try await outbound.write(.text(String(decoding: try JSONEncoder().encode(message), as: UTF8.self)))
                        sent = current.state
                    }
                    if current.state.isTerminal {
                        try await outbound.close(.normalClosure, reason: "terminal state \(current.state.rawValue)")
                        return
                    }
                } while await iterator.next() != nil
            }
            // The push loop ends on a terminal state or when the client leaves; stop the helpers then.
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
