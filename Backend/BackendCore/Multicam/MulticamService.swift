import Foundation
import RelayAPI
import RelaySync

/// Seed 000's multi-camera sessions: creation, multipart uploads through presigned part URLs, ingestion
/// into derivatives, status, and the events a session's WebSocket carries.
package struct MulticamService: Sendable {
    package let repository: any MulticamRepository
    package let syncRepository: any SyncRepository
    /// The sync engine's settings (search range, analysis rate).
    package let syncConfiguration: SyncConfiguration
    package let blobStore: any BlobStore
    package let jobQueue: any JobQueue
    package let bus: any EventBus
    package let configuration: MulticamConfiguration
    package let ffmpegPath: String
    package let ffprobePath: String
    /// Bounds on camera files and tool run times (shared with videos: `VideoConfiguration.limits`).
    package let mediaLimits: MediaLimits
    /// Scratch space for ffmpeg (`{data_dir}/work`).
    package let workRoot: URL

    package static let ingestJobKind = "asset.ingest"
    package static let downloadURLLifetime: Duration = .seconds(3600)

    package init(
        repository: any MulticamRepository, syncRepository: any SyncRepository, blobStore: any BlobStore, jobQueue: any JobQueue,
        bus: any EventBus, configuration: MulticamConfiguration, syncConfiguration: SyncConfiguration = SyncConfiguration(),
        ffmpegPath: String = "ffmpeg", ffprobePath: String = "ffprobe", mediaLimits: MediaLimits = MediaLimits(), workRoot: URL
    ) {
        self.repository = repository
        self.syncRepository = syncRepository
        self.syncConfiguration = syncConfiguration
        self.blobStore = blobStore
        self.jobQueue = jobQueue
        self.bus = bus
        self.configuration = configuration
        self.ffmpegPath = ffmpegPath
        self.ffprobePath = ffprobePath
        self.mediaLimits = mediaLimits
        self.workRoot = workRoot
    }

    /// Bus channel of one session's events.
    package static func channel(_ sessionId: UUID) -> String { "session." + sessionId.uuidString.lowercased() }

    // MARK: Sessions

    /// Body of `POST /v2/sessions`.
    package typealias NewSession = CreateMulticamSessionRequest

    /// Creates a `draft` session. Title, date (`yyyy-MM-dd`) and projectId (1–64 `[A-Za-z0-9._-]`, it
    /// becomes part of storage keys) are required.
    /// With an `idempotencyKey` (the `Idempotency-Key` header) a repeated request of the same caller gets
    /// the session the first one created (the agent retries after lost answers and crashes); the same key
    /// with another body is 422 (`IdempotentRequest`).
    package func createSession(_ identity: Identity, _ request: NewSession, idempotencyKey: String? = nil) async throws -> MulticamSessionRecord {
        let idempotency = try IdempotentRequest(key: idempotencyKey, actor: identity.subject, route: "POST /v2/sessions", body: request)
        guard let title = request.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else {
            throw AppError.validation("title is required", field: "title")
        }
        guard title.unicodeScalars.count <= 200 else { throw AppError.validation("title is longer than 200 characters", field: "title") }
        guard let date = request.date, Self.isDate(date) else {
            throw AppError.validation("date is required as yyyy-MM-dd", field: "date")
        }
        guard let project = request.projectId, (1...64).contains(project.utf8.count), BlobKey(project) != nil, !project.contains("/") else {
            throw AppError.validation("projectId is required: 1–64 characters of A–Z a–z 0–9 . _ -", field: "projectId")
        }
        for (field, value) in [("location", request.location), ("notes", request.notes)] where (value?.unicodeScalars.count ?? 0) > 2000 {
            throw AppError.validation("\(field) is longer than 2000 characters", field: field)
        }
        let session = MulticamSessionRecord(
            orgId: identity.orgId, title: title, date: date, location: request.location, notes: request.notes, projectId: project,
            createdBy: identity.subject)
        guard let idempotency else {
            try await repository.insertSession(session)
            return session
        }
        guard let stored = try await repository.insertSession(session, idempotency: idempotency) else {
            throw AppError.unavailable("the session for idempotency key \(idempotency.key) was not stored")
        }
        try idempotency.checkReplay(of: stored.fingerprint)
        return stored.session
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1900...2999).contains(year)
        else { return false }
        var components = DateComponents(year: year, month: month, day: day)
        components.calendar = Calendar(identifier: .gregorian)
        return components.isValidDate
    }

    /// The session if it is in the caller's org; 404 `SESSION_NOT_FOUND` otherwise.
    package func accessibleSession(_ identity: Identity, id: UUID) async throws -> MulticamSessionRecord {
        guard let session = try await repository.session(id: id), session.orgId == identity.orgId else {
            throw AppError(status: 404, code: .sessionNotFound, message: "session not found")
        }
        return session
    }

    /// The asset if it belongs to the session; 404 `ASSET_NOT_FOUND` otherwise.
    package func asset(in session: MulticamSessionRecord, id: UUID) async throws -> AssetRecord {
        guard let asset = try await repository.asset(id: id), asset.sessionId == session.id else {
            throw AppError(status: 404, code: .assetNotFound, message: "asset not found")
        }
        return asset
    }

    /// Status counts and the derived status.
    package func status(_ session: MulticamSessionRecord) async throws -> (MulticamStatus.Summary, updatedAt: Date) {
        let assets = try await repository.assets(sessionId: session.id)
        let sync = try await syncRepository.sync(sessionId: session.id)
        let updated = ([session.updatedAt, sync?.updatedAt].compactMap { $0 } + assets.map(\.updatedAt)).max() ?? session.updatedAt
        let cameras = Set(assets.map(\.cameraLabel)).count
        return (MulticamStatus.summarize(assets.map(\.status), syncState: sync?.statusInput, cameras: cameras), updated)
    }

    /// A signed GET URL for a stored object.
    package func downloadURL(_ key: String) async throws -> String? {
        guard let key = BlobKey(key) else { return nil }
        return try await blobStore.presignGet(key: key, expiresIn: Self.downloadURLLifetime).url
    }

    // MARK: Keys

    /// The key of asset `assetId`'s object in `folder` (`StorageKeys.multicamAsset`): seed 000's layout
    /// under the org, with the asset's id so two sessions of one project and day never share a key.
    func key(_ session: MulticamSessionRecord, assetId: UUID, camera: String, chapter: Int, version: Int, folder: String, ext: String) -> BlobKey {
        StorageKeys.multicamAsset(
            orgId: session.orgId, projectId: session.projectId, date: session.date, assetId: assetId,
            cameraIndex: (configuration.cameraLabels.firstIndex(of: camera) ?? 0) + 1, chapter: chapter, version: version, folder: folder, ext: ext)
    }

    func emit(_ sessionId: UUID, _ event: SessionEvent) async {
        await bus.publish(Self.channel(sessionId), event.json)
    }
}
