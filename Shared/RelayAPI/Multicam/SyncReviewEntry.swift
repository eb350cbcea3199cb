import Foundation

/// One approval or correction in a sync's history.
package struct SyncReviewEntry: Codable, Sendable, Equatable {
    /// `approved` or `corrected`.
    package var action: String
    package var userId: String
    /// The name the reviewer gave (`approvedBy`/`correctedBy`).
    package var by: String?
    package var at: Date?
    package var notes: String?
    package var offsets: [String: Double]?

    package init(
        action: String, userId: String, by: String? = nil, at: Date? = nil, notes: String? = nil,
        offsets: [String: Double]? = nil
    ) {
        self.action = action
        self.userId = userId
        self.by = by
        self.at = at
        self.notes = notes
        self.offsets = offsets
    }

    enum CodingKeys: String, CodingKey {
        case action
        case userId
        case by
        case at
        case notes
        case offsets
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(userId, forKey: .userId)
        try container.encode(by, forKey: .by)
        try container.encode(at, forKey: .at)
        try container.encode(notes, forKey: .notes)
        try container.encode(offsets, forKey: .offsets)
    }
}
