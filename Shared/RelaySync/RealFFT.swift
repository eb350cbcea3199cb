import CFFTW

/// An FFTW real-to-complex / complex-to-real plan pair of one size, with the aligned buffers it
/// runs on.
///
/// `real` holds `size` floats; `spectrum` holds `size / 2 + 1` complex bins as interleaved
/// (re, im) floats. ``forward()`` transforms `real` into `spectrum` (unnormalised, e^{-iωn});
/// ``inverse()`` transforms `spectrum` back into `real` (unnormalised, e^{+iωn}, so a round trip
/// multiplies by `size`) and destroys `spectrum`.
///
/// Not `Sendable` on purpose: one analysis creates it and uses it on one thread. Plans are created
/// and destroyed under ``FFTWPlanner``'s lock; execution is FFTW's thread-safe new-array API.
final class RealFFT {
    /// Transform length in real samples.
    let size: Int
    /// Number of complex bins, `size / 2 + 1`.
    var binCount: Int { size / 2 + 1 }
    /// Time-domain buffer (`size` floats, SIMD-aligned).
    let real: UnsafeMutablePointer<Float>
    /// Frequency-domain buffer (`binCount` interleaved complex values, SIMD-aligned).
    let spectrum: UnsafeMutablePointer<Float>
    private let forwardPlan: OpaquePointer
    private let inversePlan: OpaquePointer

    /// Plans both directions for `size` (≥ 2, even) real samples.
    init(size: Int) {
        precondition(size >= 2 && size % 2 == 0, "RealFFT needs an even size ≥ 2")
        self.size = size
        let real = fftwf_alloc_real(size)!
        let spectrum = fftwf_alloc_real(2 * (size / 2 + 1))!
        let complex = UnsafeMutablePointer<fftwf_complex>(OpaquePointer(spectrum))
        let n = Int32(size)
        let plans = FFTWPlanner.withPlannerLock {
            (fftwf_plan_dft_r2c_1d(n, real, complex, relay_fftw_estimate)!,
             fftwf_plan_dft_c2r_1d(n, complex, real, relay_fftw_estimate | relay_fftw_destroy_input)!)
        }
        self.real = real
        self.spectrum = spectrum
        self.forwardPlan = plans.0
        self.inversePlan = plans.1
    }

    deinit {
        FFTWPlanner.withPlannerLock {
            fftwf_destroy_plan(forwardPlan)
            fftwf_destroy_plan(inversePlan)
        }
        fftwf_free(real)
        fftwf_free(spectrum)
    }

    /// `spectrum` ← FFT(`real`).
    func forward() {
        fftwf_execute_dft_r2c(forwardPlan, real, UnsafeMutablePointer<fftwf_complex>(OpaquePointer(spectrum)))
    }

    /// `real` ← inverse FFT(`spectrum`), unnormalised; `spectrum` is overwritten.
    func inverse() {
        fftwf_execute_dft_c2r(inversePlan, UnsafeMutablePointer<fftwf_complex>(OpaquePointer(spectrum)), real)
    }

    /// Copies `samples` into `real` starting at index 0 and zero-fills the rest.
    func load(_ samples: UnsafeBufferPointer<Float>) {
        let count = min(samples.count, size)
        if count > 0, let base = samples.baseAddress { real.update(from: base, count: count) }
        if count < size { (real + count).update(repeating: 0, count: size - count) }
    }
}
