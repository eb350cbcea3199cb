import Foundation
import Logging
import RelayAPI

/// Seed 003: uploaded videos, their processing into HLS, and what the streaming endpoints serve.
package struct VideoService: Sendable {
    package let repository: any VideoRepository
    package let blobStore: any BlobStore
    package let jobQueue: any JobQueue
    package let bus: any EventBus
    package let configuration: VideoConfiguration
    /// Scratch space for ffmpeg (`{data_dir}/work`); each job uses and removes its own folder.
    package let workRoot: URL

    package static let processJobKind = "video.process"
    package static let ladderJobKind = "video.ladder"
    package static let notFoundCode = APIErrorCode.videoNotFound
    package static let notReadyCode = APIErrorCode.videoNotReady
    package static let segmentNotFoundCode = APIErrorCode.segmentNotFound

    package init(
        repository: any VideoRepository, blobStore: any BlobStore, jobQueue: any JobQueue, bus: any EventBus,
        configuration: VideoConfiguration, workRoot: URL
    ) {
        self.repository = repository
        self.blobStore = blobStore
        self.jobQueue = jobQueue
        self.bus = bus
        self.configuration = configuration
        self.workRoot = workRoot
    }

    /// Bus channel of one video's state changes.
    package static func channel(_ id: UUID) -> String { "video." + id.uuidString.lowercased() }

    static func originalKey(orgId: UUID, videoId: UUID) -> BlobKey {
        StorageKeys.videoOriginal(orgId: orgId, videoId: videoId)
    }

    /// Key of an HLS file (`src.m3u8`, `720p_00003.ts`, `master.m3u8`); `name` must pass `HLSNames`.
    static func hlsKey(_ video: VideoRecord, _ name: String) -> BlobKey {
        StorageKeys.videoHLS(orgId: video.orgId, videoId: video.id, name: name)
    }

    // MARK: Upload

    /// Stores an uploaded file (already streamed to `file` on local disk), creates the video UPLOADED and
    /// queues its processing. The file stays the caller's to delete.
    package func createVideo(_ identity: Identity, file: URL, fileName: String, size: Int64, contentType: String?) async throws
        -> VideoRecord
    {
        let id = UUID()
        let key = Self.originalKey(orgId: identity.orgId, videoId: id)
        try await blobStore.upload(key: key, from: file, contentType: contentType ?? "application/octet-stream")
        let video = VideoRecord(
            id: id, orgId: identity.orgId, uploadedBy: identity.subject, originalKey: key.rawValue,
            fileName: ClientFileName.label(fileName), sizeBytes: size)
        do {
            try await repository.insert(video)
        } catch {
            try? await blobStore.delete(key: key)
            throw error
        }
        do {
            try await jobQueue.enqueue(NewJob(kind: Self.processJobKind, payload: Self.payload(id), maxAttempts: 4))
        } catch {
            // Without a job the video would stay UPLOADED for ever: undo it and let the client retry.
            try? await repository.delete(id: id)
            try? await blobStore.delete(key: key)
            throw error
        }
        return video
    }

    static func payload(_ id: UUID) -> String { #"{"video_id":""# + id.uuidString.lowercased() + #""}"# }

    /// The video id in a job payload.
    package static func videoId(_ payload: String) -> UUID? {
        struct Payload: Decodable { var video_id: String }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8))).flatMap { UUID(uuidString: $0.video_id) }
    }

    // MARK: Reading

    /// The video if it exists in the caller's org; 404 `VIDEO_NOT_FOUND` otherwise (other orgs' ids look
    /// exactly like unknown ones).
    package func accessibleVideo(_ identity: Identity, id: UUID) async throws -> VideoRecord {
        guard let video = try await repository.video(id: id), video.orgId == identity.orgId else {
            throw AppError(status: 404, code: Self.notFoundCode, message: "video not found")
        }
        return video
    }

    /// Ids of the caller's org's videos that are READY with a manifest.
    package func readyVideoIds(_ identity: Identity) async throws -> [UUID] {
        try await repository.readyVideoIds(orgId: identity.orgId)
    }

    /// The video if it can be streamed: 404 unknown, 409 `VIDEO_NOT_READY` otherwise.
    package func streamableVideo(_ identity: Identity, id: UUID) async throws -> VideoRecord {
        let video = try await accessibleVideo(identity, id: id)
        guard video.state == .ready, video.manifest != nil else {
            throw AppError(
                status: 409, code: Self.notReadyCode, message: "video is not ready for streaming (state \(video.state.rawValue))",
                details: ["state": .string(video.state.rawValue)])
        }
        return video
    }

    /// The playlist served at `/manifest`: the master playlist after the ladder, the remux's media
    /// playlist before.
    package func manifest(_ identity: Identity, id: UUID) async throws -> String {
        let video = try await streamableVideo(identity, id: id)
        return try await playlistText(video, name: video.manifest ?? "")
    }

    /// One rendition's media playlist (`720p.m3u8`), as named by the master playlist.
    package func mediaPlaylist(_ identity: Identity, id: UUID, name: String) async throws -> String {
        let video = try await streamableVideo(identity, id: id)
        guard HLSNames.isPlaylist(name), video.renditions.contains(String(name.dropLast(".m3u8".count))) else {
            throw AppError(status: 404, code: Self.notFoundCode, message: "no playlist \(name.prefix(40)) for this video")
        }
        return try await playlistText(video, name: name)
    }

    func playlistText(_ video: VideoRecord, name: String) async throws -> String {
        do {
            return String(decoding: try await blobStore.get(key: Self.hlsKey(video, name)), as: UTF8.self)
        } catch let error as BlobStoreError where error.code == .notFound {
            throw AppError.unavailable("the video's playlist is missing from storage")
        }
    }

    /// Where a segment is stored and what the store knows of it; 404 `SEGMENT_NOT_FOUND` for a name that
    /// is not a segment of this video's renditions or is not in storage.
    package func segment(_ identity: Identity, id: UUID, segmentId: String) async throws -> (key: BlobKey, metadata: BlobMetadata) {
        let video = try await streamableVideo(identity, id: id)
        let notFound = AppError(status: 404, code: Self.segmentNotFoundCode, message: "segment not found")
        guard let rendition = HLSNames.rendition(ofSegment: segmentId), video.renditions.contains(rendition) else { throw notFound }
        let key = Self.hlsKey(video, segmentId)
        guard let metadata = try await blobStore.head(key: key) else { throw notFound }
        return (key, metadata)
    }
}
