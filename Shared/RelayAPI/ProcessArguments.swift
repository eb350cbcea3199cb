import Foundation

/// The command line, as `relay-agent` and `relay-backend` parse it. The Swift runtime captures `argv` at
/// load time; under a preloaded library such as libfaketime (how the tests step the agent's clock, and the
/// soak both programs' clocks) it sees none, so the kernel's copy (`/proc/self/cmdline`) is read instead.
package enum ProcessArguments {
    /// The arguments after the program name.
    package static func current() -> [String] {
        if !CommandLine.arguments.isEmpty { return Array(CommandLine.arguments.dropFirst()) }
        guard let data = FileManager.default.contents(atPath: "/proc/self/cmdline") else { return [] }
        let parts = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        // The kernel's copy ends with a NUL: drop the empty string after it, and the program name.
        return Array((parts.last == "" ? parts.dropLast() : parts[...]).dropFirst())
    }
}
