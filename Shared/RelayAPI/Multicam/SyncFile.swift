/// One file of a camera in `GET /v2/sessions/{id}/sync` when a camera recorded in several files
/// (chapters): where it sits on the master's timeline, measured on its own.
package struct SyncFile: Codable, Sendable, Equatable {
    package var chapter: Int
    package var assetId: String
    /// This file's offset (ms, two decimals) in the convention of `offsets`: the file's time minus the
    /// master's, at the start of their overlap.
    package var offsetMs: Double
    package var driftPpm: Double
    package var confidence: Double
    package var classification: String
    package var durationMs: Double
    /// Master time (ms) of the file's first and last sample; `null` when the file was not placed.
    package var startMs: Double?
    package var endMs: Double?
    /// Master time (ms) between the camera's previous file's end and this one's start (negative: they
    /// overlap); `null` for the first file or when either was not placed.
    package var gapBeforeMs: Double?

    package init(
        chapter: Int, assetId: String, offsetMs: Double, driftPpm: Double, confidence: Double, classification: String,
        durationMs: Double, startMs: Double?, endMs: Double?, gapBeforeMs: Double?
    ) {
        self.chapter = chapter
        self.assetId = assetId
        self.offsetMs = offsetMs
        self.driftPpm = driftPpm
        self.confidence = confidence
        self.classification = classification
        self.durationMs = durationMs
        self.startMs = startMs
        self.endMs = endMs
        self.gapBeforeMs = gapBeforeMs
    }

    enum CodingKeys: String, CodingKey {
        case chapter
        case assetId
        case offsetMs
        case driftPpm
        case confidence
        case classification
        case durationMs
        case startMs
        case endMs
        case gapBeforeMs
    }

    // Members without a value are sent as `null`, not left out, as the API always does.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chapter, forKey: .chapter)
        try container.encode(assetId, forKey: .assetId)
        try container.encode(offsetMs, forKey: .offsetMs)
        try container.encode(driftPpm, forKey: .driftPpm)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(classification, forKey: .classification)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(startMs, forKey: .startMs)
        try container.encode(endMs, forKey: .endMs)
        try container.encode(gapBeforeMs, forKey: .gapBeforeMs)
    }
}
