import Foundation
import RelayAPI

#if canImport(Glibc)
    import Glibc
#endif

/// The folders the analyzer may read, and the one way a client's path becomes a file: `resolve`.
///
/// A path is refused before the filesystem is asked when it holds a NUL byte, a `..` component, more than
/// 4,096 bytes or a component over 255 (400 `PATH_NOT_ALLOWED`), or is absolute and lexically outside
/// every root (400). Relative paths are taken from the first root. What is left is resolved with
/// `realpath` — every symlink followed — and must still lie inside a root's own real path; a link that
/// leaves the roots answers 404 `FILE_NOT_FOUND` exactly as a missing file does, so nothing is learnt
/// about what lies outside. Jobs resolve their paths again when they run.
package struct MediaRoots: Sendable {
    /// The roots' real paths (symlinks resolved), in configured order.
    package let roots: [String]
    /// The roots as configured (absolute, collapsed) and as resolved: an absolute path must start with one.
    let lexicalRoots: [String]

    package static let maxPathBytes = 4096
    package static let maxComponentBytes = 255

    /// Creates missing roots (so the default works on a new machine) and resolves them.
    package init(paths: [String]) throws {
        let absolutes = paths.map { path in
            Self.collapse(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
        }
        roots = try absolutes.map { absolute in
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            guard let real = Self.realPath(absolute) else { throw ConfigurationError("analyzer media root \(absolute) cannot be resolved") }
            return real
        }
        lexicalRoots = absolutes + roots
    }

    /// A path that resolved inside a root.
    package struct Resolved: Sendable, Equatable {
        /// The real path (no symlinks).
        package let path: String
        /// The root (real path) it lies in.
        package let root: String
        package let isDirectory: Bool

        package var url: URL { URL(fileURLWithPath: path, isDirectory: isDirectory) }
        /// The containing folder, `nil` at a root.
        package var parent: String? { path == root ? nil : (path as NSString).deletingLastPathComponent }
    }

    /// `text` as a file or folder inside the roots; `nil` or empty is the first root.
    package func resolve(_ text: String?, field: String = "path") throws -> Resolved {
        let text = text ?? ""
        if text.isEmpty { return Resolved(path: roots[0], root: roots[0], isDirectory: true) }
        try Self.checkLexically(text, field: field)
        let absolute = text.hasPrefix("/") ? Self.collapse(text) : Self.collapse(roots[0] + "/" + text)
        guard lexicalRoots.contains(where: { Self.isInside(absolute, root: $0) })
        else {
            throw AppError(
                status: 400, code: .pathNotAllowed, message: "\(field) is outside the analyzer's media roots",
                details: ["field": .string(field)])
        }
        guard let real = Self.realPath(absolute), let root = roots.first(where: { Self.isInside(real, root: $0) }) else {
            throw Self.notFound(field)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory) else { throw Self.notFound(field) }
        return Resolved(path: real, root: root, isDirectory: isDirectory.boolValue)
    }

    /// `resolve` for a file that must be a regular file (not a folder).
    package func resolveFile(_ text: String?, field: String) throws -> Resolved {
        guard let text, !text.isEmpty else { throw AppError.validation("\(field) is required", field: field) }
        let resolved = try resolve(text, field: field)
        guard !resolved.isDirectory else {
            throw AppError(
                status: 400, code: .invalidFileType, message: "\(field) is a folder, not a media file", details: ["field": .string(field)])
        }
        return resolved
    }

    static func notFound(_ field: String) -> AppError {
        AppError(status: 404, code: .fileNotFound, message: "\(field) names no file in the media roots", details: ["field": .string(field)])
    }

    /// The checks that need no filesystem.
    static func checkLexically(_ text: String, field: String) throws {
        func refuse(_ why: String) -> AppError {
            AppError(status: 400, code: .pathNotAllowed, message: "\(field) \(why)", details: ["field": .string(field)])
        }
        if text.utf8.contains(0) { throw refuse("contains a NUL byte") }
        if text.utf8.count > maxPathBytes { throw refuse("is longer than \(maxPathBytes) bytes") }
        let components = text.split(separator: "/", omittingEmptySubsequences: true)
        if components.contains(where: { $0 == ".." }) { throw refuse("may not contain '..'") }
        if components.contains(where: { $0.utf8.count > maxComponentBytes }) { throw refuse("has a name longer than \(maxComponentBytes) bytes") }
    }

    /// Drops empty and `.` components (no `..` is left after `checkLexically`).
    static func collapse(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// Whether `path` is `root` or below it (component-wise: `/media2` is not inside `/media`).
    package static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `realpath(3)`: `nil` when the path (or a link on it) does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
