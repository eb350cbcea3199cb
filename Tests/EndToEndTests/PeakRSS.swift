import Foundation
import Synchronization

/// Samples a process's resident memory (/proc/PID/status) every 50 ms on its own thread. `stop()` gives
/// the peak resident size (the highest `VmRSS` seen, or the kernel's high-water mark `VmHWM`) and the
/// peak anonymous part (`RssAnon`: heap, stacks, buffers — what the process's work allocates, as
/// opposed to mapped code), in kB.
final class PeakRSS: Sendable {
    struct Peak: Sendable {
        var rss = 0
        var anonymous = 0
    }

    let pid: Int32
    private let peak = Mutex(Peak())
    private let running = Mutex(true)

    init(pid: Int32) {
        self.pid = pid
        Thread { [self] in
            while running.withLock({ $0 }) {
                let rss = Self.read(pid: pid, field: "VmRSS:") ?? 0
                let anonymous = Self.read(pid: pid, field: "RssAnon:") ?? 0
                peak.withLock { $0 = Peak(rss: max($0.rss, rss), anonymous: max($0.anonymous, anonymous)) }
                usleep(50_000)
            }
        }.start()
    }

    /// Call while the process is still alive (before kill or terminate) so `VmHWM` can be read.
    func stop() -> Peak {
        let hwm = Self.read(pid: pid, field: "VmHWM:") ?? 0
        running.withLock { $0 = false }
        return peak.withLock { Peak(rss: max($0.rss, hwm), anonymous: $0.anonymous) }
    }

    static func read(pid: Int32, field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return Int(line.dropFirst(field.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }
}
