import Foundation

/// Persistence of multi-camera sessions and assets. State changes are conditional statements.
package protocol MulticamRepository: Sendable {
    func insertSession(_ session: MulticamSessionRecord) async throws
    /// Inserts the session under the actor's idempotency key unless the actor already has a session with
    /// that key; returns the stored one (this or the earlier) and the fingerprint stored with it, or nil
    /// if the row holding the key vanished in between.
    func insertSession(_ session: MulticamSessionRecord, idempotency: IdempotentRequest) async throws
        -> (session: MulticamSessionRecord, fingerprint: String?)?
    func session(id: UUID) async throws -> MulticamSessionRecord?
    /// A page of the org's sessions, newest first, and how many it has in all.
    func sessions(orgId: UUID, limit: Int, offset: Int) async throws -> (rows: [MulticamSessionRecord], total: Int)

    /// Inserts an asset: `.duplicate` when the camera already has this version (a concurrent init-upload
    /// won); any other failure (the database unreachable, a timeout) throws.
    @discardableResult
    func insertAsset(_ asset: AssetRecord) async throws -> UniqueInsert
    func asset(id: UUID) async throws -> AssetRecord?
    /// A session's assets, newest version per camera file (chapter) only, by camera label then chapter.
    func assets(sessionId: UUID) async throws -> [AssetRecord]

    /// uploading → ingesting with the stored size, and `job` (its ingestion) queued, in one transaction:
    /// no process death leaves an asset ingesting with no job, or a job for an asset still uploading.
    /// The job's id, or nil (nothing queued) if the asset is not uploading.
    func markUploaded(id: UUID, sizeBytes: Int64, job: NewJob) async throws -> String?
    /// ingesting → ready with metadata, derivatives and issues; false if not ingesting.
    func markReady(id: UUID, metadata: AssetMetadata, derivatives: [AssetDerivative], issues: [String]) async throws -> Bool
    /// uploading|ingesting → failed with a seed error code and a readable message.
    func markFailed(id: UUID, code: String, message: String) async throws -> Bool
    /// Records ffprobe's metadata while ingesting (visible before derivatives finish).
    func setMetadata(id: UUID, metadata: AssetMetadata) async throws

    /// Points an `uploading` asset at a new open upload (its file grew: new size, upload id and part
    /// plan); false if it is no longer uploading through `previousUploadId`.
    func restartUpload(
        id: UUID, previousUploadId: String, sizeBytes: Int64, uploadId: String, partSize: Int64, partCount: Int, uploadExpiresAt: Date
    ) async throws -> Bool
}
