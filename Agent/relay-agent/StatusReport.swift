import AgentCore
import AgentRuntime
import AgentStore
import Foundation

/// What `relay-agent status` shows, read from the queue database and the credentials (the daemon need
/// not be running).
struct StatusReport: Codable {
    struct QCFailure: Codable {
        var file: String
        var session: String
        var angleDeg: Double?
        var reason: String
        var at: Date

        enum CodingKeys: String, CodingKey {
            case file, session, reason, at
            case angleDeg = "angle_deg"
        }
    }

    var daemonRunning: Bool
    var daemonPid: Int?
    var queue: [String: Int]
    var bytesPending: Int64
    var eventsToPost: Int
    var lastQCFailures: [QCFailure]
    /// Recordings' multipart uploads still open, with their progress in parts.
    var transfers: [TransferStatus]
    /// With `delete_originals_after_hours`: uploaded files deleted, found gone, or kept (changed since the
    /// upload, or a recording whose stored parts did not match the file).
    var originals: [String: Int]
    /// Items waiting for their file: its share is not mounted, or it was moved and not found yet.
    var waitingForFiles: Int
    /// Files intake could not take (unreadable: permissions, I/O errors), newest first, with why.
    var intakeErrors: [IntakeProblems.Problem]
    var lastContact: String?
    var backendError: String?
    var auth: String
    var tokenExpiresAt: Date?
    var uploadWindow: String?
    var deviceId: String?
    var server: String?
    /// How the daemon watches the folders (as it last recorded; nil before it ever ran).
    var watching: WatchStatus?
    /// Bytes the queue database takes on disk (with its write-ahead log).
    var queueDatabaseBytes: Int64

    enum CodingKeys: String, CodingKey {
        case queue, auth, server, transfers, originals
        case daemonRunning = "daemon_running"
        case daemonPid = "daemon_pid"
        case bytesPending = "bytes_pending"
        case eventsToPost = "events_to_post"
        case waitingForFiles = "waiting_for_files"
        case intakeErrors = "intake_errors"
        case lastQCFailures = "last_qc_failures"
        case lastContact = "last_contact"
        case backendError = "backend_error"
        case tokenExpiresAt = "token_expires_at"
        case uploadWindow = "upload_window"
        case deviceId = "device_id"
        case watching
        case queueDatabaseBytes = "queue_database_bytes"
    }

    static func read(stateDirectory: URL, now: Date = Date()) throws -> StatusReport {
        let credentials = try CredentialStore(stateDirectory: stateDirectory).load()
        let store = try UploadQueueStore.open(at: stateDirectory.appendingPathComponent("queue.sqlite"))
        let status = try store.status()
        var queue: [String: Int] = [:]
        for (state, count) in try store.counts() { queue[state.rawValue] = count }
        let failures = try store.recentQCFailures(limit: 10).map { item in
            QCFailure(
                file: item.path, session: item.sessionKey, angleDeg: item.angleDeg,
                reason: item.qcFailureReason ?? "QC failed", at: Date(timeIntervalSince1970: item.createdAt))
        }
        // Running = the daemon recorded itself in the last 10 s and its pid is alive.
        let seen = status["daemon_seen"].flatMap { ISO8601DateFormatter().date(from: $0) }
        let pid = status["daemon_pid"].flatMap(Int32.init)
        let alive = pid.map { kill($0, 0) == 0 || errno == EPERM } ?? false
        let running = alive && (seen.map { now.timeIntervalSince($0) < 10 } ?? false)
        var auth = status["auth"] ?? "unknown"
        if credentials == nil { auth = "not enrolled" } else if let expiry = credentials?.expiresAt, expiry <= now { auth = "token expired" }
        return StatusReport(
            daemonRunning: running, daemonPid: running ? pid.map(Int.init) : nil, queue: queue, bytesPending: try store.bytesPending(),
            eventsToPost: try store.outboxCount(), lastQCFailures: failures, transfers: try store.transfers().map(TransferStatus.init),
            originals: Dictionary(uniqueKeysWithValues: try store.originalCounts().map { ($0.key.rawValue, $0.value) }),
            waitingForFiles: try store.waitingForFiles(), intakeErrors: Self.intakeErrors(status["intake_errors"]), lastContact: status["last_contact"],
            backendError: status["backend_error"].flatMap { $0.isEmpty ? nil : $0 }, auth: auth, tokenExpiresAt: credentials?.expiresAt,
            uploadWindow: status["upload_window"], deviceId: credentials?.deviceId, server: credentials?.server,
            watching: WatchStatus(status), queueDatabaseBytes: store.databaseBytes)
    }

