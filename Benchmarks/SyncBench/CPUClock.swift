import Foundation

/// CPU time of this process and of its finished children (ffmpeg), in seconds.
enum CPUClock {
    static func process() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func children() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// Runs `body`, returning its result and the CPU seconds it used (this process + children).
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let p0 = process(), c0 = children()
        let result = try body()
        return (result, process() - p0 + children() - c0)
    }
}
