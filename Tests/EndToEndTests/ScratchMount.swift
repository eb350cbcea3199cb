import Foundation
import Glibc

/// A stand-in for a studio's NAS share (issue 23 item 4): a tmpfs (its own device, as a share is) holding
/// the share's files, bind-mounted onto a watch folder and unmounted and remounted under a running agent.
/// Unmounting leaves the watch folder as the empty directory of the disk below — what an agent sees when a
/// share drops out. Needs root (the tests' machines run them as root); `available` says whether mounting
/// works here.
struct ScratchMount: Sendable {
    /// Where the share's files live (a tmpfs, mounted for the mount's life).
    let store: URL
    /// Where the share appears while mounted.
    let mountPoint: URL

    static var available: Bool {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("relay-mount-probe-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil,
            (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.path])) == 0
        else { return false }
        _ = try? run("/bin/umount", [probe.path])
        return true
    }

    /// Mounts a new tmpfs at `store` (created).
    static func make(store: URL, mountPoint: URL, size: String = "256m") throws -> ScratchMount {
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        guard try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", store.path]) == 0 else { throw MountFailed(what: "tmpfs at \(store.path)") }
        return ScratchMount(store: store, mountPoint: mountPoint)
    }

    /// The share appears at the mount point.
    func attach() throws {
        guard try Self.run("/bin/mount", ["--bind", store.path, mountPoint.path]) == 0 else { throw MountFailed(what: "bind onto \(mountPoint.path)") }
    }

    /// The share drops out (lazily, as a hung NAS would be forced off: open files do not keep it).
    func detach() throws {
        guard try Self.run("/bin/umount", ["-l", mountPoint.path]) == 0 else { throw MountFailed(what: "unmount \(mountPoint.path)") }
    }

    /// Detaches (if attached) and unmounts the tmpfs; safe to call twice.
    func tearDown() {
        _ = try? Self.run("/bin/umount", ["-l", mountPoint.path])
        _ = try? Self.run("/bin/umount", ["-l", store.path])
    }

    struct MountFailed: Error, CustomStringConvertible {
        let what: String
        var description: String { "mount failed: \(what)" }
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
