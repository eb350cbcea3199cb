import Foundation

/// Reduces a stream of mono Float32 samples (little-endian bytes, in any chunking) to 10 ms blocks of
/// peak, sum of squares and count — about 12 bytes per 10 ms, so a 3-hour file costs ~13 MB however it
/// arrives — and from those to a waveform of any width: per column the peak |x| and the RMS.
package struct WaveformAccumulator: Sendable {
    package let sampleRate: Int
    let blockSamples: Int
    private(set) var peaks: [Float] = []
    private(set) var squares: [Double] = []
    private(set) var counts: [Int32] = []
    private var carry: [UInt8] = []
    private var blockPeak: Float = 0
    private var blockSquares: Double = 0
    private var blockCount = 0
    package private(set) var sampleCount = 0

    package init(sampleRate: Int) {
        self.sampleRate = sampleRate
        blockSamples = max(1, sampleRate / 100)
    }

    /// Feeds raw `f32le` bytes; a sample split across chunks is joined.
    package mutating func consume(_ data: Data) {
        var bytes = carry
        bytes.append(contentsOf: data)
        let whole = bytes.count / 4 * 4
        bytes.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: whole, by: 4) {
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                add(Float(bitPattern: bits))
            }
        }
        carry = Array(bytes[whole...])
    }

    package mutating func add(_ sample: Float) {
        let value = sample.isFinite ? sample : 0
        blockPeak = max(blockPeak, abs(value))
        blockSquares += Double(value) * Double(value)
        blockCount += 1
        sampleCount += 1
        if blockCount == blockSamples { closeBlock() }
    }

    private mutating func closeBlock() {
        guard blockCount > 0 else { return }
        peaks.append(blockPeak)
        squares.append(blockSquares)
        counts.append(Int32(blockCount))
        blockPeak = 0
        blockSquares = 0
        blockCount = 0
    }

    package var durationSeconds: Double { Double(sampleCount) / Double(sampleRate) }

    /// `width` columns (fewer when the audio has fewer 10 ms blocks): peak and RMS of each, rounded to
    /// 4 decimals.
    package func waveform(width: Int) -> (peaks: [Float], rms: [Float]) {
        var copy = self
        copy.closeBlock()
        let blocks = copy.peaks.count
        guard blocks > 0, width > 0 else { return ([], []) }
        let columns = min(width, blocks)
        var peaks = [Float](repeating: 0, count: columns), rms = [Float](repeating: 0, count: columns)
        for column in 0..<columns {
            let start = column * blocks / columns, end = max(start + 1, (column + 1) * blocks / columns)
            var peak: Float = 0, sum = 0.0, count = 0
            for block in start..<end {
                peak = max(peak, copy.peaks[block])
                sum += copy.squares[block]
                count += Int(copy.counts[block])
            }
            peaks[column] = (peak * 10_000).rounded() / 10_000
            rms[column] = Float(((count > 0 ? (sum / Double(count)).squareRoot() : 0) * 10_000).rounded() / 10_000)
        }
        return (peaks, rms)
    }
}
