import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Deletes a file only if it still holds exactly the bytes the backend acknowledged.
///
/// - The folder must be writable first (nothing is hashed for a file that cannot be deleted).
/// - The file is opened without following links and hashed through that descriptor.
/// - A recording is also checked part by part against the ETags the store gave (`StoredPart`): the
///   SHA-256 in `upload_complete` is the agent's own word, while a part's ETag is the store's digest of
///   what it holds (MD5 on S3/SeaweedFS, SHA-256 on the local store). A part that differs, or an ETag
///   that is no digest, keeps the file (`unverified`).
/// - It is unlinked only if the path still names the same inode, unchanged in size, modification and
///   change time, so a frame written over the old name (a counter that wrapped, a reshoot saved under the
///   same name) is never lost.
/// - The folder is synced after the unlink, so a power cut cannot bring the file back after it was
///   recorded as deleted.
package enum OriginalRemoval {
    package static func removeIfUnchanged(
        path: String, sha256: String, size: Int64, parts: [StoredPart] = [], isCancelled: () -> Bool = { false }
    ) throws -> OriginalDisposal {
        var before = stat()
        guard lstat(path, &before) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .gone }
            throw failure("cannot look at", path)
        }
        guard before.st_mode & S_IFMT == S_IFREG, Int64(before.st_size) == size else { return .changed }
        let folder = folder(of: path)
        guard access(folder, W_OK | X_OK) == 0 else {
            throw OriginalRemovalError.folderNotWritable(path: path, folder: folder, .current)
        }
        let digests = parts.map { PartDigest(etag: $0.etag) }
        if !parts.isEmpty, digests.contains(nil) || !covers(parts, size: size) { return .unverified }

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

        var whole = SHA256()
        var partIndex = 0
        var partHasher = digests.first??.hasher()
        var offset: Int64 = 0
        var partsMatch = true
        while true {
            if isCancelled() { throw CancellationError() }
            let partEnd = partIndex < parts.count ? parts[partIndex].offset + parts[partIndex].length : size
            let want = Int(max(1, min(Int64(1 << 20), partEnd - offset)))
            guard let chunk = try handle.read(upToCount: want), !chunk.isEmpty else { break }
            whole.update(data: chunk)
            offset += Int64(chunk.count)
            guard partIndex < parts.count else { continue }
            partHasher?.update(chunk)
            if offset == partEnd {
                if partHasher?.finalize() != digests[partIndex]?.hex { partsMatch = false }
                partIndex += 1
                partHasher = partIndex < parts.count ? digests[partIndex]?.hasher() : nil
            }
        }
        let digest = whole.finalize().map { String(format: "%02x", $0) }.joined()
        guard offset == size, digest == sha256.lowercased() else { return .changed }
        guard partsMatch, partIndex == parts.count else { return .unverified }

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
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
        return .deleted
    }

    /// The parts are in order, back to back, and cover the whole file.
    static func covers(_ parts: [StoredPart], size: Int64) -> Bool {
        var next: Int64 = 0
        for part in parts {
            guard part.offset == next, part.length > 0 else { return false }
            next += part.length
        }
        return next == size
    }

    /// Same inode, size, modification and change time.
    static func sameFile(_ a: stat, _ b: stat) -> Bool {
        a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec
            && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    static func failure(_ what: String, _ path: String) -> OriginalRemovalError {
        .failed(action: what, path: path, .current)
    }
}
