@testable import AgentRuntime
import Crypto
import Foundation
import NIOCore
import Synchronization

/// Takes every part PUT the steps make, reads the byte range from the file like the real store would,
/// and answers S3's ETag (the MD5 of the bytes). No network.
final class RecordingPartSender: ByteRangeUploader {
    struct Sent: Equatable {
        var url: String
        var offset: Int64
        var size: Int64
    }

    private let sent = Mutex<[Sent]>([])

    var puts: [Sent] { sent.withLock { $0 } }

    func put(file: URL, offset: Int64, size: Int64, url: String, headers: [String: String], timeout: TimeAmount) async -> PresignedPut.Outcome {
        sent.withLock { $0.append(Sent(url: url, offset: offset, size: size)) }
        guard let bytes = try? Self.bytes(of: file, offset: offset, size: size) else { return .permanent("the file is gone") }
        return .stored(etag: Self.etag(bytes))
    }

    static func bytes(of file: URL, offset: Int64, size: Int64) throws -> Data {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        return try handle.read(upToCount: Int(size)) ?? Data()
    }

    /// S3's ETag of a part: its MD5 in quotes.
    static func etag(_ bytes: Data) -> String {
        "\"" + Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "\""
    }
}
