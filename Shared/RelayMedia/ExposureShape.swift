import Foundation

/// Exposure numbers read from a luma histogram beyond its mean (see ``QCMeasurements``).
enum ExposureShape {
    /// Fills the white and black points, the peak, the clip spike and the key of `m` from `histogram`
    /// (256 counts).
    static func fill(_ m: inout QCMeasurements, histogram: [Int]) {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return }
        m.blackPoint = Double(level(histogram, total: total, fraction: 0.005))
        m.whitePoint = Double(level(histogram, total: total, fraction: 0.995))
        m.peak = Double(level(histogram, total: total, fraction: 0.999))
        let shoulder = Double(histogram[235...253].reduce(0, +)) / 19
        let top = Double(histogram[254] + histogram[255])
        m.clipSpikeHigh = top == 0 ? 0 : top / max(shoulder, 1)
        var logSum = 0.0
        for (value, count) in histogram.enumerated() where count > 0 {
            logSum += Double(count) * log(1e-4 + linear[value])
        }
        m.key = exp(logSum / Double(total))
    }

    /// The lowest level at or below which at least `fraction` of the pixels lie.
    static func level(_ histogram: [Int], total: Int, fraction: Double) -> Int {
        let target = Double(total) * fraction
        var seen = 0
        for (value, count) in histogram.enumerated() {
            seen += count
            if Double(seen) >= target { return value }
        }
        return 255
    }

    /// sRGB level → linear light (the sRGB transfer curve).
    static let linear: [Double] = (0..<256).map { level in
        let v = Double(level) / 255
        return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }
}
