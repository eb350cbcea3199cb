import Foundation
import RelaySync

/// A session's audio sync (seed 000): the engine's result, the operator's review, and its history.
public struct SyncRecord: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        case running
        case computed
        case failed
    }

    public var sessionId: UUID
    public var state: State
    public var masterCamera: String
    /// The method the client asked for (`xcorr` or `gcc-phat`); the engine's own description is in
    /// `analysis.method`.
    public var method: String
    public var jobId: String
    /// The last completed analysis (kept while a new one runs).
    public var analysis: SyncAnalysis?
    /// Correlation plot keys by camera.
    public var plotKeys: [String: String]
    public var computedAt: Date?
    public var error: String?
    /// `pending` after computing, `approved` or `corrected` after review.
    public var operatorStatus: String?
    public var finalOffsets: [String: Double]?
    public var history: [SyncReview]
    public var updatedAt: Date

    public init(
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
    public var statusInput: String? {
        switch state {
        case .running: "running"
        case .computed: operatorStatus
        case .failed: analysis == nil ? nil : operatorStatus
        }
    }
}

/// One approval or correction: who (the authenticated caller, plus the name the client gave), when, why,
/// and the offsets it set.
public struct SyncReview: Sendable, Equatable, Codable {
    public var action: String
    public var userId: String
    public var claimedBy: String?
    public var at: Date
    public var notes: String?
    public var offsets: [String: Double]

    public init(action: String, userId: String, claimedBy: String?, at: Date, notes: String?, offsets: [String: Double]) {
        self.action = action
        self.userId = userId
        self.claimedBy = claimedBy
        self.at = at
        self.notes = notes
        self.offsets = offsets
    }
}
