import Foundation
import RelayAPI

extension MulticamService {
    /// Restarts a camera's open upload for a new size: the client's file (same name, same type) grew
    /// after its upload was opened — a recorder or copy that paused, taken by the agent before it
    /// finished. A new multipart upload is opened at the asset's key, the asset row is pointed at it
    /// (conditionally on the old upload id: of two racing restarts one wins, the other gets 409
    /// `ASSET_EXISTS`), and the old upload is aborted so its parts are not kept. The asset keeps its id
    /// and version; parts sent for the old size are gone, and the client sends every part again.
    func restartUpload(_ asset: AssetRecord, size: Int64, plan: PartPlan, now: Date) async throws -> UploadGrant {
        guard let key = BlobKey(asset.storageKey) else { throw AppError.conflict("bad storage key") }
        let uploadId = try await blobStore.createMultipartUpload(key: key, contentType: asset.contentType)
        var restarted = asset
        restarted.sizeBytes = size
        restarted.uploadId = uploadId
        restarted.partSize = plan.partSize
        restarted.partCount = plan.partCount
        restarted.uploadExpiresAt = now.addingTimeInterval(configuration.uploadURLLifetime.timeInterval)
        guard
            try await repository.restartUpload(
                id: asset.id, previousUploadId: asset.uploadId, sizeBytes: size, uploadId: uploadId, partSize: plan.partSize,
                partCount: plan.partCount, uploadExpiresAt: restarted.uploadExpiresAt)
        else {
            try? await blobStore.abortMultipartUpload(key: key, uploadId: uploadId)
            throw AppError(status: 409, code: .assetExists, message: "camera \(asset.cameraLabel) already has an asset in this session")
        }
        try? await blobStore.abortMultipartUpload(key: key, uploadId: asset.uploadId)
        return try await grant(restarted, now: now)
    }
}
