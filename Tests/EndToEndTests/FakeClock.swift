import Foundation

/// A wall clock for a child process that the test can step while it runs: libfaketime (apt package
/// `faketime`) preloaded, reading its offset from a file on every call (`FAKETIME_NO_CACHE=1`). The
/// monotonic clock stays real (`FAKETIME_DONT_FAKE_MONOTONIC=1`), as it does when NTP steps a real clock;
/// file times are the kernel's (`NO_FAKE_STAT=1`): the tests set them as a stepped machine clock would.
///
/// libfaketime also rewrites the absolute deadlines given to `timerfd_settime` by its offset — even for
/// timers on the monotonic clock, which a real step never moves. libdispatch arms its timers that way, so
/// after a step back every `Task.sleep` in the child would wait out the step (an artifact: a 6-line
/// program shows it, and shows it gone with the shim). A shim preloaded first (`TimerShim`) hands
/// `timerfd_settime`/`timerfd_gettime` straight to the kernel.
struct FakeClock {
    let file: URL

    static let library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
    static var available: Bool { FileManager.default.fileExists(atPath: library) && TimerShim.library != nil }

    /// A clock `offset` seconds from the real one.
    init(in folder: URL, offset: TimeInterval) throws {
        file = folder.appendingPathComponent("faketime.rc")
        try set(offset: offset)
    }

    /// Steps the clock to `offset` seconds from the real one (takes effect at the process's next call).
    func set(offset: TimeInterval) throws {
        try Data(String(format: "%+.0f\n", offset).utf8).write(to: file, options: .atomic)
    }

    /// The environment that runs a process on this clock.
    var environment: [String: String] {
        [
            "LD_PRELOAD": [TimerShim.library?.path, Self.library].compactMap { $0 }.joined(separator: ":"),
            "FAKETIME_TIMESTAMP_FILE": file.path, "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1", "NO_FAKE_STAT": "1",
        ]
    }
}

/// `timerfd_settime`/`timerfd_gettime` as plain system calls, built once per test run with the
/// toolchain's clang (see `FakeClock`).
enum TimerShim {
    static let source = """
        #define _GNU_SOURCE
        #include <sys/syscall.h>
        #include <sys/timerfd.h>
        #include <unistd.h>
        int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value) {
            return (int)syscall(SYS_timerfd_settime, fd, flags, new_value, old_value);
        }
        int timerfd_gettime(int fd, struct itimerspec *curr_value) {
            return (int)syscall(SYS_timerfd_gettime, fd, curr_value);
        }
        """

    /// The built library, nil when no C compiler is there.
    static let library: URL? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-timer-shim-\(getpid())")
        let output = folder.appendingPathComponent("timershim.so")
        let compilers = ["/opt/swift/usr/bin/clang", "/usr/bin/clang", "/usr/bin/cc", "/usr/bin/gcc"]
        guard let compiler = compilers.first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
            (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            (try? Data(source.utf8).write(to: folder.appendingPathComponent("timershim.c"))) != nil
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = ["-shared", "-fPIC", "-O2", "-o", output.path, folder.appendingPathComponent("timershim.c").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }()
}
