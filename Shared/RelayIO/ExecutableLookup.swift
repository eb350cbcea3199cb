import Foundation

/// Finds a tool the way a shell does: a name containing a slash is used as is (if executable), a bare
/// name is searched on `PATH`.
package enum ExecutableLookup {
    /// The executable for `name`, or nil when there is none.
    package static func resolve(_ name: String) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
