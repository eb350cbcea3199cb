import Foundation

/// A wall clock for a child process that the test can step while it runs: libfaketime (apt package
/// `faketime`) preloaded, reading its offset from a file on every call (`FAKETIME_NO_CACHE=1`). The
/// monotonic clock stays real (`FAKETIME_DONT_FAKE_MONOTONIC=1`), as it does when NTP steps a real clock;
/// file times are the kernel's (`NO_FAKE_STAT=1`): the tests set them as a stepped machine clock would.
struct FakeClock {
    let file: URL

    static let library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
    static var available: Bool { FileManager.default.fileExists(atPath: library) }

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
            "LD_PRELOAD": Self.library, "FAKETIME_TIMESTAMP_FILE": file.path, "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1", "NO_FAKE_STAT": "1",
        ]
    }
}
