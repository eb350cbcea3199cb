import Crypto
import Foundation
import NIOCore
import RelayAPI

extension LocalBlobStore {
    /// Streams a signed `PUT` body to disk and commits it as an object or a multipart part.
    ///
    /// Nothing becomes visible unless the whole body arrived, fits `maxBytes`, and matches the signed
    /// SHA-256 and, when the grant fixes one, the exact length: on any failure the temp file is removed and
    /// the previous object (if any) stays.
    /// - Returns: the ETag (lowercase hex SHA-256 of the body).
    package func receive<Body: AsyncSequence>(
        grant: LocalBlobURLSigner.Grant, contentType: String?, contentLength: Int64? = nil, body: Body, maxBytes: Int64
    ) async throws -> String where Body.Element == ByteBuffer {
        if let signed = grant.contentLength, let sent = contentLength, sent != signed {
            throw AppError.signatureInvalid("Content-Length must be \(signed), as signed")
        }
        let maxBytes = grant.contentLength.map { min($0, maxBytes) } ?? maxBytes
        if let signed = grant.contentType, signed.lowercased() != (contentType ?? "").lowercased() {
            throw AppError.signatureInvalid("Content-Type must be \(signed), as signed")
        }
        if let uploadId = grant.uploadId {
            _ = try readUpload(uploadId, key: grant.key)
        }
        let temp = temporaryURL()
        FileManager.default.createFile(atPath: temp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temp)
        var hasher = SHA256()
        var received: Int64 = 0
        do {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                guard received <= maxBytes else {
                    throw AppError(
                        status: 413, code: APIErrorCode.payloadTooLarge,
                        message: "body exceeds \(maxBytes) bytes", details: ["max_bytes": .number(Double(maxBytes))])
                }
                buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        if let signed = grant.contentLength, received != signed {
            try? FileManager.default.removeItem(at: temp)
            throw AppError(
                status: 400, code: APIErrorCode.validation, message: "the body has \(received) bytes; the URL is signed for \(signed)",
                details: ["expected_bytes": .number(Double(signed)), "received_bytes": .number(Double(received))])
        }
        let digest = SecretToken.hex(hasher.finalize())
        if let expected = grant.sha256, expected.lowercased() != digest {
            try? FileManager.default.removeItem(at: temp)
            throw AppError(
                status: 400, code: .checksumMismatch, message: "body SHA-256 does not match the signed value",
                details: ["expected": .string(expected), "actual": .string(digest)])
        }
        do {
            if let uploadId = grant.uploadId, let partNumber = grant.partNumber {
                try commitPart(temp, key: grant.key, uploadId: uploadId, partNumber: partNumber, etag: digest)
            } else {
                try commit(temp, to: grant.key, meta: .init(contentType: contentType, etag: digest))
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        return digest
    }
}
