/// Linear convolution through FFTW (used to apply room impulse responses and long filters).
package enum FFTConvolution {
    /// `signal ∗ kernel`, truncated to `signal.count` samples (the kernel's index 0 is "no delay").
    package static func convolve(_ signal: [Float], with kernel: [Float]) -> [Float] {
        guard !signal.isEmpty, !kernel.isEmpty else { return signal.map { _ in 0 } }
        let n = FFTWPlanner.fastSize(atLeast: signal.count + kernel.count)
        let fft = RealFFT(size: n)
        kernel.withUnsafeBufferPointer { fft.load($0) }
        fft.forward()
        let kernelSpectrum = Array(UnsafeBufferPointer(start: fft.spectrum, count: 2 * fft.binCount))
        signal.withUnsafeBufferPointer { fft.load($0) }
        fft.forward()
        let scale = 1 / Float(n)
        kernelSpectrum.withUnsafeBufferPointer { k in
            for bin in 0..<fft.binCount {
                let ar = fft.spectrum[2 * bin], ai = fft.spectrum[2 * bin + 1]
                let br = k[2 * bin], bi = k[2 * bin + 1]
                fft.spectrum[2 * bin] = (ar * br - ai * bi) * scale
                fft.spectrum[2 * bin + 1] = (ar * bi + ai * br) * scale
            }
        }
        fft.inverse()
        return Array(UnsafeBufferPointer(start: fft.real, count: signal.count))
    }
}
