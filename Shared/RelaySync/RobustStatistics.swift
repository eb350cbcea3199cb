/// Median and median-absolute-deviation over (a subsample of) a buffer: the noise-floor estimates
/// behind every peak significance in this module. Robust, so correlation peaks — including the
/// periodic peaks of music — barely move them.
enum RobustStatistics {
    /// Median and 1.4826 × MAD (σ for Gaussian data) of `values`, using at most `limit` evenly
    /// strided samples.
    static func medianAndSigma(_ values: UnsafeBufferPointer<Float>, limit: Int = 65_536) -> (median: Double, sigma: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let stride = max(1, values.count / limit)
        var sample: [Float] = []
        sample.reserveCapacity(values.count / stride + 1)
        var i = 0
        while i < values.count { sample.append(values[i]); i += stride }
        let median = Double(select(&sample, sample.count / 2))
        for k in sample.indices { sample[k] = abs(sample[k] - Float(median)) }
        let mad = Double(select(&sample, sample.count / 2))
        return (median, 1.4826 * mad)
    }

    /// The `k`-th smallest element (quickselect, reorders `values`).
    static func select(_ values: inout [Float], _ k: Int) -> Float {
        values.withUnsafeMutableBufferPointer { v in
            var lo = 0, hi = v.count - 1
            while lo < hi {
                let pivot = v[(lo + hi) / 2]
                var i = lo, j = hi
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return v[k]
        }
    }
}
