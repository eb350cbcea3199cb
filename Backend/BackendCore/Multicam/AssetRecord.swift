import Foundation

/// One camera's media in a multi-camera session (seed 000), with its upload and derivatives.
public struct AssetRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Multipart upload open: parts are being sent.
        case uploading
        /// Original stored; ffprobe + derivatives job queued or running.
        case ingesting
        case ready
        case failed
    }

    public var id: UUID
    public var sessionId: UUID
    public var orgId: UUID
    public var cameraLabel: String
    /// 1 for a camera's first asset; a failed asset may be replaced by the next version.
    public var version: Int
    /// Client's file name: a label only.
    public var fileName: String
    public var contentType: String
    /// Declared at init-upload; the stored size once complete.
    public var sizeBytes: Int64
    public var storageKey: String
    public var uploadId: String
    public var partSize: Int64
    public var partCount: Int
    public var uploadExpiresAt: Date
    public var status: Status
    /// Seed error code when failed (`INGESTION_FAILED`, `VFR_CONVERSION_FAILED`, …).
    public var errorCode: String?
    public var errorMessage: String?
    /// Conditions recorded without failing the asset, e.g. `MISSING_AUDIO_TRACK`.
    public var issues: [String]
    public var metadata: AssetMetadata?
    public var derivatives: [AssetDerivative]
    public var ingestionJobId: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), sessionId: UUID, orgId: UUID, cameraLabel: String, version: Int, fileName: String, contentType: String,
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
public struct AssetMetadata: Sendable, Equatable, Codable {
    public var durationMs: Int
    public var fps: Double?
    /// `1920x1080`; nil for audio-only assets.
    public var resolution: String?
    /// Video codec (or the audio codec of an audio-only asset).
    public var codec: String
    public var hasAudio: Bool
    public var audioCodec: String?
    /// The source had a variable frame rate and derivatives were made at a constant one.
    public var variableFrameRate: Bool

    public init(durationMs: Int, fps: Double?, resolution: String?, codec: String, hasAudio: Bool, audioCodec: String?, variableFrameRate: Bool) {
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
public struct AssetDerivative: Sendable, Equatable, Codable {
    /// `proxy`, `mezzanine` or `audio-wav`.
    public var kind: String
    public var key: String
    public var sizeBytes: Int64
    public var contentType: String

    public init(kind: String, key: String, sizeBytes: Int64, contentType: String) {
        self.kind = kind
        self.key = key
        self.sizeBytes = sizeBytes
        self.contentType = contentType
    }
}
