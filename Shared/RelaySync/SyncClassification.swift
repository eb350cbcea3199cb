/// The verdict on one camera, as the strings the API carries.
package enum SyncClassification: String, Sendable, Codable, CaseIterable {
    /// The offset is trustworthy: apply it.
    case looksGood = "looks-good"
    /// There is a match but something is doubtful (weak or ambiguous peak, windows disagree, a
    /// loop does not close): show the offset, ask a human.
    case reviewSuggested = "review-suggested"
    /// No evidence of shared audio: the offset is meaningless.
    case noMatch = "no-match"
}
