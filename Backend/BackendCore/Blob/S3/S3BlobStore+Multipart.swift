import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// Multipart uploads: the backend starts, lists, completes and aborts; clients `PUT` the parts to
/// presigned URLs, so part bytes never pass through the backend.
extension S3BlobStore {
    /// S3's part number range.
    package static let partNumbers = 1...10_000
    /// Upper bound on `ListParts` pages followed (10,000 parts at S3's 1,000 per page is 10).
    static let maxListPartsPages = 100

    package func createMultipartUpload(key: BlobKey, contentType: String) async throws -> String {
        let operation = "create multipart upload \(key)"
        let request = S3Request(
            method: .POST, key: key, query: ["uploads": ""], headers: ["content-type": contentType]
        )
        let response = try await execute(request, operation: operation)
        let body = try await readBody(response, limit: Self.maxXMLSize, operation: operation)
        guard response.status.code == 200 else {
            throw Self.error(status: response.status.code, body: body, operation: operation)
        }
        guard let uploadId = S3XML.uploadId(in: body) else {
            throw Self.error(status: response.status.code, body: body, operation: operation + " (no UploadId)")
        }
        return uploadId
    }

    package func presignUploadPart(
        key: BlobKey,
        uploadId: String,
        partNumber: Int,
        sizeBytes: Int64?,
        expiresIn: Duration
    ) async throws -> PresignedRequest {
        try Self.validate(uploadId: uploadId)
        try Self.validate(partNumber: partNumber)
        return try presigned(
            method: "PUT",
            key: key,
            query: ["partNumber": String(partNumber), "uploadId": uploadId],
            // Signed, so the store refuses a body of any other length.
            headers: sizeBytes.map { ["content-length": String($0)] } ?? [:],
            expiresIn: expiresIn
        )
    }

    /// Follows `part-number-marker` pagination until the answer is no longer truncated.
    package func listParts(key: BlobKey, uploadId: String) async throws -> [UploadedPart] {
        try Self.validate(uploadId: uploadId)
        let operation = "list parts \(key)"
        var parts: [UploadedPart] = []
        var marker: Int?
        for _ in 0..<Self.maxListPartsPages {
            var query = ["uploadId": uploadId]
            if let marker { query["part-number-marker"] = String(marker) }
            let response = try await execute(S3Request(method: .GET, key: key, query: query), operation: operation)
            let body = try await readBody(response, limit: Self.maxXMLSize, operation: operation)
            guard response.status.code == 200 else {
                throw Self.error(status: response.status.code, body: body, operation: operation)
            }
            guard let page = S3XML.partsPage(in: body) else {
                throw Self.error(status: response.status.code, body: body, operation: operation + " (unreadable)")
            }
            parts += page.parts
            guard page.isTruncated, let next = page.nextPartNumberMarker ?? page.parts.last?.partNumber,
                next > (marker ?? 0)
            else {
                return parts.sorted { $0.partNumber < $1.partNumber }
            }
            marker = next
        }
        throw BlobStoreError(.unavailable, "S3 \(operation): still truncated after \(Self.maxListPartsPages) pages")
    }

    /// Completes the upload, then returns the object's metadata from a `HEAD`.
    ///
    /// Parts may be given in any order (they are sent sorted); a duplicate or out-of-range part
    /// number, an unknown part, a wrong ETag or a too-small non-last part is `.invalidParts`.
    /// S3 can answer `200 OK` and still report an error in the body; that is handled too.
    package func completeMultipartUpload(
        key: BlobKey,
        uploadId: String,
        parts: [CompletedPart]
    ) async throws -> BlobMetadata {
        try Self.validate(uploadId: uploadId)
        guard !parts.isEmpty else {
            throw BlobStoreError(.invalidParts, "a multipart upload needs at least one part")
        }
        let sorted = parts.sorted { $0.partNumber < $1.partNumber }
        for (index, part) in sorted.enumerated() {
            try Self.validate(partNumber: part.partNumber)
            if index > 0, sorted[index - 1].partNumber == part.partNumber {
                throw BlobStoreError(.invalidParts, "part \(part.partNumber) is listed twice")
            }
        }
        let operation = "complete multipart upload \(key)"
        let request = S3Request(
            method: .POST,
            key: key,
            query: ["uploadId": uploadId],
            headers: ["content-type": "application/xml"],
            body: .data(S3XML.completeRequest(sorted)),
            transfer: true
        )
        let response = try await execute(request, operation: operation)
        let body = try await readBody(response, limit: Self.maxXMLSize, operation: operation)
        guard response.status.code == 200, S3XML.completedETag(in: body) != nil else {
            // Also covers `200 OK` carrying an `<Error>` document.
            throw Self.error(status: response.status.code, body: body, operation: operation)
        }
        guard let metadata = try await head(key: key) else {
            throw BlobStoreError(.unavailable, "S3 \(operation): object missing right after completion")
        }
        return metadata
    }

    /// Aborts the upload. An unknown upload id is `.uploadNotFound` when the store says so (AWS:
    /// `404 NoSuchUpload`, like `LocalBlobStore`); SeaweedFS 4.x answers `204` and so succeeds.
    package func abortMultipartUpload(key: BlobKey, uploadId: String) async throws {
        try Self.validate(uploadId: uploadId)
        let operation = "abort multipart upload \(key)"
        let response = try await execute(
            S3Request(method: .DELETE, key: key, query: ["uploadId": uploadId]), operation: operation
        )
        try await expectSuccess(response, operation: operation)
    }

    static func validate(partNumber: Int) throws {
        guard partNumbers.contains(partNumber) else {
            throw BlobStoreError(.invalidParts, "part number \(partNumber) is outside 1...10000")
        }
    }

    static func validate(uploadId: String) throws {
        guard !uploadId.isEmpty, uploadId.utf8.count <= 1024 else {
            throw BlobStoreError(.uploadNotFound, "upload id is empty or too long")
        }
    }
}
