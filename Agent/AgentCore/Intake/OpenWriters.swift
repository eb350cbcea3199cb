import Foundation
import Glibc

/// Which files a process on this machine holds open for writing, read from `/proc`: every
/// `/proc/PID/fd/N` link that resolves to one of the files asked about, with `O_WRONLY` or `O_RDWR` in
/// the `flags:` line of `/proc/PID/fdinfo/N`. One pass over `/proc` answers for all the files of a scan.
///
/// A local writer — a tethering program, a card copy, `smbd` or an FTP server when the agent may read
/// its `/proc` entries — is seen however long it pauses. Processes whose `fd` directory the agent cannot
/// read (other users' processes, without `CAP_SYS_PTRACE`) and writers on other machines (NFS clients)
/// are not seen; intake's other rules (the file's structure, its size staying unchanged) still apply.
package enum OpenWriters {
    /// The paths of `files` open for writing by some process now. Paths are compared as the kernel
    /// reports them (symlinks resolved): `files` are resolved first, and answered as given.
    package static func among(_ files: [URL], proc: String = "/proc") -> Set<URL> {
        guard !files.isEmpty else { return [] }
        var wanted: [String: [URL]] = [:]
        for file in files {
            wanted[resolved(file.path), default: []].append(file)
        }
        var found: Set<URL> = []
        for pid in entries(of: proc) where pid.allSatisfy(\.isNumber) {
            let fdDirectory = "\(proc)/\(pid)/fd"
            for fd in entries(of: fdDirectory) {
                guard let target = link(fdDirectory + "/" + fd), let matches = wanted[target] else { continue }
                if isOpenForWriting(fdinfo: "\(proc)/\(pid)/fdinfo/\(fd)") { found.formUnion(matches) }
            }
        }
        return found
    }

    /// The names in a directory; none when it cannot be read (gone, or not ours to read).
    static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Where a symlink points; nil when it cannot be read.
    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path with its symlinks resolved (as `/proc/PID/fd` shows it); itself when it cannot be.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// True when the `flags:` (octal) of an fdinfo file say write-only or read-write.
    static func isOpenForWriting(fdinfo path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return isWriting(fdinfo: text)
    }

    /// Parses fdinfo text (`pos:\t0\nflags:\t0100001\n…`).
    package static func isWriting(fdinfo text: String) -> Bool {
        for line in text.split(separator: "\n") where line.hasPrefix("flags:") {
            guard let flags = Int32(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8) else { return false }
            let access = flags & O_ACCMODE
            return access == O_WRONLY || access == O_RDWR
        }
        return false
    }
}
