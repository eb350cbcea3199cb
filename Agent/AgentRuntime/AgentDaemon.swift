import AgentCore
import AgentStore
import Foundation
import Logging
import RelayAPI
import RelayClient
import RelayConcurrency

/// `relay-agent run`: intake (scan at start, inotify, periodic rescan) → QC → queue → uploads through
/// presigned URLs → events, with a heartbeat, token refresh and systemd notifications, until the task is
/// cancelled (SIGTERM). Everything it knows is in the queue database, so a `kill -9` at any moment is
/// resumed from the last committed step.
public struct AgentDaemon: Sendable {
    public let configuration: AgentConfiguration
    public let store: UploadQueueStore
    let keeper: TokenKeeper
    let contact = ContactRecorder()
    let notifier = SystemdNotifier()
    let logger: Logger
    /// Seconds between outbox drains and status flushes.
    let tick: Duration = .milliseconds(500)

    public init(configuration: AgentConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let credentialStore = CredentialStore(stateDirectory: configuration.stateDirectory)
        guard let credentials = try credentialStore.load() else {
            throw AgentError("not enrolled: no \(credentialStore.file.path). Run `relay-agent enroll` first.")
        }
        for folder in configuration.allFolders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AgentError("watch folder \(folder.path) does not exist")
            }
        }
        store = try UploadQueueStore.open(at: configuration.queueDatabase)
        keeper = TokenKeeper(
            credentials: credentials, enrollment: Enrollment(store: credentialStore),
            refreshBefore: configuration.tokenRefreshBeforeSeconds)
    }

    public func run() async throws {
        let intake = IntakeScanner(store: store, configuration: configuration, logger: logger)
        let limiter = BandwidthLimiter(bytesPerSecond: configuration.bandwidthLimit)
        let step = UploadStep(
            store: store, keeper: keeper, qc: EdgeQC(thresholds: configuration.qc), put: PresignedPut(limiter: limiter),
            configuration: configuration, contact: contact, logger: logger)
        let poster = EventPoster(store: store, keeper: keeper, contact: contact, logger: logger)
        let board = WorkBoard(store: store)
        let watchers =
            try configuration.watchFolders.map { try FolderWatcher(root: $0) }
            + configuration.recordingFolders.map { try FolderWatcher(root: $0, depth: 2) }
        defer { watchers.forEach { $0.stop() } }
        try await store.setStatus(["daemon_pid": String(getpid()), "daemon_started": ISO8601DateFormatter().string(from: Date())])

        // Waits for an upload window are worked out again with the windows configured now.
        let woken = try await store.wakePostponed()
        if woken > 0 { logger.info("\(woken) queued files were waiting for an upload window; checking them against the current windows") }
        // Hashing new files can take minutes (a recording): off the cooperative threads.
        let intakePool = OffCooperativePool(label: "relay-agent.intake")
        let queued = try await intakePool.run { _ in intake.scanAll() }
        logger.info("relay-agent \(RelayVersion.current) watching \(configuration.allFolders.map(\.path).joined(separator: ", ")); \(queued) new files")
        notifier.ready(status: try statusLine())

        // Earliest and latest moment a watched change is settled; a scan runs at the earliest, and again at
        // the latest when changes kept coming.
        let schedule = ScanSchedule()
        // Files still settling at the first scan raise no more events: look again once they are settled.
        schedule.changed(settledAt: Date().addingTimeInterval(configuration.settleSeconds + 0.25))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for watcher in watchers {
                group.addTask {
                    for await _ in watcher.changes() {
                        schedule.changed(settledAt: Date().addingTimeInterval(configuration.settleSeconds + 0.25))
                    }
                }
            }
            group.addTask {
                var lastFull = Date()
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(250))
                    let now = Date()
                    let watched = schedule.takeDue(now: now)
                    if watched || now.timeIntervalSince(lastFull) >= configuration.rescanSeconds {
                        _ = try await intakePool.run { _ in intake.scanAll(now: now) }
                        if !watched { lastFull = now }
                    }
                }
            }
            // QC has its own worker: it needs no network, so an operator hears about a bad frame at once
            // even while the uploads wait for the backend.
            group.addTask { try await work(board: board, step: step, states: [.discovered], network: false) }
            for _ in 0..<configuration.concurrency {
                group.addTask { try await work(board: board, step: step, states: [.qcDone, .presigned, .uploaded], network: true) }
            }
            group.addTask {
                while !Task.isCancelled {
                    // Offline or refused: the upload workers probe the backend; the outbox just waits.
                    if contact.offlineWait() == nil, await keeper.refusal == nil {
                        do { try await poster.drain() } catch { logger.notice("events not posted: \(error)") }
                    }
                    try await Task.sleep(for: .seconds(2))
                }
            }
            if let hours = configuration.deleteOriginalsAfterHours {
                let janitor = OriginalsJanitor(store: store, afterHours: hours, roots: configuration.allFolders, logger: logger)
                let pool = OffCooperativePool(label: "relay-agent.originals")
                group.addTask {
                    while !Task.isCancelled {
                        do { try await pool.run { isCancelled in try janitor.sweep(isCancelled: isCancelled) } } catch is CancellationError {
                            return
                        } catch {
                            logger.error("originals not swept: \(Self.describe(error))")
                        }
                        try await Task.sleep(for: .seconds(5))
                    }
                }
            }
            group.addTask { try await heartbeats() }
            group.addTask { try await statusLoop() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// One worker: claims due items in `states` and runs their next step, until cancelled. Network
    /// workers pause together while the backend is unreachable.
    func work(board: WorkBoard, step: UploadStep, states: [UploadState], network: Bool) async throws {
        while !Task.isCancelled {
            if network, let wait = contact.offlineWait() {
                try await Task.sleep(for: .seconds(min(wait, 1)))
                continue
            }
            let item: UploadItem?
            do {
                item = try await board.claim(states)
            } catch {
                logger.error("queue unreadable: \(error)")
                try await Task.sleep(for: .seconds(5))
                continue
            }
            guard let item else {
                try await Task.sleep(for: .milliseconds(300))
                continue
            }
            do {
                try await step.run(item)
            } catch is CancellationError {
                await board.release(item.id)
                return
            } catch {
                logger.error("\(item.path): \(Self.describe(error)); retrying in 30 s")
                try? await store.postpone(id: item.id, expected: item.state, until: Date().addingTimeInterval(30))
                if Self.isDiskFull(error) { try await Task.sleep(for: .seconds(5)) }
            }
            await board.release(item.id)
        }
    }

    /// A heartbeat event per period, with the queue's figures.
    func heartbeats() async throws {
        while !Task.isCancelled {
            let deviceId = await keeper.credentials.deviceId
            let counts = (try? store.counts()) ?? [:]
            let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
            let meta: [String: JSONValue] = [
                "version": .string(RelayVersion.current), "queued": .number(Double(pending)),
                "bytes_pending": .number(Double((try? store.bytesPending()) ?? 0)),
                "rejected": .number(Double(counts[.rejected] ?? 0)),
            ]
            let now = Date()
            let metaJSON = String(decoding: (try? JSONEncoder().encode(meta)) ?? Data(), as: UTF8.self)
            do {
                try await store.enqueue(events: [
                    OutboxEvent(
                        idempotencyKey: "relay-agent.heartbeat.\(deviceId).\(Int(now.timeIntervalSince1970))", entityType: "device",
                        entityId: deviceId, type: "heartbeat", meta: metaJSON, createdAt: now.timeIntervalSince1970)
                ])
            } catch {
                logger.error("heartbeat not queued: \(Self.describe(error))")
            }
            try await Task.sleep(for: .seconds(configuration.heartbeatSeconds))
        }
    }

    /// Flushes what the daemon knows to the status table (for `relay-agent status`), tells systemd, and
    /// pings the watchdog while the queue database answers.
    func statusLoop() async throws {
        let watchdog = notifier.watchdogInterval()
        var lastPing = ContinuousClock.now
        while !Task.isCancelled {
            do {
                var values = contact.snapshot()
                let credentials = await keeper.credentials
                values["auth"] = await keeper.refusal ?? "ok"
                values["token_expires_at"] = ISO8601DateFormatter().string(from: credentials.expiresAt)
                values["daemon_seen"] = ISO8601DateFormatter().string(from: Date())
                values["upload_window"] = configuration.uploadWindows.isOpen(at: Date()) ? "open" : "closed"
                values["state_error"] = ""
                try await store.setStatus(values)
                notifier.status(try statusLine())
                if let watchdog, ContinuousClock.now - lastPing >= watchdog {
                    notifier.watchdog()
                    lastPing = .now
                }
            } catch {
                // No ping: if the database stays unwritable systemd restarts us, which is the right call.
                let reason = Self.describe(error)
                logger.error("status not recorded: \(reason)")
                notifier.status("error: \(reason)")
            }
            try await Task.sleep(for: .seconds(2))
        }
    }

    func statusLine() throws -> String {
        let counts = try store.counts()
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        let megabytes = Double(try store.bytesPending()) / 1_000_000
        return String(
            format: "%d queued (%.1f MB), %d uploaded, %d rejected, %d events to post", pending, megabytes, counts[.acknowledged] ?? 0,
            counts[.rejected] ?? 0, try store.outboxCount())
    }

    /// SQLite's "database or disk is full" (SQLITE_FULL, code 13).
    static func isDiskFull(_ error: any Error) -> Bool {
        "\(error)".contains("SQLite error 13") || "\(error)".contains("disk is full")
    }

    public static func describe(_ error: any Error) -> String {
        isDiskFull(error) ? "the state directory's disk is full (\(error)); the queue is intact, free space to continue" : "\(error)"
    }
}
