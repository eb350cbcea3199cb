import Foundation
import RelayAPI

extension MulticamService {
    /// Accepted media types and the extension their original is stored with.
    package static let mediaTypes: [String: String] = [
        "video/mp4": "mp4", "video/quicktime": "mov", "video/x-matroska": "mkv", "video/webm": "webm", "video/mxf": "mxf",
        "application/mxf": "mxf", "video/x-msvideo": "avi", "audio/wav": "wav", "audio/x-wav": "wav", "audio/wave": "wav",
        "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/aac": "aac", "audio/flac": "flac",
    ]

    /// Highest file number (`chapter`) a camera may have.
    package static let maxChapter = 999

    /// Body of `POST …/assets/init-upload`.
    package typealias InitUpload = InitUploadRequest

    /// An open upload and its presigned part URLs.
    package struct UploadGrant: Sendable {
        package var asset: AssetRecord
        package var expiresAt: Date
        package var parts: [(partNumber: Int, url: String)]
    }

    /// Opens a multipart upload for a camera, or — when the camera's upload of the same file is still
    /// open — hands out fresh part URLs for it (clients resume), or, when that open upload's file has
    /// since changed size (its writer had paused), restarts it for the new size (`restartUpload`). 400 `INVALID_CAMERA_LABEL`, 400
    /// `VALIDATION_ERROR` (size, type, name, chapter), 409 `ASSET_EXISTS` when the camera's file (`chapter`,
    /// default 1) already has an asset.
    package func initUpload(_ identity: Identity, sessionId: UUID, _ request: InitUpload, now: Date = Date()) async throws -> UploadGrant {
        let session = try await accessibleSession(identity, id: sessionId)
        guard let label = request.cameraLabel, configuration.cameraLabels.contains(label) else {
            throw AppError(
                status: 400, code: .invalidCameraLabel,
                message: "cameraLabel must be one of \(configuration.cameraLabels.count == 26 ? "A–Z" : configuration.cameraLabels.joined(separator: ", "))",
                details: ["field": .string("cameraLabel")])
        }
        guard let fileName = request.filename?.trimmingCharacters(in: .whitespaces), !fileName.isEmpty, fileName.unicodeScalars.count <= 255 else {
            throw AppError.validation("filename is required (at most 255 characters)", field: "filename")
        }
        guard let contentType = request.contentType?.lowercased(), let ext = Self.mediaTypes[contentType] else {
            throw AppError.validation(
                "contentType must be one of \(Self.mediaTypes.keys.sorted().joined(separator: ", "))", field: "contentType")
        }
        guard let size = request.sizeBytes, size > 0, size <= configuration.maxAssetBytes,
            let plan = PartPlan(size: size, minPartMiB: configuration.minPartMiB)
        else {
            throw AppError(
                status: 400, code: APIErrorCode.validation, message: "sizeBytes must be 1…\(configuration.maxAssetBytes)",
                details: ["field": .string("sizeBytes"), "max_bytes": .number(Double(configuration.maxAssetBytes))])
        }
        let chapter = request.chapter ?? 1
        guard (1...Self.maxChapter).contains(chapter) else {
            throw AppError.validation("chapter must be 1…\(Self.maxChapter) (a camera's file number)", field: "chapter")
        }
        let camera = chapter == 1 ? "camera \(label)" : "camera \(label) chapter \(chapter)"
        var existing = try await repository.assets(sessionId: session.id).first { $0.cameraLabel == label && $0.chapter == chapter }
        // Resuming an upload the store has lost (a lifecycle rule aborted it) opens a new one instead.
        if let open = existing, open.status == .uploading, try await !uploadStillOpen(open) {
            existing = try await repository.asset(id: open.id)
        }
        var version = 1
        if let existing {
            switch existing.status {
            case .uploading where existing.fileName == ClientFileName.label(fileName) && existing.sizeBytes == size && existing.contentType == contentType:
                return try await grant(existing, now: now)
            case .uploading where existing.fileName == ClientFileName.label(fileName) && existing.contentType == contentType:
                return try await restartUpload(existing, size: size, plan: plan, now: now)
            case .failed:
                version = existing.version + 1
            default:
                throw AppError(
                    status: 409, code: .assetExists, message: "\(camera) already has an asset in this session",
                    details: ["assetId": .string(existing.id.uuidString.lowercased()), "status": .string(existing.status.rawValue),
                              "chapter": .number(Double(chapter))])
            }
        }
        let assetId = UUID()
        let key = self.key(session, assetId: assetId, camera: label, chapter: chapter, version: version, folder: "originals", ext: ext)
        let uploadId = try await blobStore.createMultipartUpload(key: key, contentType: contentType)
        let asset = AssetRecord(
            id: assetId, sessionId: session.id, orgId: session.orgId, cameraLabel: label, version: version, chapter: chapter,
            fileName: ClientFileName.label(fileName),
            contentType: contentType, sizeBytes: size, storageKey: key.rawValue, uploadId: uploadId, partSize: plan.partSize,
            partCount: plan.partCount, uploadExpiresAt: now.addingTimeInterval(configuration.uploadURLLifetime.timeInterval))
        let inserted: UniqueInsert
        do {
            inserted = try await repository.insertAsset(asset)
        } catch {
            try? await blobStore.abortMultipartUpload(key: key, uploadId: uploadId)
            // Not the client's doing (the database dropped the connection, a failover, a timeout): try again.
            throw AppError(
                status: 503, code: APIErrorCode.unavailable, message: "the upload could not be recorded; try again",
                headers: ["Retry-After": String(Self.retryAfterSeconds)])
        }
        guard inserted == .inserted else {
            try? await blobStore.abortMultipartUpload(key: key, uploadId: uploadId)
            // Another request opened this camera meanwhile.
            throw AppError(status: 409, code: .assetExists, message: "\(camera) already has an asset in this session")
        }
        return try await grant(asset, now: now)
    }

