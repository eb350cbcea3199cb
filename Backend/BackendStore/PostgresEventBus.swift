import BackendCore
import FluentPostgresDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

/// The `EventBus` of a PostgreSQL deployment: `publish` is `pg_notify` on one channel, and every
/// process LISTENs on a dedicated connection and fans the notifications out to its own subscribers,
/// so an event published by any API or worker process reaches WebSockets held by every other one.
///
/// `run()` keeps the LISTEN connection alive (reconnecting with backoff) until its task is cancelled.
/// Until it has connected, and whenever NOTIFY fails, events are delivered in-process only.
package final class PostgresEventBus: EventBus {
    package static let channelName = "relay_events"

    private let local = LocalEventBus()
    /// Whether this process's LISTEN is up (then its own notifications come back through it).
    private let listening = Mutex(false)
    private let database: RelayDatabase
    private let configuration: SQLPostgresConfiguration
    private let logger: Logger

    package init(database: RelayDatabase, url: String, logger: Logger) throws {
        self.database = database
        self.configuration = try SQLPostgresConfiguration(url: url)
        self.logger = logger
    }

    struct Envelope: Codable {
        /// Bus channel.
        var c: String
        /// Message.
        var m: String
    }

    package func publish(_ channel: String, _ message: String) async {
        let payload = String(decoding: (try? JSONEncoder().encode(Envelope(c: channel, m: message))) ?? Data(), as: UTF8.self)
        // NOTIFY payloads are limited to 8,000 bytes; events are far smaller, but never lose one to it.
        guard payload.utf8.count < 7900 else {
            await local.publish(channel, message)
            return
        }
        do {
            try await database.sql.raw("SELECT pg_notify(\(bind: Self.channelName), \(bind: payload))").run()
            if !listening.withLock({ $0 }) { await local.publish(channel, message) }
        } catch {
            logger.warning("NOTIFY failed; delivering in this process only", metadata: ["error": "\(error)"])
            await local.publish(channel, message)
        }
    }

    package func subscribe(_ channel: String, capacity: Int) -> EventSubscription {
        local.subscribe(channel, capacity: capacity)
    }

    /// Subscribers in this process cut off for falling behind.
    package var cutOffCount: Int { local.cutOffCount }

    /// Whether the LISTEN connection is up (tests wait for it).
    package var isListening: Bool { listening.withLock { $0 } }

    /// LISTENs until cancelled, reconnecting after failures (1 s, doubling to 10 s).
    package func run() async {
        var delay: Duration = .seconds(1)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.coreConfiguration, id: 1,
                    logger: logger
                ).get()
                delay = .seconds(1)
                do {
                    try await connection.listen(on: Self.channelName) { notifications in
                        listening.withLock { $0 = true }
                        defer { listening.withLock { $0 = false } }
                        logger.debug("listening for events", metadata: ["channel": "\(Self.channelName)"])
                        for try await notification in notifications {
                            guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(notification.payload.utf8)) else { continue }
                            await local.publish(envelope.c, envelope.m)
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("event LISTEN connection lost", metadata: ["error": "\(error)"]) }
                }
                try? await connection.close()
            } catch {
                if !Task.isCancelled { logger.warning("event LISTEN connection failed", metadata: ["error": "\(error)"]) }
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(10))
        }
    }
}
