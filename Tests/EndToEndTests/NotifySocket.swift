import Foundation
import Glibc

/// Plays systemd's side of `sd_notify`: a unix datagram socket whose path goes into the agent's
/// `NOTIFY_SOCKET`, collecting what it sends (`READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1`).
final class NotifySocket: Sendable {
    let path: String
    private let fd: Int32

    init(directory: URL) throws {
        path = directory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8)).sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
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
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Every message received within `seconds` (each datagram split into its lines).
    func messages(for seconds: Double) -> [String] {
        var received: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while Date() < deadline {
            let wait = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, min(wait, 200)) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { continue }
            received += String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return received
    }

    /// Waits up to `seconds` for a message starting with `prefix`; the messages read meanwhile.
    func await(_ prefix: String, within seconds: Double) -> (found: Bool, messages: [String]) {
        var all: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let batch = messages(for: 0.2)
            all += batch
            if batch.contains(where: { $0.hasPrefix(prefix) }) { return (true, all) }
        }
        return (false, all)
    }
}