    /// The daemon's list of files it could not take (a JSON array in the status table).
    static func intakeErrors(_ json: String?) -> [IntakeProblems.Problem] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return json.flatMap { try? decoder.decode([IntakeProblems.Problem].self, from: Data($0.utf8)) } ?? []
    }

    /// The reasons in a stored `qc` object.
    var text: String {
        var lines: [String] = []
        lines.append("daemon: \(daemonRunning ? "running (pid \(daemonPid ?? 0))" : "not running")")
        lines.append("device: \(deviceId ?? "not enrolled")\(server.map { " at \($0)" } ?? "")")
        lines.append("auth: \(auth)\(tokenExpiresAt.map { "; token expires \(ISO8601DateFormatter().string(from: $0))" } ?? "")")
        lines.append("last backend contact: \(lastContact ?? "never")\(backendError.map { " (last error: \($0))" } ?? "")")
        let order = ["discovered", "qc_done", "presigned", "uploaded", "acknowledged", "rejected"]
        lines.append("queue: " + order.map { "\($0) \(queue[$0] ?? 0)" }.joined(separator: ", "))
        lines.append(String(format: "pending: %.1f MB; events to post: %d", Double(bytesPending) / 1_000_000, eventsToPost))
        if let uploadWindow { lines.append("upload window: \(uploadWindow)") }
        if !intakeErrors.isEmpty {
            lines.append("files that cannot be taken (\(intakeErrors.count); fix and they are taken at the next scan):")
            for problem in intakeErrors { lines.append("  \(problem.path): \(problem.reason)") }
        }
        if waitingForFiles > 0 {
            lines.append("waiting for files: \(waitingForFiles) (a share not mounted, or files moved; `relay-agent queue list` says which)")
        }
        if let watching { lines.append("watching: " + watching.text) }
        lines.append(String(format: "queue database: %.1f MB", Double(queueDatabaseBytes) / 1_000_000))
        for transfer in transfers {
            let megabytes = String(format: "%.1f of %.1f MB", Double(transfer.bytesDone) / 1_000_000, Double(transfer.bytes) / 1_000_000)
            lines.append(
                "recording: camera \(transfer.cameraLabel)  \(URL(fileURLWithPath: transfer.file).lastPathComponent)  "
                    + "\(transfer.partsDone)/\(transfer.partCount) parts (\(megabytes))")
        }
        if !originals.isEmpty {
            let kept = originals[OriginalDisposal.changed.rawValue].map { "; \($0) kept (changed after upload)" } ?? ""
            let unverified = originals[OriginalDisposal.unverified.rawValue].map { "; \($0) kept (stored parts do not match the file)" } ?? ""
            let gone = originals[OriginalDisposal.gone.rawValue].map { "; \($0) already gone" } ?? ""
            lines.append("originals: \(originals[OriginalDisposal.deleted.rawValue] ?? 0) deleted after upload\(kept)\(unverified)\(gone)")
        }
        if lastQCFailures.isEmpty {
            lines.append("QC failures: none")
        } else {
            lines.append("QC failures (newest first):")
            for failure in lastQCFailures {
                let angle = failure.angleDeg.map { String(format: "angle %g°", $0) } ?? "no angle"
                lines.append("  \(failure.session)  \(angle)  \(URL(fileURLWithPath: failure.file).lastPathComponent): \(failure.reason)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
