import Synchronization

/// Paths already warned about, so a rescan every minute does not repeat the same warning.
final class ReportedPaths: Sendable {
    private let paths = Mutex<Set<String>>([])

    /// True the first time a path is seen.
    func first(_ path: String) -> Bool {
        paths.withLock { $0.insert(path).inserted }
    }
}
