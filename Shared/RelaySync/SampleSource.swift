/// Where a prepared track's samples are: in memory, or in a ``SampleFile`` read a window at a time.
enum SampleSource: Sendable {
    case memory([Float])
    case file(SampleFile)

    var count: Int {
        switch self {
        case let .memory(samples): samples.count
        case let .file(file): file.count
        }
    }

    /// Root mean square of every sample.
    var rms: Double {
        switch self {
        case let .memory(samples): samples.withUnsafeBufferPointer { Self.rms($0) }
        case let .file(file): file.rms
        }
    }

    /// Calls `body` with samples `range` (clamped): a view into the array, or a read of the file.
    func withSamples<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch self {
        case let .memory(samples):
            let lower = max(0, min(samples.count, range.lowerBound)), upper = max(lower, min(samples.count, range.upperBound))
            return try samples.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lower..<upper])) }
        case let .file(file):
            return try file.withSamples(range, body)
        }
    }

    static func rms(_ x: UnsafeBufferPointer<Float>) -> Double {
        guard !x.isEmpty else { return 0 }
        var sum: Float = 0
        var partial = SIMD8<Float>()
        let blocks = x.count / 8
        if let base = x.baseAddress {
            let raw = UnsafeRawPointer(base)
            for k in 0..<blocks {
                let v = raw.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Float>.self)
                partial += v * v
            }
        }
        sum = partial.sum()
        for k in (blocks * 8)..<x.count { sum += x[k] * x[k] }
        return (Double(sum) / Double(x.count)).squareRoot()
    }
}
