/// Band-limited GCC-PHAT (generalised cross-correlation with phase transform) over one FFT frame.
///
/// For a reference `a` and another signal `b` (both zero-padded to ``size``) it computes
/// `c[τ] = IFFT( conj(A)·B / (|A|·|B| + ε) )` restricted to the bins of `lowHz…highHz`, divided by
/// 2 × (number of band bins) so that two identical signals give exactly 1 at their lag. Index
/// `τ mod size` holds lag `τ`, meaning `b[n + τ]` lines up with `a[n]`: a positive lag is a
/// camera whose recording of an event comes later in its file than the reference's.
///
/// Whitening every band bin to unit magnitude makes the peak sharp and the measure insensitive to
/// the spectra of the microphones, rooms and sources (PHAT's classic robustness to reverberation);
/// zeroing the bins outside the band is the "band-limit" step, done exactly and for free.
/// `ε` = 1 % of the band's mean |A|·|B| keeps bins where either signal is ~40 dB down from being
/// amplified into noise.
final class PhaseTransformCorrelator {
    let fft: RealFFT
    /// FFT bins `lowHz…highHz` (never DC or Nyquist).
    let band: Range<Int>
    private var reference: [Float]
    private var referencePower: Double = 0

    var size: Int { fft.size }

    init(size: Int, sampleRate: Double, lowHz: Double, highHz: Double) {
        fft = RealFFT(size: size)
        let binHz = sampleRate / Double(size)
        let low = max(1, Int((lowHz / binHz).rounded(.up)))
        let high = min(size / 2 - 1, Int((highHz / binHz).rounded(.down)))
        band = low..<max(low + 1, high + 1)
        reference = [Float](repeating: 0, count: 2 * fft.binCount)
    }

    /// Transforms and stores the reference signal (placed at index 0 of the frame).
    func setReference(_ a: UnsafeBufferPointer<Float>) {
        fft.load(a)
        fft.forward()
        var power = 0.0
        let s = fft.spectrum
        reference.withUnsafeMutableBufferPointer { r in
            for bin in band {
                let re = s[2 * bin], im = s[2 * bin + 1]
                r[2 * bin] = re
                r[2 * bin + 1] = im
                power += Double(re * re + im * im)
            }
        }
        referencePower = power / Double(band.count)
    }

    /// Correlates `b` (placed at index 0) against the stored reference; returns the normalised
    /// circular correlation (valid until the next call).
    func correlate(_ b: UnsafeBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        fft.load(b)
        fft.forward()
        let s = fft.spectrum
        var power = 0.0
        for bin in band { power += Double(s[2 * bin] * s[2 * bin] + s[2 * bin + 1] * s[2 * bin + 1]) }
        power /= Double(band.count)
        let epsilon = Float(0.01 * (referencePower * power).squareRoot())
        reference.withUnsafeBufferPointer { r in
            for bin in band {
                let ar = r[2 * bin], ai = r[2 * bin + 1]
                let br = s[2 * bin], bi = s[2 * bin + 1]
                // conj(A)·B
                let re = ar * br + ai * bi
                let im = ar * bi - ai * br
                let weight = 1 / ((re * re + im * im).squareRoot() + epsilon)
                s[2 * bin] = re * weight
                s[2 * bin + 1] = im * weight
            }
        }
        let bins = fft.binCount
        if band.lowerBound > 0 { s.update(repeating: 0, count: 2 * band.lowerBound) }
        if band.upperBound < bins { (s + 2 * band.upperBound).update(repeating: 0, count: 2 * (bins - band.upperBound)) }
        fft.inverse()
        let scale = 1 / Float(2 * band.count)
        let r = fft.real
        for i in 0..<fft.size { r[i] *= scale }
        return UnsafeBufferPointer(start: r, count: fft.size)
    }

    /// Correlation at lag `lag` (any integer; circular) from the last ``correlate(_:)``.
    func value(atLag lag: Int) -> Float {
        let n = fft.size
        return fft.real[((lag % n) + n) % n]
    }
}
