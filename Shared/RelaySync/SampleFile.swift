import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mono Float32 samples kept in a file and read a range at a time: a long recording analysed without
/// holding it in memory (3 hours at 8 kHz is 346 MB). Made by ``SampleFileWriter``, which unlinks the file
/// as soon as it is open, so nothing is left behind however the process ends; the descriptor is closed
/// when the last reference goes.
///
/// `Sendable`: every stored property is an immutable value, and `pread(2)` reads at an explicit offset
/// without moving a shared file position, so concurrent reads are safe.
package final class SampleFile: Sendable, Equatable {
    private let descriptor: Int32
    /// Samples in the file.
    package let count: Int
    /// Root mean square of all samples.
    package let rms: Double

    init(descriptor: Int32, count: Int, rms: Double) {
        self.descriptor = descriptor
        self.count = count
        self.rms = rms
    }

    deinit { close(descriptor) }

    package static func == (lhs: SampleFile, rhs: SampleFile) -> Bool { lhs === rhs }

    /// Calls `body` with samples `range` (clamped to the file), read into a buffer of their size.
    package func withSamples<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let lower = max(0, range.lowerBound), upper = min(count, range.upperBound)
        let length = max(0, upper - lower)
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, length))
        defer { buffer.deallocate() }
        var done = 0
        while done < length {
            let read = pread(
                descriptor, UnsafeMutableRawPointer(buffer.baseAddress! + done), (length - done) * 4, off_t((lower + done) * 4))
            if read < 0, errno == EINTR { continue }
            // The file is private to this process and never shrinks: a short read is a broken disk. What
            // was not read stays silent rather than holding garbage.
            guard read > 0 else {
                (buffer.baseAddress! + done).update(repeating: 0, count: length - done)
                break
            }
            done += read / 4
        }
        return try body(UnsafeBufferPointer(start: buffer.baseAddress, count: length))
    }

    /// Reads every sample into memory.
    package func readAll() -> [Float] {
        withSamples(0..<count) { Array($0) }
    }
}
