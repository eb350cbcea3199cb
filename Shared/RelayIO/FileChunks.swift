import Foundation
import Glibc
import NIOCore

/// A file (or a byte range of it) read in fixed-size chunks, as a body of known length.
///
/// Reads are blocking `FileHandle` reads of at most `chunkSize` on the calling task: short for a local
/// disk, and only one chunk is in memory whatever the file's size. Used for upload bodies by the backend's
/// blob stores and by the agent.
package struct FileChunks: AsyncSequence, Sendable {
    package typealias Element = ByteBuffer

    package let url: URL
    package let chunkSize: Int
    /// First byte to read.
    package var offset: Int64 = 0
    /// Bytes to read from `offset`; `nil` reads to the end.
    package var length: Int64? = nil

    package init(url: URL, chunkSize: Int, offset: Int64 = 0, length: Int64? = nil) {
        self.url = url
        self.chunkSize = chunkSize
        self.offset = offset
        self.length = length
    }

    package func makeAsyncIterator() -> Iterator {
        Iterator(url: url, chunkSize: chunkSize, offset: offset, remaining: length)
    }

    /// Opens the file on the first `next()` and closes it at the end (or when dropped).
    package struct Iterator: AsyncIteratorProtocol {
        let url: URL
        let chunkSize: Int
        let offset: Int64
        var remaining: Int64?
        var handle: FileHandle?
        var finished = false

        init(url: URL, chunkSize: Int, offset: Int64, remaining: Int64?) {
            self.url = url
            self.chunkSize = chunkSize
            self.offset = offset
            self.remaining = remaining
        }

        package mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            if handle == nil {
                handle = try FileHandle(forReadingFrom: url)
                if offset > 0 { try handle?.seek(toOffset: UInt64(offset)) }
            }
            var want = chunkSize
            if let remaining { want = Int(Swift.min(Int64(chunkSize), remaining)) }
            guard want > 0, let fd = handle?.fileDescriptor else { return finish() }
            // Read straight into the buffer that is sent: no intermediate `Data` copy per chunk.
            var buffer = ByteBufferAllocator().buffer(capacity: want)
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { bytes in
                var total = 0
                while total < want {
                    let got = Glibc.read(fd, bytes.baseAddress! + total, want - total)
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                    }
                    if got == 0 { break }
                    total += got
                }
                return total
            }
            guard count > 0 else { return finish() }
            if let remaining { self.remaining = remaining - Int64(count) }
            return buffer
        }

        mutating func finish() -> ByteBuffer? {
            finished = true
            try? handle?.close()
            handle = nil
            return nil
        }
    }
}
