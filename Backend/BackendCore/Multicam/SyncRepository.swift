import Foundation
import RelaySync

/// Persistence of session syncs; every change is one conditional statement.
package protocol SyncRepository: Sendable {
    func sync(sessionId: UUID) async throws -> SyncRecord?
    /// Marks a sync running with `jobId` (creating the row if needed); false when one is already running.
    func start(sessionId: UUID, masterCamera: String, method: String, jobId: String) async throws -> Bool
    /// running (with `jobId`) → computed, review reset to pending.
    func finish(sessionId: UUID, jobId: String, analysis: SyncAnalysis, plotKeys: [String: String]) async throws -> Bool
    /// running (with `jobId`) → failed with `error` (a previous analysis stays).
    func fail(sessionId: UUID, jobId: String, error: String) async throws -> Bool
    /// computed → reviewed: sets operator status and final offsets and appends to the history.
    func review(sessionId: UUID, operatorStatus: String, finalOffsets: [String: Double], entry: SyncReview) async throws -> Bool
}
