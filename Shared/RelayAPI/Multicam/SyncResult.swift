import Foundation

/// `GET /v2/sessions/{id}/sync`: seed 000's fields, plus drift, loop consistency and the review history.
/// Per-camera maps are keyed by camera label and leave out the master camera.
package struct SyncResult: Codable, Sendable, Equatable {
    /// Signed URLs of the correlation plots.
    package struct DebugArtifacts: Codable, Sendable, Equatable {
        /// The first non-master camera's plot.
        package var correlationPlot: String?
        package var correlationPlots: [String: String?]

        package init(correlationPlot: String? = nil, correlationPlots: [String: String?]) {
            self.correlationPlot = correlationPlot
            self.correlationPlots = correlationPlots
        }

        enum CodingKeys: String, CodingKey {
            case correlationPlot
            case correlationPlots
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(correlationPlot, forKey: .correlationPlot)
            try container.encode(correlationPlots, forKey: .correlationPlots)
        }
    }

    package var sessionId: String
    package var status: String
    package var masterCamera: String
    package var method: String
    package var engine: String?
    /// Computed offsets in ms (two decimals).
    package var offsets: [String: Double]?
    package var confidence: [String: Double]
    package var classification: [String: String]
    package var driftPpm: [String: Double]
    package var inconsistentCameras: [String]
    package var operatorStatus: String?
    package var finalOffsets: [String: Double]?
    /// The computed offsets, once corrected.
    package var originalOffsets: [String: Double]?
    package var computedAt: Date?
    package var running: Bool
    package var lastError: String?
    package var history: [SyncReviewEntry]
    package var debugArtifacts: DebugArtifacts
    /// Every file's placement per camera (master included) when a camera recorded in several files;
    /// `null` when each camera has one file.
    package var files: [String: [SyncFile]]?

    package init(
        sessionId: String, status: String, masterCamera: String, method: String, engine: String? = nil,
        offsets: [String: Double]? = nil, confidence: [String: Double], classification: [String: String],
        driftPpm: [String: Double], inconsistentCameras: [String], operatorStatus: String? = nil,
        finalOffsets: [String: Double]? = nil, originalOffsets: [String: Double]? = nil, computedAt: Date? = nil,
        running: Bool, lastError: String? = nil, history: [SyncReviewEntry], debugArtifacts: DebugArtifacts,
        files: [String: [SyncFile]]? = nil
    ) {
        self.sessionId = sessionId
        self.status = status
        self.masterCamera = masterCamera
        self.method = method
        self.engine = engine
        self.offsets = offsets
        self.confidence = confidence
        self.classification = classification
        self.driftPpm = driftPpm
        self.inconsistentCameras = inconsistentCameras
        self.operatorStatus = operatorStatus
        self.finalOffsets = finalOffsets
        self.originalOffsets = originalOffsets
        self.computedAt = computedAt
        self.running = running
        self.lastError = lastError
        self.history = history
        self.debugArtifacts = debugArtifacts
        self.files = files
    }

    enum CodingKeys: String, CodingKey {
        case sessionId
        case status
        case masterCamera
        case method
        case engine
        case offsets
        case confidence
        case classification
        case driftPpm
        case inconsistentCameras
        case operatorStatus
        case finalOffsets
        case originalOffsets
        case computedAt
        case running
        case lastError
        case history
        case debugArtifacts
        case files
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(status, forKey: .status)
        try container.encode(masterCamera, forKey: .masterCamera)
        try container.encode(method, forKey: .method)
        try container.encode(engine, forKey: .engine)
        try container.encode(offsets, forKey: .offsets)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(classification, forKey: .classification)
        try container.encode(driftPpm, forKey: .driftPpm)
        try container.encode(inconsistentCameras, forKey: .inconsistentCameras)
        try container.encode(operatorStatus, forKey: .operatorStatus)
        try container.encode(finalOffsets, forKey: .finalOffsets)
        try container.encode(originalOffsets, forKey: .originalOffsets)
        try container.encode(computedAt, forKey: .computedAt)
        try container.encode(running, forKey: .running)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(history, forKey: .history)
        try container.encode(debugArtifacts, forKey: .debugArtifacts)
        try container.encode(files, forKey: .files)
    }
}
