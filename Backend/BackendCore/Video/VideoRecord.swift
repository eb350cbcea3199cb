import Foundation

/// One uploaded video and where its HLS output stands (seed 003).
public struct VideoRecord: Sendable, Equatable {
    /// Seed 003's lifecycle: UPLOADED → PROCESSING → READY | FAILED.
    public enum State: String, Sendable, Codable, CaseIterable {
        case uploaded = "UPLOADED"
        case processing = "PROCESSING"
        case ready = "READY"
        case failed = "FAILED"

        public var isTerminal: Bool { self == .ready || self == .failed }
    }

    /// Where the adaptive ladder stands once the first playable manifest exists.
    public enum LadderState: String, Sendable, Codable {
        /// Ladder disabled, or the first pass already was the ladder.
        case none
        case pending
        case done
        case failed
    }

    public var id: UUID
    public var orgId: UUID
    /// The user or device that uploaded it.
    public var uploadedBy: UUID
    public var state: State
    /// Why it failed, in words a person can act on.
    public var failureReason: String?
    /// The uploaded bytes (server-built key).
    public var originalKey: String
    /// The client's file name: a label only, never a path.
    public var fileName: String
    public var sizeBytes: Int64
    /// Filled by ffprobe.
    public var metadata: VideoMetadata?
    /// Playlist file served at `/manifest` (`src.m3u8` after the remux, `master.m3u8` after the ladder).
    public var manifest: String?
    /// Media playlists (rendition names) that exist in storage.
    public var renditions: [String]
    public var ladderState: LadderState
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), orgId: UUID, uploadedBy: UUID, state: State = .uploaded, failureReason: String? = nil,
        originalKey: String, fileName: String, sizeBytes: Int64, metadata: VideoMetadata? = nil, manifest: String? = nil,
        renditions: [String] = [], ladderState: LadderState = .none, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.orgId = orgId
        self.uploadedBy = uploadedBy
        self.state = state
        self.failureReason = failureReason
        self.originalKey = originalKey
        self.fileName = fileName
        self.sizeBytes = sizeBytes
        self.metadata = metadata
        self.manifest = manifest
        self.renditions = renditions
        self.ladderState = ladderState
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
