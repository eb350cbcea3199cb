import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pipe's file descriptor to end-of-file on a dedicated `Thread`.
///
/// A blocking `read` must not run on Dispatch's global queues (a pool shared with the rest of the
/// process: blocking it can starve the very work that would unblock it — it deadlocked us once).
/// One thread per pipe, alive exactly as long as the child process writes.
final class PipeDrain: Sendable {
    private let collected = Mutex<[UInt8]>([])
    private let finished = DispatchSemaphore(value: 0)

    /// Starts draining `fileDescriptor` immediately.
    init(fileDescriptor: Int32, name: String) {
        let thread = Thread { [self] in
            var bytes: [UInt8] = []
            let capacity = 1 << 20
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let n = read(fileDescriptor, buffer, capacity)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: n))
            }
            let result = bytes
            self.collected.withLock { $0 = result }
            self.finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Blocks until end-of-file, then returns everything read.
    func wait() -> [UInt8] {
        finished.wait()
        return collected.withLock { bytes in
            let result = bytes
            bytes = []
            return result
        }
    }
}
