/// Seed 002's analysis methods that this engine runs. `spectral` and `xcorr` are the same estimator
/// (GCC-PHAT, ``SyncEngine``); `onset` and `mfcc` are independent ones, so agreement between them means
/// something. (`ai` needs model weights that are not shipped; the API refuses it by name.)
package enum SyncMethod: String, Sendable, Codable, CaseIterable {
    case spectral
    case xcorr
    case onset
    case mfcc

    /// How far two estimates may differ and still agree: twice the coarser resolution, at least 2 ms.
    package static func agreementToleranceMs(_ a: Double, _ b: Double) -> Double { max(2, 2 * max(a, b)) }

    /// The name shown as `method_used`.
    package var displayName: String {
        switch self {
        case .spectral: "Spectral (GCC-PHAT)"
        case .xcorr: "Cross-correlation (GCC-PHAT)"
        case .onset: "Onset envelope"
        case .mfcc: "MFCC"
        }
    }
}
