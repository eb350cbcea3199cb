import Synchronization

/// Counts the files intake scans looked at (stable candidates, each a `seen_files` lookup and maybe a
/// hash): what "scan only what changed" saves is measured with it.
final class ScanCounter: Sendable {
    private let count = Mutex(0)

    func add(_ files: Int) {
        count.withLock { $0 += files }
    }

    /// Files looked at so far.
    var examined: Int { count.withLock { $0 } }
}
