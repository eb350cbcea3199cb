import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pipe's file descriptor to end-of-file on a dedicated `Thread`, handing each chunk read to
/// `consume` (in order, from that one thread).
///
/// A blocking `read` must not run on Dispatch's global queues or the cooperative pool (pools shared with
/// the rest of the process: blocking them can starve the very work that would unblock it — two ffmpeg
/// runs at once deadlocked us that way). One thread per pipe, alive exactly as long as the child writes.
final class PipeDrain: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Bytes asked of one `read`: large enough that a fast writer (decoded audio) costs few wake-ups.
    static let readSize = 1 << 20

    /// Starts draining `fileDescriptor` immediately.
    init(fileDescriptor: Int32, name: String, consume: @escaping @Sendable (Data) -> Void) {
        let thread = Thread { [finished] in
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.readSize, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = read(fileDescriptor, buffer, Self.readSize)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                consume(Data(bytes: buffer, count: count))
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Blocks until end-of-file has been read and consumed.
    func wait() {
        finished.wait()
    }
}
