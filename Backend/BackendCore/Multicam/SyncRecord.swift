import Foundation
import RelaySync

/// A session's audio sync (seed 000): the engine's result, the operator's review, and its history.
package struct SyncRecord: Sendable, Equatable {
    package enum State: String, Sendable, Codable {
        case running
        case computed
        case failed
    }

    package var sessionId: UUID
    package var state: State
    package var masterCamera: String
    /// The method the client asked for (`xcorr` or `gcc-phat`); the engine's own description is in
    /// `analysis.method`.
    package var method: String
    package var jobId: String
    /// The last completed analysis (kept while a new one runs).
    package var analysis: SyncAnalysis?
    /// Correlation plot keys by camera.
    package var plotKeys: [String: String]
    package var computedAt: Date?
    package var error: String?
    /// `pending` after computing, `approved` or `corrected` after review.
    package var operatorStatus: String?
    package var finalOffsets: [String: Double]?
    package var history: [SyncReview]
    package var updatedAt: Date

    package init(
        sessionId: UUID, state: State, masterCamera: String, method: String, jobId: String, analysis: SyncAnalysis? = nil,
        plotKeys: [String: String] = [:], computedAt: Date? = nil, error: String? = nil, operatorStatus: String? = nil,
        finalOffsets: [String: Double]? = nil, history: [SyncReview] = [], updatedAt: Date = Date()
    ) {
        self.sessionId = sessionId
        self.state = state
        self.masterCamera = masterCamera
        self.method = method
        self.jobId = jobId
        self.analysis = analysis
        self.plotKeys = plotKeys
        self.computedAt = computedAt
        self.error = error
        self.operatorStatus = operatorStatus
        self.finalOffsets = finalOffsets
        self.history = history
        self.updatedAt = updatedAt
    }

    /// What `MulticamStatus` needs: `running`, the operator status after computing, or nil.
    package var statusInput: String? {
        switch state {
        case .running: "running"
        case .computed: operatorStatus
        case .failed: analysis == nil ? nil : operatorStatus
        }
    }
}

/// One approval or correction: who (the authenticated caller, plus the name the client gave), when, why,
/// and the offsets it set.
package struct SyncReview: Sendable, Equatable, Codable {
    package var action: String
    package var userId: String
    package var claimedBy: String?
    package var at: Date
    package var notes: String?
    package var offsets: [String: Double]

    package init(action: String, userId: String, claimedBy: String?, at: Date, notes: String?, offsets: [String: Double]) {
        self.action = action
        self.userId = userId
        self.claimedBy = claimedBy
        self.at = at
        self.notes = notes
        self.offsets = offsets
    }
}
