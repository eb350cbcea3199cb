/// Session-relative exposure: the frames of a turntable spin or a walk-around share their light, so a
/// frame much darker or brighter than its neighbours was exposed wrongly, even when it looks fine alone
/// (a strobe that did not fire, a shutter speed changed by hand).
///
/// Each frame's brightness is ``QCResult/Exposure/brightnessEV`` (log2 of its key against mid-grey).
/// A frame's **offset** is its brightness minus the median brightness of its nearest neighbours by
/// position (angle on a spin, where 350° neighbours 10°; ``offsets(_:period:)`` also takes a capture
/// order, but ``judge(_:thresholds:)`` judges spins only), up to ``neighbours``
/// of them; a frame with fewer than ``minimumNeighbours`` neighbours is not judged yet. The median
/// ignores one odd neighbour, and a car turning on the turntable changes the brightness by well under
/// the limits (`sessionWarnEV` 0.7, `sessionFailEV` 1.0 EV by default).
package enum SessionExposure {
    /// One frame of a session.
    package struct Frame: Sendable, Hashable {
        /// The caller's id for the frame.
        package var id: String
        /// Angle in degrees on a spin, or capture order.
        package var position: Double
        /// ``QCResult/Exposure/brightnessEV``.
        package var brightnessEV: Double

        /// A frame.
        package init(id: String, position: Double, brightnessEV: Double) {
            self.id = id
            self.position = position
            self.brightnessEV = brightnessEV
        }
    }

    /// A frame with its QC, as the agent's queue and the backend's images hold them.
    package struct Entry: Sendable {
        /// The caller's id for the frame.
        package var id: String
        /// Angle in degrees on a spin (`nil` in a stills session).
        package var angle: Double?
        /// The frame's QC so far.
        package var qc: QCResult

        /// An entry.
        package init(id: String, angle: Double?, qc: QCResult) {
            self.id = id
            self.angle = angle
            self.qc = qc
        }
    }

    /// The session verdict for every frame not judged against its session yet (no
    /// ``QCResult/Exposure/sessionOffsetEV``) that now has enough neighbours, by angle (the ring
    /// closes). Only spins are judged — every frame has an angle: a stills session mixes exteriors with
    /// interiors, the odometer and the tyres, whose light differs by design. Frames without a
    /// brightness are left out.
    package static func judge(_ entries: [Entry], thresholds: QCThresholds) -> [String: QCResult] {
        guard !entries.isEmpty, entries.allSatisfy({ $0.angle != nil }) else { return [:] }
        let frames = entries.compactMap { entry in
            entry.qc.exposure.brightnessEV.map { Frame(id: entry.id, position: entry.angle ?? 0, brightnessEV: $0) }
        }
        let offsets = offsets(frames, period: 360)
        var result: [String: QCResult] = [:]
        for entry in entries where entry.qc.exposure.sessionOffsetEV == nil {
            guard let offset = offsets[entry.id] else { continue }
            result[entry.id] = applying(offset: offset, angle: entry.angle, to: entry.qc, thresholds: thresholds)
        }
        return result
    }

    /// Neighbours a frame is compared with (the nearest by position, both sides).
    package static let neighbours = 6
    /// Fewest neighbours a frame needs to be judged.
    package static let minimumNeighbours = 3

    /// The offset in EV of every frame that has enough neighbours. `period` is 360 for angles (the ring
    /// closes), `nil` for capture order.
    package static func offsets(_ frames: [Frame], period: Double?) -> [String: Double] {
        guard frames.count > minimumNeighbours else { return [:] }
        var result: [String: Double] = [:]
        for frame in frames {
            let nearest = frames.filter { $0.id != frame.id }
                .map { (distance: distance(frame.position, $0.position, period: period), brightness: $0.brightnessEV) }
                .sorted { $0.distance < $1.distance }
                .prefix(neighbours)
                .map(\.brightness)
                .sorted()
            guard nearest.count >= minimumNeighbours else { continue }
            let middle = nearest.count / 2
            let median = nearest.count % 2 == 1 ? nearest[middle] : (nearest[middle - 1] + nearest[middle]) / 2
            result[frame.id] = frame.brightnessEV - median
        }
        return result
    }

    /// `qc` with the session verdict added to its exposure: `fail` (or `warn`) when the offset reaches
    /// the thresholds, the reason naming the frame's angle; the offset is recorded either way.
    package static func applying(offset: Double, angle: Double?, to qc: QCResult, thresholds: QCThresholds) -> QCResult {
        var result = qc
        let shown = (offset * 10).rounded() / 10
        result.exposure.sessionOffsetEV = (offset * 100).rounded() / 100
        let magnitude = abs(offset)
        guard magnitude >= thresholds.sessionWarnEV else { return result }
        let verdict: QCVerdict = magnitude >= thresholds.sessionFailEV ? .fail : .warn
        let place = angle.map { " (frame at \(formatAngle($0))°)" } ?? ""
        let words = "\(abs(shown)) EV \(offset < 0 ? "darker" : "brighter") than its session neighbours\(place)"
        result.exposure.status = max(result.exposure.status, verdict)
        result.exposure.reason = [result.exposure.reason, words].compactMap { $0 }.joined(separator: "; ")
        return result
    }

    package static func distance(_ a: Double, _ b: Double, period: Double?) -> Double {
        let d = abs(a - b)
        guard let period, period > 0 else { return d }
        let wrapped = d.truncatingRemainder(dividingBy: period)
        return min(wrapped, period - wrapped)
    }

    static func formatAngle(_ angle: Double) -> String {
        angle == angle.rounded() ? String(Int(angle)) : String((angle * 10).rounded() / 10)
    }
}
