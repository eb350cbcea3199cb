import Foundation

/// Turns ``QCMeasurements`` into seed 001's verdicts with ``QCThresholds``.
///
/// **Sharpness** is judged by the width of the steepest edges (``EdgeWidth``), not by the Laplacian
/// score (which is still reported as `score`): wider than `edgeWidthFail` → fail, wider than
/// `edgeWidthWarn` → warn. A frame without edges
/// to judge (fog, a plain wall) passes with that reason: QC never fails a frame it cannot see into.
///
/// **Exposure** judges the scene, not only its mean:
/// - under: the scene's white (99.5th percentile) does not reach `whiteFailBelow` — a correctly
///   exposed frame has whites somewhere — unless the frame is low-key (lights or speculars reach
///   `lowKeyPeak` while hardly anything clips) or its EXIF settings say the light was dim (EV100 below
///   `dimLightEV100`, whites still at `dimWhiteFloor`): night and dusk scenes are dark on purpose.
///   Extreme darkness (mean below `meanFailBelow`) fails regardless.
/// - over: more than `highlightsFail` of the frame clipped, with the top levels piled up at least
///   `highlightsSpike` times the highlights below (a sensor that saturates piles pixels into the last
///   level; a bright grey or white scene whose top few percent sit at 250–254 without a pile only
///   warns); or a clip spike (``QCMeasurements/clipSpikeHigh``)
///   above `clipSpikeFail` with at least `spikeMinClipped` clipped — blown highlights pile into the last
///   level while natural highlights taper off; or a lifted black point (`blackFailAbove`) with a spike —
///   a washed-out frame. A high-key scene (a white wall) with its whites intact passes.
/// - clipped shadows above `shadowsFail`, and the mean's extremes, as before.
package struct QCRules: Sendable {
    /// The limits.
    package var thresholds: QCThresholds

    /// Rules with these limits.
    package init(thresholds: QCThresholds) {
        self.thresholds = thresholds
    }

    /// Both verdicts.
    package func verdict(for m: QCMeasurements) -> QCResult {
        QCResult(sharpness: sharpness(m), exposure: exposure(m))
    }

    func sharpness(_ m: QCMeasurements) -> QCResult.Sharpness {
        let score = (m.sharpness * 10).rounded() / 10
        guard let edge = m.edge?.value else {
            return .init(score: score, status: .pass, reason: "too little detail to judge sharpness")
        }
        let shown = (edge * 100).rounded() / 100
        let t = thresholds
        switch sharpnessStatus(m) {
        case .fail:
            return .init(score: score, status: .fail, reason: "blurred: the sharpest edges are \(shown) px wide (limit \(t.edgeWidthFail))", edgeWidth: shown)
        case .warn:
            return .init(score: score, status: .warn, reason: "soft: the sharpest edges are \(shown) px wide (limit \(t.edgeWidthWarn))", edgeWidth: shown)
        case .pass:
            break
        }
        return .init(score: score, status: .pass, edgeWidth: shown)
    }

    /// What the exposure rules found, without the words (cheap enough to run thousands of times
    /// when `Benchmarks/qc.sh` chooses the defaults).
    package enum ExposureFinding: Sendable, Hashable {
        case meanBelow(fail: Bool), whiteBelow(fail: Bool), meanAbove(fail: Bool)
        case shadows(fail: Bool), highlights(fail: Bool), blownSpike, washedOut
    }

    /// The exposure findings with their verdicts.
    package func exposureFindings(_ m: QCMeasurements) -> [(QCVerdict, ExposureFinding)] {
        let t = thresholds
        var findings: [(QCVerdict, ExposureFinding)] = []
        let dimLight = (m.ev100.map { $0 < t.dimLightEV100 } ?? false) && m.whitePoint >= t.dimWhiteFloor
        let lowKey = (m.peak >= t.lowKeyPeak && m.clippedHighlights < 0.01) || dimLight
        if m.mean < t.meanFailBelow {
            findings.append((.fail, .meanBelow(fail: true)))
        } else if m.whitePoint < t.whiteFailBelow && !lowKey {
            findings.append((.fail, .whiteBelow(fail: true)))
        } else if m.whitePoint < t.whiteWarnBelow && !lowKey {
            findings.append((.warn, .whiteBelow(fail: false)))
        } else if m.mean < t.meanWarnBelow {
            findings.append((.warn, .meanBelow(fail: false)))
        }
        if m.mean > t.meanFailAbove {
            findings.append((.fail, .meanAbove(fail: true)))
        } else if m.mean > t.meanWarnAbove {
            findings.append((.warn, .meanAbove(fail: false)))
        }
        if m.clippedShadows > t.shadowsFail {
            findings.append((.fail, .shadows(fail: true)))
        } else if m.clippedShadows > t.shadowsWarn {
            findings.append((.warn, .shadows(fail: false)))
        }
        if m.clippedHighlights > t.highlightsFail && m.clipSpikeHigh >= t.highlightsSpike {
            findings.append((.fail, .highlights(fail: true)))
        } else if m.clipSpikeHigh > t.clipSpikeFail && m.clippedHighlights >= t.spikeMinClipped {
            findings.append((.fail, .blownSpike))
        } else if m.blackPoint >= t.blackFailAbove && m.clipSpikeHigh > t.blackSpike {
            findings.append((.fail, .washedOut))
        } else if m.clippedHighlights > t.highlightsWarn {
            findings.append((.warn, .highlights(fail: false)))
        }
        return findings
    }

    /// The exposure verdict alone.
    package func exposureStatus(_ m: QCMeasurements) -> QCVerdict {
        exposureFindings(m).map(\.0).max() ?? .pass
    }

    /// The sharpness verdict alone.
    package func sharpnessStatus(_ m: QCMeasurements) -> QCVerdict {
        guard let width = m.edge?.value else { return .pass }
        return width > thresholds.edgeWidthFail ? .fail : width > thresholds.edgeWidthWarn ? .warn : .pass
    }

    func exposure(_ m: QCMeasurements) -> QCResult.Exposure {
        let t = thresholds
        let findings = exposureFindings(m)
        let mean = (m.mean * 10).rounded() / 10
        let shadows = (m.clippedShadows * 10_000).rounded() / 10_000
        let highlights = (m.clippedHighlights * 10_000).rounded() / 10_000
        let spike = (m.clipSpikeHigh * 10).rounded() / 10
        let words: [String] = findings.map { finding in
            switch finding.1 {
            case .meanBelow(let fail):
                fail ? "underexposed: mean \(mean) below \(t.meanFailBelow)" : "dark: mean \(mean) below \(t.meanWarnBelow)"
            case .whiteBelow(let fail):
                fail ? "underexposed: the whites reach only \(Int(m.whitePoint)) (below \(Int(t.whiteFailBelow)))"
                    : "dark: the whites reach only \(Int(m.whitePoint)) (below \(Int(t.whiteWarnBelow)))"
            case .meanAbove(let fail):
                fail ? "overexposed: mean \(mean) above \(t.meanFailAbove)" : "bright: mean \(mean) above \(t.meanWarnAbove)"
            case .shadows(let fail):
                "clipped shadows \(percent(shadows)) above \(percent(fail ? t.shadowsFail : t.shadowsWarn))"
            case .highlights(let fail):
                "clipped highlights \(percent(highlights)) above \(percent(fail ? t.highlightsFail : t.highlightsWarn))"
            case .blownSpike:
                "blown highlights: \(percent(highlights)) clipped, \(spike)× the highlights below"
            case .washedOut:
                "washed out: black point \(Int(m.blackPoint)) with clipped highlights"
            }
        }
        let status = findings.map(\.0).max() ?? .pass
        return QCResult.Exposure(
            status: status, mean: mean, clippedShadows: shadows, clippedHighlights: highlights,
            reason: words.isEmpty ? nil : words.joined(separator: "; "),
            whitePoint: m.whitePoint, blackPoint: m.blackPoint, clipSpike: spike,
            brightnessEV: m.key > 0 ? (log2(m.key / 0.18) * 100).rounded() / 100 : nil)
    }

    private func percent(_ fraction: Double) -> String {
        "\((fraction * 1000).rounded() / 10)%"
    }
}
