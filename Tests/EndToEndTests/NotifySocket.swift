import Foundation
import Glibc
import Synchronization

/// Plays systemd's side of `sd_notify`: a unix datagram socket whose path goes into the agent's
/// `NOTIFY_SOCKET`, read all the time on a thread of its own (as systemd does: an unread socket fills
/// after a few datagrams and `sd_notify` then blocks the agent) and collecting what it sends (`READY=1`,
/// `STATUS=…`, `WATCHDOG=1`, `STOPPING=1`), one line each.
final class NotifySocket: Sendable {
    /// What the reader thread and the test share.
    final class Inbox: Sendable {
        let lines = Mutex<[String]>([])
        let stopped = Mutex(false)
    }

    let path: String
    let inbox = Inbox()

    init(directory: URL) throws {
        let path = directory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8)).sock").path
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        let inbox = inbox
        Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !inbox.stopped.withLock({ $0 }) {
                guard poll(&poller, 1, 100) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { continue }
                let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").map(String.init)
                inbox.lines.withLock { $0 += lines }
            }
            close(fd)
            unlink(path)
        }.start()
    }

    deinit {
        inbox.stopped.withLock { $0 = true }
    }

    /// Every line received so far.
    var lines: [String] { inbox.lines.withLock { $0 } }

    /// The lines received during the next `seconds`.
    func lines(for seconds: Double) async -> [String] {
        let start = inbox.lines.withLock { $0.count }
        try? await Task.sleep(for: .seconds(seconds))
        return inbox.lines.withLock { Array($0[start...]) }
    }

    /// Waits up to `seconds` for a line starting with `prefix` (received before or during the wait);
    /// whether one came, and every line so far.
    func first(_ prefix: String, within seconds: Double) async -> (found: Bool, lines: [String]) {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let lines = self.lines
            if lines.contains(where: { $0.hasPrefix(prefix) }) { return (true, lines) }
            try? await Task.sleep(for: .milliseconds(100))
        } while Date() < deadline
        let lines = self.lines
        return (lines.contains { $0.hasPrefix(prefix) }, lines)
    }
}
