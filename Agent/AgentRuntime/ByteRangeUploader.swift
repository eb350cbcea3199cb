import Foundation
import NIOCore

/// Sends a byte range of a file to a presigned URL: `PresignedPut` in the daemon, a recording fake in
/// AgentRuntimeTests.
protocol ByteRangeUploader: Sendable {
    func put(file: URL, offset: Int64, size: Int64, url: String, headers: [String: String], timeout: TimeAmount) async -> PresignedPut.Outcome
}

extension PresignedPut: ByteRangeUploader {}
