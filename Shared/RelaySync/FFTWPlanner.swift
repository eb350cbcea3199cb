import CFFTW
import Synchronization

/// The one place that talks to FFTW's planner.
///
/// FFTW's planner (plan creation and `fftwf_destroy_plan`) is not thread-safe, while executing a
/// plan with the new-array functions is. Every plan in this module is therefore created and
/// destroyed inside ``withPlannerLock(_:)``; plans are made with `FFTW_ESTIMATE` (no timing runs,
/// a few milliseconds even for multi-million-point sizes).
enum FFTWPlanner {
    /// Process-wide lock around FFTW planner calls.
    private static let lock = Mutex<Void>(())

    /// Runs `body` while holding the planner lock.
    static func withPlannerLock<Result>(_ body: () -> Result) -> Result {
        lock.withLock { _ in body() }
    }

    /// The smallest size ≥ `n` whose only prime factors are 2, 3, 5 and 7 (sizes FFTW handles with
    /// its fast codelets), even so that the real transforms have an exact Nyquist bin.
    static func fastSize(atLeast n: Int) -> Int {
        var best = Int.max
        var p2 = 2
        while p2 < 2 * max(n, 2) {
            var p3 = p2
            while p3 < 2 * max(n, 2) {
                var p5 = p3
                while p5 < 2 * max(n, 2) {
                    var p7 = p5
                    while p7 < 2 * max(n, 2) {
                        if p7 >= n && p7 < best { best = p7 }
                        p7 *= 7
                    }
                    p5 *= 5
                }
                p3 *= 3
            }
            p2 *= 2
        }
        return best
    }
}
