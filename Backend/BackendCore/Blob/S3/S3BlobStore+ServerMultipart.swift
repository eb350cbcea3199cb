import Foundation
import NIOHTTP1

/// The backend's own multipart uploads, for files too large for one `PUT` (S3 caps it at 5 GiB).
extension S3BlobStore {
    /// Attempts per part before the upload is given up (a part is re-sent whole).
    static let partAttempts = 3

    /// Uploads `size` bytes of `file` as a multipart upload cut by `PartPlan` (parts of at least
    /// `multipartPartMiB`, at most 10,000). The parts go one after another, each streamed from its
    /// range of the file and re-sent up to `partAttempts` times when the store is unavailable. On any
    /// failure — or cancellation — the upload is aborted, so no incomplete upload is left open in the
    /// bucket (their parts would be stored, and billed, until a lifecycle rule removed them).
    func uploadInParts(key: BlobKey, from file: URL, size: Int64, contentType: String) async throws {
        guard let plan = PartPlan(size: size, minPartMiB: configuration.multipartPartMiB) else {
            throw BlobStoreError(.rejected, "S3 upload \(key): \(size) bytes do not fit in 10,000 parts of at most 5 GiB")
        }
        let uploadId = try await createMultipartUpload(key: key, contentType: contentType)
        do {
            var parts: [CompletedPart] = []
            parts.reserveCapacity(plan.partCount)
            for number in 1...plan.partCount {
                try Task.checkCancellation()
                let length = PartPlan.length(ofPart: number, size: size, partSize: plan.partSize, partCount: plan.partCount)
                let etag = try await uploadPart(
                    key: key, uploadId: uploadId, number: number, file: file, offset: Int64(number - 1) * plan.partSize, length: length)
                parts.append(CompletedPart(partNumber: number, etag: etag))
            }
            _ = try await completeMultipartUpload(key: key, uploadId: uploadId, parts: parts)
        } catch {
            // Detached, so a cancelled upload still aborts; an abort that fails is reported with the cause.
            let abort = Task.detached { [self] in try await abortMultipartUpload(key: key, uploadId: uploadId) }
            if case .failure(let abortError) = await abort.result {
                logger.warning(
                    "S3 multipart upload left open after a failure", metadata: ["key": "\(key)", "upload_id": "\(uploadId)", "error": "\(abortError)"])
            }
            throw error
        }
    }

    /// Sends one part and returns its ETag.
    private func uploadPart(key: BlobKey, uploadId: String, number: Int, file: URL, offset: Int64, length: Int64) async throws -> String {
        let operation = "upload part \(number) of \(key)"
        var attempt = 1
        while true {
            do {
                let request = S3Request(
                    method: .PUT, key: key, query: ["partNumber": String(number), "uploadId": uploadId],
                    body: .file(file, offset: offset, size: length), transfer: true)
                let response = try await execute(request, operation: operation)
                guard response.status.code == 200 else { throw await failure(response, operation: operation) }
                guard let etag = response.headers.first(name: "etag"), !etag.isEmpty else {
                    try await discardBody(response)
                    throw BlobStoreError(.unavailable, "S3 \(operation): no ETag in the answer")
                }
                try await discardBody(response)
                return etag
            } catch let error as BlobStoreError where error.code == .unavailable && attempt < Self.partAttempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }
}
