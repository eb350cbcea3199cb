import Foundation

/// Short-time log energies in mel-spaced triangular bands: the front end of the onset and MFCC
/// estimators. Hann-windowed frames of `frameSize` samples every `hop` samples, one FFTW transform each;
/// frames are handed out one by one so callers keep only what they derive (memory stays bounded by the
/// features, not the spectrogram).
///
/// Not `Sendable`: one estimator makes one and uses it on one thread.
final class MelBandAnalyzer {
    let sampleRate: Int
    let frameSize: Int
    let hop: Int
    let bandCount: Int
    private let fft: RealFFT
    private let window: [Float]
    /// Per band: first bin and the weights from there.
    private let filters: [(start: Int, weights: [Float])]

    init(sampleRate: Int, frameSize: Int, hop: Int, bands: Int, lowHz: Double, highHz: Double) {
        self.sampleRate = sampleRate
        self.frameSize = frameSize
        self.hop = hop
        self.bandCount = bands
        fft = RealFFT(size: frameSize)
        window = (0..<frameSize).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(frameSize))) }
        func mel(_ hz: Double) -> Double { 2595 * log10(1 + hz / 700) }
        func hz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let high = min(highHz, Double(sampleRate) / 2)
        let edges = (0...(bands + 1)).map { hz(mel(lowHz) + (mel(high) - mel(lowHz)) * Double($0) / Double(bands + 1)) }
        let binHz = Double(sampleRate) / Double(frameSize)
        filters = (0..<bands).map { band in
            let (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2])
            let first = max(1, Int((left / binHz).rounded(.up)))
            let last = min(frameSize / 2, Int((right / binHz).rounded(.down)))
            guard first <= last else { return (start: min(first, frameSize / 2), weights: [1]) }
            let weights = (first...last).map { bin -> Float in
                let f = Double(bin) * binHz
                return Float(f <= centre ? (f - left) / max(centre - left, 1e-9) : (right - f) / max(right - centre, 1e-9))
            }
            return (start: first, weights: weights.map { max(0, $0) })
        }
    }

    /// Frames in `samples`: the last frame starts at most `frameSize − hop` samples before the end.
    func frameCount(_ samples: Int) -> Int { samples < frameSize ? 0 : 1 + (samples - frameSize) / hop }

    /// Calls `body(frameIndex, logEnergies)` for every frame, in order. `logEnergies` is `log(1e-6 + e)`
    /// per band, reused between calls. A file is read 8,192 frames at a time.
    func forEachFrame(_ source: SampleSource, _ body: (Int, [Float]) -> Void) {
        var energies = [Float](repeating: 0, count: bandCount)
        var power = [Float](repeating: 0, count: frameSize / 2 + 1)
        let frames = frameCount(source.count)
        let chunk: Int
        if case .memory = source { chunk = max(1, frames) } else { chunk = 8192 }
        var first = 0
        while first < frames {
            let last = min(frames, first + chunk)
            let origin = first * hop
            source.withSamples(origin..<((last - 1) * hop + frameSize)) { input in
                for frame in first..<last {
                    let start = frame * hop - origin
                    for i in 0..<frameSize { fft.real[i] = input[start + i] * window[i] }
                    fft.forward()
                    for bin in 0...(frameSize / 2) {
                        let re = fft.spectrum[2 * bin], im = fft.spectrum[2 * bin + 1]
                        power[bin] = re * re + im * im
                    }
                    for (band, filter) in filters.enumerated() {
                        var e: Float = 0
                        for (offset, weight) in filter.weights.enumerated() { e += weight * power[filter.start + offset] }
                        energies[band] = logf(1e-6 + e)
                    }
                    body(frame, energies)
                }
            }
            first = last
        }
    }
}