    func grant(_ asset: AssetRecord, now: Date) async throws -> UploadGrant {
        guard let key = BlobKey(asset.storageKey) else { throw AppError.conflict("bad storage key") }
        var parts: [(Int, String)] = []
        parts.reserveCapacity(asset.partCount)
        for number in 1...asset.partCount {
            let request = try await blobStore.presignUploadPart(
                key: key, uploadId: asset.uploadId, partNumber: number, sizeBytes: PartPlan.length(ofPart: number, size: asset.sizeBytes, partSize: asset.partSize, partCount: asset.partCount),
                expiresIn: configuration.uploadURLLifetime)
            parts.append((number, request.url))
        }
        return UploadGrant(asset: asset, expiresAt: now.addingTimeInterval(configuration.uploadURLLifetime.timeInterval), parts: parts)
    }

    /// Parts the store has accepted so far (a client resumes by sending the others).
    package func acceptedParts(_ identity: Identity, sessionId: UUID, assetId: UUID) async throws -> (AssetRecord, [UploadedPart]) {
        let session = try await accessibleSession(identity, id: sessionId)
        let asset = try await asset(in: session, id: assetId)
        guard asset.status == .uploading, let key = BlobKey(asset.storageKey) else {
            throw AppError(status: 409, code: .uploadCompleted, message: "the upload is already complete (status \(asset.status.rawValue))")
        }
        return (asset, try await partsOrLost(asset, key: key))
    }

    /// Body of `POST …/assets/{assetId}/complete`.
    package typealias Complete = CompleteUploadRequest

