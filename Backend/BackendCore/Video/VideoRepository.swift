import Foundation

/// Persistence of videos (seed 003). Every state change is one conditional statement.
package protocol VideoRepository: Sendable {
    func insert(_ video: VideoRecord) async throws
    func video(id: UUID) async throws -> VideoRecord?
    /// A page of the org's videos (of one state, when given), newest first, and how many match in all.
    func videos(orgId: UUID, state: VideoRecord.State?, limit: Int, offset: Int) async throws -> (rows: [VideoRecord], total: Int)
    /// Deletes a video row (only used to undo an upload whose job could not be queued).
    func delete(id: UUID) async throws

    /// Moves the video to `to` if its state is one of `from`; returns false otherwise.
    func transition(id: UUID, from: [VideoRecord.State], to: VideoRecord.State, failureReason: String?) async throws -> Bool

    /// Records ffprobe's findings.
    func setMetadata(id: UUID, metadata: VideoMetadata) async throws

    /// Points `/manifest` at `manifest` with `renditions` and the ladder state; with `ready`, also moves
    /// PROCESSING → READY in the same statement. Returns false if the video was not in a state to take it.
    func publishManifest(
        id: UUID, manifest: String, renditions: [String], ladderState: VideoRecord.LadderState, ready: Bool
    ) async throws -> Bool

    /// Records the ladder's outcome without touching the manifest.
    func setLadderState(id: UUID, _ state: VideoRecord.LadderState) async throws

    /// READY videos of `orgId` that have a manifest, oldest first.
    func readyVideoIds(orgId: UUID) async throws -> [UUID]
}
