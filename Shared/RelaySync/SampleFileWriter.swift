import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends Float32 samples to an anonymous file in `directory` (created, then unlinked at once) and
/// turns it into a ``SampleFile``. Not `Sendable`: one decoder feeds one writer.
package final class SampleFileWriter {
    private var descriptor: Int32
    private var count = 0
    private var sumOfSquares = 0.0

    /// Opens the file; throws ``AudioDecodingError/scratchUnavailable(directory:reason:)`` when the folder
    /// cannot hold one.
    package init(directory: URL) throws {
        var template = Array(directory.appendingPathComponent(".relay-samples-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw AudioDecodingError.scratchUnavailable(directory: directory.path, reason: String(cString: strerror(errno)))
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends `samples`.
    package func append(_ samples: UnsafeBufferPointer<Float>) throws {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        var partial = 0.0
        for x in samples { partial += Double(x) * Double(x) }
        sumOfSquares += partial
        var done = 0
        let bytes = samples.count * 4
        while done < bytes {
            let written = write(descriptor, UnsafeRawPointer(base) + done, bytes - done)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                throw AudioDecodingError.scratchUnavailable(directory: "(sample file)", reason: String(cString: strerror(errno)))
            }
            done += written
        }
        count += samples.count
    }

    /// Appends every sample of `file`, a megasample at a time.
    package func append(contentsOf file: SampleFile) throws {
        let chunk = 1 << 20
        for start in stride(from: 0, to: file.count, by: chunk) {
            try file.withSamples(start..<(start + chunk)) { try append($0) }
        }
    }

    /// The samples written so far, as a file to read from; the writer is spent.
    package func finish() -> SampleFile {
        let file = SampleFile(descriptor: descriptor, count: count, rms: count > 0 ? (sumOfSquares / Double(count)).squareRoot() : 0)
        descriptor = -1
        return file
    }
}
