/// Decides which cameras make loops fail to close.
///
/// A loop (master, X, Y) fails when |residual| > tolerance. Greedy attribution: the camera in the
/// most failing loops is flagged (ties: the one whose match against the master is weaker, by
/// `strength`), its loops are set aside, and so on until no failing loop is left. With only two
/// cameras besides the master there is one loop and the tie-break decides. The engine passes
/// strength = confidence × share of windows supporting the offset line, so a camera whose file
/// only partly matches the master (a spliced file, a muted stretch) loses the tie.
package enum LoopConsistency {
    /// Residual (ms) of a drift-free loop: `direct` (offset of `second` relative to `first`) minus
    /// what the master offsets predict.
    package static func residual(masterOffsetsMs: [String: Double], first: String, second: String, directOffsetMs: Double) -> Double? {
        guard let a = masterOffsetsMs[first], let b = masterOffsetsMs[second] else { return nil }
        return directOffsetMs - (b - a)
    }

    /// Cameras to flag, sorted.
    package static func inconsistentCameras(loops: [LoopResidual], toleranceMs: Double, strength: [String: Double]) -> [String] {
        var failing = loops.filter {
            $0.directClassification != SyncClassification.noMatch.rawValue && abs($0.residualMs) > toleranceMs
        }
        var flagged: [String] = []
        while !failing.isEmpty {
            var counts: [String: Int] = [:]
            for loop in failing { counts[loop.first, default: 0] += 1; counts[loop.second, default: 0] += 1 }
            let culprit = counts.keys.sorted().max { lhs, rhs in
                if counts[lhs]! != counts[rhs]! { return counts[lhs]! < counts[rhs]! }
                return (strength[lhs] ?? 0) > (strength[rhs] ?? 0)
            }!
            flagged.append(culprit)
            failing.removeAll { $0.first == culprit || $0.second == culprit }
        }
        return flagged.sorted()
    }
}