    /// Assembles the parts and queues ingestion. 400 `UPLOAD_FAILED` for a wrong upload id or a
    /// missing/unknown/mismatched part (the upload stays open, nothing is stored), 409 `UPLOAD_COMPLETED`
    /// when it was already completed.
    package func complete(_ identity: Identity, sessionId: UUID, assetId: UUID, _ request: Complete) async throws -> AssetRecord {
        let session = try await accessibleSession(identity, id: sessionId)
        let asset = try await asset(in: session, id: assetId)
        guard asset.status == .uploading else {
            throw AppError(status: 409, code: .uploadCompleted, message: "the upload is already complete (status \(asset.status.rawValue))")
        }
        guard request.uploadId == asset.uploadId else {
            throw AppError(status: 400, code: .uploadFailed, message: "uploadId does not match this asset's upload", details: ["field": .string("uploadId")])
        }
        let given = request.parts ?? []
        var parts: [CompletedPart] = []
        for part in given {
            guard let number = part.partNumber, let etag = part.etag, !etag.isEmpty else {
                throw AppError(status: 400, code: .uploadFailed, message: "every part needs partNumber and etag", details: ["field": .string("parts")])
            }
            parts.append(CompletedPart(partNumber: number, etag: etag))
        }
        let numbers = parts.map(\.partNumber)
        let expected = Array(1...asset.partCount)
        guard numbers.sorted() == expected else {
            let missing = Set(expected).subtracting(numbers).sorted()
            let unexpected = numbers.filter { !(1...asset.partCount).contains($0) }
            throw AppError(
                status: 400, code: .uploadFailed,
                message: "parts must be 1…\(asset.partCount) exactly once" + (missing.isEmpty ? "" : "; missing \(missing.prefix(20).map(String.init).joined(separator: ", "))"),
                details: ["missing": .array(missing.prefix(100).map { .number(Double($0)) }), "unexpected": .array(unexpected.prefix(100).map { .number(Double($0)) })])
        }
        guard let key = BlobKey(asset.storageKey) else { throw AppError.conflict("bad storage key") }
        var assembled: BlobMetadata?
        do {
            try await checkPartSizes(asset, key: key, parts: parts)
        } catch let error as AppError where error.code == .uploadNotFound {
            // The store has no such upload. A complete whose answer was lost (its process died, or the
            // database went away, after the store assembled the object) left the object: the client's
            // retry carries on from there. Otherwise the upload was aborted.
            guard let object = try await blobStore.head(key: key), object.size == asset.sizeBytes else {
                throw AppError(status: 400, code: .uploadFailed, message: "\(error.message)")
            }
            assembled = object
        }
        let stored: BlobMetadata
        if let assembled {
            stored = assembled
        } else {
            do {
                stored = try await blobStore.completeMultipartUpload(key: key, uploadId: asset.uploadId, parts: parts.sorted { $0.partNumber < $1.partNumber })
            } catch let error as BlobStoreError where error.code == .invalidParts {
                throw AppError(status: 400, code: .uploadFailed, message: "the store refused the parts: \(error.reason)")
            } catch let error as BlobStoreError where error.code == .uploadNotFound {
                // Completed by a concurrent request, or aborted.
                if let now = try await repository.asset(id: asset.id), now.status != .uploading {
                    throw AppError(status: 409, code: .uploadCompleted, message: "the upload is already complete")
                }
                if let assembled = try await blobStore.head(key: key) {
                    stored = assembled
                } else {
                    try await markLost(asset, key: key)
                    throw AppError(status: 400, code: .uploadFailed, message: "the upload no longer exists in the store; start again with init-upload")
                }
            }
        }
        guard stored.size == asset.sizeBytes else {
            // Parts replaced between the check and the assembly: keep nothing, a new version may start.
            try? await blobStore.delete(key: key)
            let message = "the stored object has \(stored.size) bytes; \(asset.sizeBytes) were declared"
            try await fail(asset, sessionId: session.id, code: .uploadFailed, message: message)
            throw AppError(status: 400, code: .uploadFailed, message: message, details: ["declared_bytes": .number(Double(asset.sizeBytes))])
        }
        let job = NewJob(kind: Self.ingestJobKind, payload: Self.payload(asset.id), maxAttempts: 3)
        guard let jobId = try await repository.markUploaded(id: asset.id, sizeBytes: stored.size, job: job) else {
            throw AppError(status: 409, code: .uploadCompleted, message: "the upload is already complete")
        }
        var updated = asset
        updated.status = .ingesting
        updated.sizeBytes = stored.size
        updated.ingestionJobId = jobId
        await emit(session.id, .ingesting(updated, progress: 0))
        return updated
    }

    static func payload(_ id: UUID) -> String { #"{"asset_id":""# + id.uuidString.lowercased() + #""}"# }

    /// `Retry-After` of a 503 for a transient database failure.
    static let retryAfterSeconds = 2

    package static func assetId(_ payload: String) -> UUID? {
        struct Payload: Decodable { var asset_id: String }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8))).flatMap { UUID(uuidString: $0.asset_id) }
    }

    /// 400 `UPLOAD_FAILED` (the upload stays open) unless every part being completed has exactly its
    /// planned length as the store holds it, so the assembled object is exactly the declared size. (A store
    /// may list an overwritten part twice; the ETag picks the one being completed.)
    func checkPartSizes(_ asset: AssetRecord, key: BlobKey, parts: [CompletedPart]) async throws {
        let held = try await partsOrLost(asset, key: key)
        let completing = Set(parts.map { "\($0.partNumber) \(Self.bareETag($0.etag))" })
        for part in held where completing.contains("\(part.partNumber) \(Self.bareETag(part.etag))") {
            let planned = PartPlan.length(ofPart: part.partNumber, size: asset.sizeBytes, partSize: asset.partSize, partCount: asset.partCount)
            guard part.size == planned else {
                throw AppError(
                    status: 400, code: .uploadFailed,
                    message: "part \(part.partNumber) has \(part.size) bytes; it must have \(planned) (sizeBytes \(asset.sizeBytes) was declared)",
                    details: ["partNumber": .number(Double(part.partNumber)), "expected_bytes": .number(Double(planned)),
                              "received_bytes": .number(Double(part.size))])
            }
        }
    }

    static func bareETag(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }
}
