import Foundation

/// How the daemon watches the folders, from the values it records (`WatchKeeper.statusValues`):
/// `inotify`, or `degraded` when the kernel's watch limit (`fs.inotify.max_user_watches`) left some
/// folders without a watch — those are scanned every `scan_every_seconds` instead.
struct WatchStatus: Codable, Equatable {
    var mode: String
    var watched: Int
    /// Finished sessions whose watches were given back.
    var released: Int
    /// Folders without a watch (scanned on a timer).
    var unwatched: Int
    var scanEverySeconds: Double?

    enum CodingKeys: String, CodingKey {
        case mode, watched, released, unwatched
        case scanEverySeconds = "scan_every_seconds"
    }

    /// From the status table; nil when the daemon never recorded them.
    init?(_ status: [String: String]) {
        guard let mode = status["watch_mode"] else { return nil }
        self.mode = mode
        watched = status["watch_watched"].flatMap(Int.init) ?? 0
        released = status["watch_released"].flatMap(Int.init) ?? 0
        unwatched = status["watch_unwatched"].flatMap(Int.init) ?? 0
        scanEverySeconds = status["watch_scan_seconds"].flatMap(Double.init)
    }

    var text: String {
        let counts = "\(watched) folders watched, \(released) finished sessions released"
        guard mode == "degraded" else { return "inotify (\(counts))" }
        let every = scanEverySeconds.map { String(format: "every %g s", $0) } ?? "on a timer"
        return "DEGRADED: \(unwatched) folders have no inotify watch (fs.inotify.max_user_watches reached) and are scanned \(every); \(counts)"
    }
}
