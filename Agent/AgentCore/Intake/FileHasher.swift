import Crypto
import Foundation

/// SHA-256 of a file, read in 1 MiB chunks (memory does not grow with the file).
package enum FileHasher {
    /// Hashes `url`; `isCancelled` is asked between chunks, and once it says so the hash stops with a
    /// `CancellationError` (a SIGTERM during an 11 GB recording's hash ends it within a chunk's read; the
    /// file is hashed again at the next start).
    package static func sha256(of url: URL, isCancelled: () -> Bool = { false }) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if isCancelled() { throw CancellationError() }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
