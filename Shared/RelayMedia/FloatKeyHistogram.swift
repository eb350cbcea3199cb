/// Quantiles of many non-negative `Float`s in two linear passes, without sorting: a histogram over the
/// top 14 bits of their IEEE bit patterns (sign, exponent and 5 mantissa bits), which order like the
/// values themselves. A bin spans 1/32 of an octave (2 %), which is the precision of a quantile.
struct FloatKeyHistogram {
    private var counts = [Int32](repeating: 0, count: 1 << 14)
    private(set) var total = 0

    /// Counts `value` (negative values and NaN count as 0).
    mutating func add(_ value: Float) {
        let key = value > 0 ? Int(value.bitPattern >> 18) : 0
        counts[key] &+= 1
        total += 1
    }

    /// The lower edge of the bin holding the value of 0-based `rank` in ascending order (`rank`
    /// clamped to the values counted); 0 when nothing was counted.
    func value(atRank rank: Int) -> Float {
        guard total > 0 else { return 0 }
        let target = min(max(rank, 0), total - 1)
        var seen = 0
        for key in 0..<counts.count {
            seen += Int(counts[key])
            if seen > target { return Float(bitPattern: UInt32(key) << 18) }
        }
        return Float(bitPattern: UInt32(counts.count - 1) << 18)
    }
}
