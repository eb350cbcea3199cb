import Foundation

/// One camera's media in a multi-camera session (seed 000), with its upload and derivatives.
package struct AssetRecord: Sendable, Equatable {
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Multipart upload open: parts are being sent.
        case uploading
        /// Original stored; ffprobe + derivatives job queued or running.
        case ingesting
        case ready
        case failed
    }

    package var id: UUID
    package var sessionId: UUID
    package var orgId: UUID
    package var cameraLabel: String
    /// 1 for a camera's first asset; a failed asset may be replaced by the next version.
    package var version: Int
    /// The camera's file number, 1 for its first: a camera that records in several files (chapters
    /// split at 4 GB or 30 minutes, or stopped and started again) has one asset per file.
    package var chapter: Int
    /// Client's file name: a label only.
    package var fileName: String
    package var contentType: String
    /// Declared at init-upload; the stored size once complete.
    package var sizeBytes: Int64
    package var storageKey: String
    package var uploadId: String
    package var partSize: Int64
    package var partCount: Int
    package var uploadExpiresAt: Date
    package var status: Status
    /// Seed error code when failed (`INGESTION_FAILED`, `VFR_CONVERSION_FAILED`, …).
    package var errorCode: String?
    package var errorMessage: String?
    /// Conditions recorded without failing the asset, e.g. `MISSING_AUDIO_TRACK`.
    package var issues: [String]
    package var metadata: AssetMetadata?
    package var derivatives: [AssetDerivative]
    package var ingestionJobId: String?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: UUID = UUID(), sessionId: UUID, orgId: UUID, cameraLabel: String, version: Int, chapter: Int = 1, fileName: String, contentType: String,
        sizeBytes: Int64, storageKey: String, uploadId: String, partSize: Int64, partCount: Int, uploadExpiresAt: Date,
        status: Status = .uploading, errorCode: String? = nil, errorMessage: String? = nil, issues: [String] = [],
        metadata: AssetMetadata? = nil, derivatives: [AssetDerivative] = [], ingestionJobId: String? = nil, createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.sessionId = sessionId
        self.orgId = orgId
        self.cameraLabel = cameraLabel
        self.version = version
        self.chapter = chapter
        self.fileName = fileName
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.storageKey = storageKey
        self.uploadId = uploadId
        self.partSize = partSize
        self.partCount = partCount
        self.uploadExpiresAt = uploadExpiresAt
        self.status = status
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.issues = issues
        self.metadata = metadata
        self.derivatives = derivatives
        self.ingestionJobId = ingestionJobId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// ffprobe's findings in seed 000's shape, plus what ingestion decided.
package struct AssetMetadata: Sendable, Equatable, Codable {
    package var durationMs: Int
    package var fps: Double?
    /// `1920x1080`; nil for audio-only assets.
    package var resolution: String?
    /// Video codec (or the audio codec of an audio-only asset).
    package var codec: String
    package var hasAudio: Bool
    package var audioCodec: String?
    /// The source had a variable frame rate and derivatives were made at a constant one.
    package var variableFrameRate: Bool

    package init(durationMs: Int, fps: Double?, resolution: String?, codec: String, hasAudio: Bool, audioCodec: String?, variableFrameRate: Bool) {
        self.durationMs = durationMs
        self.fps = fps
        self.resolution = resolution
        self.codec = codec
        self.hasAudio = hasAudio
        self.audioCodec = audioCodec
        self.variableFrameRate = variableFrameRate
    }
}

/// One derived file in the store.
package struct AssetDerivative: Sendable, Equatable, Codable {
    /// `proxy`, `mezzanine` or `audio-wav`.
    package var kind: String
    package var key: String
    package var sizeBytes: Int64
    package var contentType: String

    package init(kind: String, key: String, sizeBytes: Int64, contentType: String) {
        self.kind = kind
        self.key = key
        self.sizeBytes = sizeBytes
        self.contentType = contentType
    }
}
