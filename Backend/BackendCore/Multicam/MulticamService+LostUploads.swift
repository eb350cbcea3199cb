import Foundation
import RelayAPI

/// A multipart upload the store no longer has — aborted by a bucket lifecycle rule
/// (`AbortIncompleteMultipartUpload`) while a camera's file was half sent — is not the client's fault and
/// not final: the asset is marked failed (`UPLOAD_NOT_FOUND`), so the client's next init-upload opens a
/// new upload (the next version) for the same camera instead of handing out URLs into the lost one.
extension MulticamService {
    /// The store's parts of `asset`'s open upload; when the store has lost the upload, the asset is
    /// marked failed and 404 `UPLOAD_NOT_FOUND` is thrown (the client starts again with init-upload).
    func partsOrLost(_ asset: AssetRecord, key: BlobKey) async throws -> [UploadedPart] {
        do {
            return try await blobStore.listParts(key: key, uploadId: asset.uploadId)
        } catch let error as BlobStoreError where error.code == .uploadNotFound {
            try await markLost(asset, key: key)
            throw AppError(
                status: 404, code: .uploadNotFound,
                message: "the store no longer has this upload (aborted); start again with init-upload, which opens a new one")
        }
    }

    /// Whether the store still has `asset`'s multipart upload (a lost one marks the asset failed).
    func uploadStillOpen(_ asset: AssetRecord) async throws -> Bool {
        guard let key = BlobKey(asset.storageKey) else { return false }
        do {
            _ = try await partsOrLost(asset, key: key)
            return true
        } catch let error as AppError where error.code == .uploadNotFound {
            return false
        }
    }

    /// Marks an asset whose upload the store lost as failed, unless the object is in fact stored (a
    /// concurrent complete assembled it, which also ends the upload).
    func markLost(_ asset: AssetRecord, key: BlobKey) async throws {
        if try await blobStore.head(key: key) != nil { return }
        try await fail(asset, sessionId: asset.sessionId, code: .uploadNotFound, message: "the store no longer has the multipart upload (aborted)")
    }
}
