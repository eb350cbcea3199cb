import Crypto
import Foundation

/// What a store's ETag for one part says about the part's bytes. S3 and SeaweedFS answer the MD5 of the
/// part (32 hex digits), Relay's local store its SHA-256 (64). Any other ETag (SSE-KMS, composite) cannot
/// be checked at the edge, and `init?(etag:)` returns nil for it.
package enum PartDigest: Sendable, Equatable {
    case md5(String)
    case sha256(String)

    package init?(etag: String) {
        let hex = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
        guard hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        switch hex.utf8.count {
        case 32: self = .md5(hex)
        case 64: self = .sha256(hex)
        default: return nil
        }
    }

    /// A running hash of the same kind.
    package func hasher() -> Hasher {
        switch self {
        case .md5: .md5(Insecure.MD5())
        case .sha256: .sha256(SHA256())
        }
    }

    /// The expected digest, lowercase hex.
    package var hex: String {
        switch self {
        case .md5(let hex), .sha256(let hex): hex
        }
    }

    /// True when bytes `offset ..< offset + length` of `file` have this digest (read in 1 MiB chunks).
    package func matches(file: URL, offset: Int64, length: Int64) throws -> Bool {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var hasher = hasher()
        var left = length
        while left > 0, let chunk = try handle.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty {
            hasher.update(chunk)
            left -= Int64(chunk.count)
        }
        return left == 0 && hasher.finalize() == hex
    }

    /// An MD5 or SHA-256 in progress.
    package enum Hasher {
        case md5(Insecure.MD5)
        case sha256(SHA256)

        package mutating func update(_ data: Data) {
            switch self {
            case .md5(var hasher):
                hasher.update(data: data)
                self = .md5(hasher)
            case .sha256(var hasher):
                hasher.update(data: data)
                self = .sha256(hasher)
            }
        }

        /// Lowercase hex.
        package func finalize() -> String {
            switch self {
            case .md5(let hasher): hasher.finalize().map { String(format: "%02x", $0) }.joined()
            case .sha256(let hasher): hasher.finalize().map { String(format: "%02x", $0) }.joined()
            }
        }
    }
}
