/// Turns one pair's measurements into a 0…1 confidence and a ``SyncClassification``.
///
/// The evidence is the refinement windows' joint support of the chosen offset line (see
/// ``LineSupport``):
/// - `Z_line = Σ z_i(line) / √n` over the n usable windows, z_i = window i's robust z-score at the
///   lag the line predicts for it;
/// - the *share* of usable windows that support the line on their own (z_i ≥ ``windowSupportZ``).
///   A real match is supported throughout the overlap; a coincidence (two claps that happen to
///   line up) by a couple of windows.
///
/// `confidence = clamp((Z_line − 6) / 8, 0, 1) × min(1, 2 × share)`: 0 at the noise level
/// (Z_line ≤ 6), 1 from Z_line 14 when at least half the windows support the line.
///
/// Classes: **no-match** below 0.2; **looks-good** from 0.5 (i.e. Z_line ≥ 10 with half the
/// windows supporting) when ≥ 2 windows lie on the line and no other candidate comes within 80 %
/// of the chosen one's support (``CameraSyncDetail/ambiguity``); **review-suggested** otherwise,
/// and whenever a loop does not close.
///
/// Calibration (`Benchmarks/sync.sh`): 72 unrelated pairs — every synthetic scene kind against
/// every kind, 20 s and 90 s cameras, 8 coarse candidates each — reach Z_line ≤ 7.9 (median ≈ 3;
/// the top ones are coincident claps); 98 solvable pairs down to 0 dB SNR on both sides, RT60 1 s,
/// phone band, 20–30 s cut-aways and steady-beat music reach Z_line ≥ 10.1 (median ≈ 60).
package enum ConfidenceCalibration {
    /// Window z at the line from which a window counts as supporting it on its own.
    package static let windowSupportZ = 3.0
    /// Robust z a window's own peak needs to count as individually significant (reported only).
    package static let windowConfirmZ = 6.0
    /// Z_line at and below which the confidence is 0.
    package static let lineZNull = 6.0
    /// Z_line from which the confidence is 1 (with enough supporting windows).
    package static let lineZStrong = 14.0
    /// Joint support a coarse candidate needs before its per-window strength can win the choice.
    package static let candidateEligibleZ = 9.0
    /// Confidence below which a camera is `no-match`.
    package static let noMatchBelow = 0.2
    /// Confidence from which a camera can be `looks-good`.
    package static let looksGoodFrom = 0.5
    /// Ambiguity above which a camera is at best `review-suggested`.
    package static let ambiguousAbove = 0.8

    struct Evidence {
        var lineZ: Double
        var windowsUsed: Int
        var windowsAgreeing: Int
        var windowsSupporting: Int
        var windowsConfirmed: Int
        var ambiguity: Double
    }

    static func confidence(lineZ: Double, windowsUsed: Int, windowsSupporting: Int) -> Double {
        let share = windowsUsed > 0 ? Double(windowsSupporting) / Double(windowsUsed) : 0
        return min(1, max(0, (lineZ - lineZNull) / (lineZStrong - lineZNull))) * min(1, 2 * share)
    }

    static func assess(_ e: Evidence) -> (confidence: Double, classification: SyncClassification, reason: String) {
        let confidence = confidence(lineZ: e.lineZ, windowsUsed: e.windowsUsed, windowsSupporting: e.windowsSupporting)
        let summary = "line support Z \(String(format: "%.1f", e.lineZ)), \(e.windowsSupporting) of \(e.windowsUsed) windows support it "
            + "(\(e.windowsAgreeing) peak on it, \(e.windowsConfirmed) individually significant), ambiguity \(Int((e.ambiguity * 100).rounded())) %"
        if confidence < noMatchBelow { return (confidence, .noMatch, "no shared audio found: " + summary) }
        if confidence >= looksGoodFrom, e.windowsAgreeing >= 2 {
            if e.ambiguity <= ambiguousAbove { return (confidence, .looksGood, summary) }
            return (confidence, .reviewSuggested, "periodic audio, another offset fits almost as well: " + summary)
        }
        return (confidence, .reviewSuggested, "weak or partial match: " + summary)
    }
}
