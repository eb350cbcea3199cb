#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking TCP connection to 127.0.0.1 that sends what a test writes, byte for byte — for requests no
/// HTTP client would send (a header line of many megabytes, a body that never ends) — and notices when
/// the server answers while the request is still going out.
package final class RawHTTPConnection {
    let fd: Int32
    /// Bytes the kernel accepted so far.
    package private(set) var sent = 0

    package init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(fd) }

    /// Writes all of `data`; false when the server closed its side (the request was cut off).
    package func send(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
                sent += written
            }
            return true
        }
    }

    /// Whether the server has written something (an answer) within `milliseconds`.
    package func hasAnswer(waitingMilliseconds milliseconds: Int32 = 0) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// Whether `text` holds a whole response: its head, and as much body as its Content-Length says.
    static func isComplete(_ text: String) -> Bool {
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return true }
        return text.utf8.count - text[..<end.upperBound].utf8.count >= length
    }

    /// What the server wrote, up to `limit` bytes or until it stops for `milliseconds`.
    package func read(limit: Int = 64 << 10, waitingMilliseconds milliseconds: Int32 = 5000) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while bytes.count < limit, hasAnswer(waitingMilliseconds: milliseconds) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if Self.isComplete(String(decoding: bytes, as: UTF8.self)) { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The resident set size of this process, in bytes (`VmRSS` of /proc/self/status).
package func currentResidentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
    return 0
}
