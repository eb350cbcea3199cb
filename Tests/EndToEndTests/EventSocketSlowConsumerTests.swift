import BackendCore
import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization
import Testing
import TestSupport

/// A session event WebSocket whose client stops reading is dropped by policy, not kept with a growing
/// buffer: live server, real sockets, 24 MB of events (more than the loopback socket buffers hold). A
/// client reading alongside it on the same session gets every event in order and is not affected.
@Suite("Event WebSocket: slow consumers", .serialized)
struct EventSocketSlowConsumerTests {
    /// What one test client saw.
    final class Seen: Sendable {
        let count = Atomic<Int>(0)
        let inOrder = Atomic<Bool>(true)
    }

    @Test("a client that stops reading is cut off (1013 or dropped); the reading one gets all 6,000 events in order")
    func stalledClient() async throws {
        try await WebSocketAuthTests.serve("sqlite") { world in
            let bus = try #require(world.services.bus as? LocalEventBus)
            let session = try await MulticamClient(base: world.base, token: world.adminToken).createSession()
            let path = "/v2/sessions/\(session)/events"
            let channel = MulticamService.channel(try #require(UUID(uuidString: session)))
            let total = 6_000
            let padding = String(repeating: "x", count: 4_000)
            let url = world.base.replacingOccurrences(of: "http://", with: "ws://") + path
            let configuration = WebSocketClientConfiguration(additionalHeaders: [.authorization: "Bearer \(world.adminToken)"])
            let reader = Seen(), stalled = Seen()
            let (resume, resumeSignal) = AsyncStream<Void>.makeStream()

            let (stalledClose, readerClose) = try await withThrowingTaskGroup(of: (String, WebSocketCloseFrame?).self) { group in
                group.addTask {
                    let frame = try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "reader")) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = message else { continue }
                            let seq = Self.sequence(text)
                            if seq != reader.count.load(ordering: .relaxed) { reader.inOrder.store(false, ordering: .relaxed) }
                            if reader.count.add(1, ordering: .releasing).newValue == total { return }
                        }
                    }
                    return ("reader", frame)
                }
                group.addTask {
                    // Connects, then reads nothing until every event is published; then reads what reached it.
                    let frame = try? await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "stalled")) { inbound, _, _ in
                        for await _ in resume { break }
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            if case .text = message { stalled.count.add(1, ordering: .relaxed) }
                        }
                    }
                    return ("stalled", frame ?? nil)
                }
                group.addTask {
                    let deadline = ContinuousClock.now + .seconds(30)
                    while bus.subscriberCount(channel) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                    try #require(bus.subscriberCount(channel) == 2, "both sockets subscribed")
                    for seq in 0..<total {
                        // The reader keeps up; the publisher never runs more than 64 events ahead of it.
                        while seq - reader.count.load(ordering: .acquiring) >= 64 { try await Task.sleep(for: .milliseconds(1)) }
                        await bus.publish(channel, #"{"type":"test.tick","seq":\#(seq),"pad":"\#(padding)"}"#)
                    }
                    let cutOff = ContinuousClock.now + .seconds(30)
                    while bus.cutOffCount == 0, ContinuousClock.now < cutOff { try await Task.sleep(for: .milliseconds(20)) }
                    resumeSignal.yield()
                    resumeSignal.finish()
                    return ("publisher", nil)
                }
                var closes: [String: WebSocketCloseFrame?] = [:]
                for try await (name, frame) in group { closes[name] = frame }
                return (closes["stalled"] ?? nil, closes["reader"] ?? nil)
            }
            _ = readerClose
            #expect(reader.count.load(ordering: .relaxed) == total && reader.inOrder.load(ordering: .relaxed), "the reading client got every event in order")
            #expect(bus.cutOffCount == 1, "exactly one subscriber was cut off")
            let got = stalled.count.load(ordering: .relaxed)
            print("stalled client: \(got) of \(total) events, then \(stalledClose.map { "close \($0.closeCode)" } ?? "the connection dropped")")
            #expect(got < total, "the stalled client did not get everything: \(got)")
            if let stalledClose {
                #expect(stalledClose.closeCode == .unknown(1013), "\(stalledClose)")
                #expect(stalledClose.reason?.contains("too slow") == true)
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while bus.subscriberCount(channel) > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(bus.subscriberCount(channel) == 0, "both sockets gone, nothing left subscribed")
        }
    }

    /// The `seq` of a test event.
    static func sequence(_ text: String) -> Int {
        guard let range = text.range(of: #""seq":"#) else { return -1 }
        return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
    }
}
