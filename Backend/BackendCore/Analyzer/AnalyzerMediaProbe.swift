import Foundation
import RelayIO
import Synchronization

/// ffprobe for the analyzer, with a cache keyed by path, size and modification time: browsing a folder
/// a second time costs no ffprobe run. Bounded; the oldest entries go first.
package final class AnalyzerMediaProbe: Sendable {
    let ffprobe: String
    let timeout: Duration
    let runner = MediaToolRunner()
    private let cache = Mutex<(entries: [Key: AnalyzerMediaInfo], order: [Key])>(([:], []))
    static let capacity = 20_000

    struct Key: Hashable {
        let path: String
        let size: Int64
        let modified: Double
    }

    package init(ffprobe: String, timeout: Duration = .seconds(60)) {
        self.ffprobe = ffprobe
        self.timeout = timeout
    }

    /// The file's media facts; `unknown` with a reason when ffprobe cannot read it (a missing ffprobe or a
    /// timeout is reported the same way and not cached).
    package func info(path: String, size: Int64, modified: Date) async -> AnalyzerMediaInfo {
        let key = Key(path: path, size: size, modified: modified.timeIntervalSince1970)
        if let hit = cache.withLock({ $0.entries[key] }) { return hit }
        let info: AnalyzerMediaInfo
        do {
            let output = try await runner.run(
                ffprobe,
                ["-v", "error"] + MediaContainer.hardening + ["-print_format", "json", "-show_format", "-show_streams", "--", path],
                timeout: timeout)
            info = AnalyzerMediaInfo.parse(ffprobeJSON: output.stdout, minDurationSeconds: AnalyzerConfiguration.minDurationSeconds)
        } catch MediaToolError.failed(_, _, let stderr) {
            var unknown = AnalyzerMediaInfo.unknown
            if MediaContainer.refusedDemuxer(in: stderr) != nil { unknown.problem = "the container format is not accepted" }
            info = unknown
        } catch {
            // ffprobe missing or timed out: say so, but do not cache.
            var unknown = AnalyzerMediaInfo.unknown
            unknown.problem = "the file could not be probed (\(error))"
            return unknown
        }
        cache.withLock { state in
            if state.entries.updateValue(info, forKey: key) == nil { state.order.append(key) }
            if state.order.count > Self.capacity {
                let drop = state.order.prefix(Self.capacity / 10)
                for old in drop { state.entries[old] = nil }
                state.order.removeFirst(drop.count)
            }
        }
        return info
    }
}
