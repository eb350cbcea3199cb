import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Deletes a file only if it still holds exactly the bytes the backend acknowledged. The file is opened
/// without following links and hashed through that descriptor; it is unlinked only if the path still
/// names the same inode, unchanged in size and modification time, so a frame written over the old name
/// (a camera counter that wrapped, a reshoot saved under the same name) is never lost. The folder is
/// synced after the unlink, so a power cut cannot bring the file back after it was recorded as deleted.
public enum OriginalRemoval {
    public static func removeIfUnchanged(path: String, sha256: String, size: Int64) throws -> OriginalDisposal {
        var before = stat()
        guard lstat(path, &before) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .gone }
            throw failure("cannot look at", path)
        }
        guard before.st_mode & S_IFMT == S_IFREG, Int64(before.st_size) == size else { return .changed }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return .gone }
            if errno == ELOOP { return .changed }
            throw failure("cannot open", path)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else { throw failure("cannot look at", path) }
        guard sameFile(opened, before) else { return .changed }

        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == sha256.lowercased() else { return .changed }

        var now = stat()
        guard lstat(path, &now) == 0 else {
            if errno == ENOENT { return .gone }
            throw failure("cannot look at", path)
        }
        guard sameFile(now, opened) else { return .changed }
        guard unlink(path) == 0 else {
            if errno == ENOENT { return .gone }
            throw failure("cannot delete", path)
        }
        syncFolder(of: path)
        return .deleted
    }

    /// Same inode, size and modification time.
    static func sameFile(_ a: stat, _ b: stat) -> Bool {
        a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec
            && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
    }

    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func failure(_ what: String, _ path: String) -> AgentError {
        AgentError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
