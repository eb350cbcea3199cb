import Foundation

/// Answer of `POST /v2/sessions/{id}/sync/approve` and `/correct`.
package struct SyncReviewResult: Codable, Sendable, Equatable {
    package var sessionId: String
    package var status: String
    package var operatorStatus: String?
    package var finalOffsets: [String: Double]?
    /// Only after a correction.
    package var originalOffsets: [String: Double]?
    /// Only after a correction.
    package var correctedAt: Date?
    /// Only after an approval.
    package var approvedAt: Date?

    package init(
        sessionId: String, status: String, operatorStatus: String? = nil, finalOffsets: [String: Double]? = nil,
        originalOffsets: [String: Double]? = nil, correctedAt: Date? = nil, approvedAt: Date? = nil
    ) {
        self.sessionId = sessionId
        self.status = status
        self.operatorStatus = operatorStatus
        self.finalOffsets = finalOffsets
        self.originalOffsets = originalOffsets
        self.correctedAt = correctedAt
        self.approvedAt = approvedAt
    }

    enum CodingKeys: String, CodingKey {
        case sessionId
        case status
        case operatorStatus
        case finalOffsets
        case originalOffsets
        case correctedAt
        case approvedAt
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(status, forKey: .status)
        try container.encode(operatorStatus, forKey: .operatorStatus)
        try container.encode(finalOffsets, forKey: .finalOffsets)
        try container.encodeIfPresent(originalOffsets, forKey: .originalOffsets)
        try container.encodeIfPresent(correctedAt, forKey: .correctedAt)
        try container.encodeIfPresent(approvedAt, forKey: .approvedAt)
    }
}
