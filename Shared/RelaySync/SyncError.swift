/// Why an analysis could not run at all (a camera that merely fails to match is not an error: it
/// is classified ``SyncClassification/noMatch``).
package enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A track has a sample rate ≤ 0.
    case invalidSampleRate(label: String, rate: Int)
    /// A track is shorter than the 1 s minimum the engine needs.
    case trackTooShort(label: String, seconds: Double)
    /// The configuration is unusable (the message says why).
    case invalidConfiguration(String)

    package var description: String {
        switch self {
        case let .invalidSampleRate(label, rate): "track \(label): invalid sample rate \(rate)"
        case let .trackTooShort(label, seconds): "track \(label): \(seconds) s of audio, need at least 1 s"
        case let .invalidConfiguration(message): "invalid sync configuration: \(message)"
        }
    }
}
