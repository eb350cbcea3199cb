import Foundation

/// One uploaded video and where its HLS output stands (seed 003).
package struct VideoRecord: Sendable, Equatable {
    /// Seed 003's lifecycle: UPLOADED → PROCESSING → READY | FAILED.
    package enum State: String, Sendable, Codable, CaseIterable {
        case uploaded = "UPLOADED"
        case processing = "PROCESSING"
        case ready = "READY"
        case failed = "FAILED"

        package var isTerminal: Bool { self == .ready || self == .failed }
    }

    /// Where the adaptive ladder stands once the first playable manifest exists.
    package enum LadderState: String, Sendable, Codable {
        /// Ladder disabled, or the first pass already was the ladder.
        case none
        case pending
        case done
        case failed
    }

    package var id: UUID
    package var orgId: UUID
    /// The user or device that uploaded it.
    package var uploadedBy: UUID
    package var state: State
    /// Why it failed, in words a person can act on.
    package var failureReason: String?
    /// The uploaded bytes (server-built key).
    package var originalKey: String
    /// The client's file name: a label only, never a path.
    package var fileName: String
    package var sizeBytes: Int64
    /// Filled by ffprobe.
    package var metadata: VideoMetadata?
    /// Playlist file served at `/manifest` (`src.m3u8` after the remux, `master.m3u8` after the ladder).
    package var manifest: String?
    /// Media playlists (rendition names) that exist in storage.
    package var renditions: [String]
    package var ladderState: LadderState
    package var createdAt: Date
    package var updatedAt: Date

    package init(
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
