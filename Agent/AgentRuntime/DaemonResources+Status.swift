import AgentCore
import AgentStore
import Foundation

extension DaemonResources {
    /// The one-line summary systemd shows (`systemctl status`).
    func statusLine() throws -> String {
        let counts = try store.counts()
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        let megabytes = Double(try store.bytesPending()) / 1_000_000
        return String(
            format: "%d queued (%.1f MB), %d uploaded, %d rejected, %d events to post", pending, megabytes, counts[.acknowledged] ?? 0,
            counts[.rejected] ?? 0, try store.outboxCount())
    }

    /// What the daemon knows that the queue does not: the backend's last answer, the token, the window
    /// (rows of the status table `relay-agent status` reads).
    func statusValues(now: Date = Date()) async -> [String: String] {
        var values = contact.snapshot()
        let credentials = await keeper.credentials
        let refusal = await keeper.refusal, clockProblem = await keeper.clockProblem
        values["auth"] = refusal ?? clockProblem ?? "ok"
        values["token_expires_at"] = ISO8601DateFormatter().string(from: credentials.expiresAt)
        values["daemon_seen"] = ISO8601DateFormatter().string(from: now)
        values["upload_window"] = configuration.uploadWindows.isOpen(at: now) ? "open" : "closed"
        if let recordings = configuration.recordingUploadWindows {
            values["upload_window"] = (values["upload_window"] ?? "") + "; recordings " + (recordings.isOpen(at: now) ? "open" : "closed")
        }
        values["state_error"] = ""
        let problems = intakeProblems.current()
        values["intake_errors"] = String(decoding: (try? Self.statusEncoder.encode(Array(problems.prefix(20)))) ?? Data("[]".utf8), as: UTF8.self)
        values["intake_error_count"] = "\(problems.count)"
        return values
    }

    static var statusEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
