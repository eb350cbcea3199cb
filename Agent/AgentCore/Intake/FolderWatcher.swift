import Foundation
import Glibc
import Synchronization

/// Watches a capture root with inotify: the root itself (new session folders) and every session folder
/// in it (files finished with close-write or moved in). Tethering software writes a file and closes it,
/// or writes a temp file and renames it; both end in one event here. Events only say "look again": the
/// scanner decides what is complete and stable, so a lost or coalesced event costs nothing but time —
/// and a queue overflow turns into a full rescan.
package final class FolderWatcher: Sendable {
    /// What changed.
    package enum Change: Sendable, Equatable {
        /// A file was closed after writing, or moved in.
        case file(URL)
        /// A session folder appeared (it is now watched too). Scan it: a folder moved in may already hold
        /// files, and they raise no events of their own.
        case folder(URL)
        /// Events were lost (kernel queue overflow) or the root itself changed: scan everything.
        case rescan
    }

    private let root: URL
    /// How many levels of subfolders are watched: 1 for capture roots (session folders), 2 for recording
    /// roots (session folders and their camera folders).
    private let depth: Int
    private let fd: Int32
    /// Watch descriptor → folder it watches.
    private let folders = Mutex<[Int32: URL]>([:])
    private let stopped = Mutex(false)

    static let fileMask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

    /// Starts watching `root` and its current subfolders. Throws when inotify is unavailable or the root
    /// cannot be watched (missing, no permission, watch limit reached).
    package init(root: URL, depth: Int = 1) throws {
        self.root = root
        self.depth = depth
        let fd = inotify_init1(Int32(O_CLOEXEC))
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.fd = fd
        do {
            try add(root)
            try addSubfolders(of: root, levels: depth)
        } catch {
            close(fd)
            throw error
        }
    }

    private func addSubfolders(of folder: URL, levels: Int) throws {
        guard levels > 0 else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                try add(url)
                try addSubfolders(of: url, levels: levels - 1)
            }
        }
    }

    /// Levels below the root (0 for the root).
    private func level(of folder: URL) -> Int { folder.pathComponents.count - root.pathComponents.count }

    deinit {
        close(fd)
    }

    private func add(_ folder: URL) throws {
        let wd = inotify_add_watch(fd, folder.path, Self.fileMask)
        guard wd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        folders.withLock { $0[wd] = folder }
    }

    /// Watched folders (tests).
    package var watchedFolders: [URL] { folders.withLock { Array($0.values) }.sorted { $0.path < $1.path } }

    /// Changes as they happen, read on a dedicated thread (inotify reads block). The stream ends after
    /// `stop()`.
    package func changes() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream<Change>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !stopped.withLock({ $0 }) {
                // Wake every 200 ms to notice stop().
                guard poll(&poller, 1, 200) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else {
                    if count < 0, errno == EINTR || errno == EAGAIN { continue }
                    break
                }
                for change in parse(buffer, count: count) { continuation.yield(change) }
            }
            continuation.finish()
        }.start()
        return stream
    }

    /// Ends `changes()` within 200 ms.
    package func stop() {
        stopped.withLock { $0 = true }
    }

    /// Decodes `count` bytes of `inotify_event` records.
    func parse(_ buffer: [UInt8], count: Int) -> [Change] {
        var changes: [Change] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                changes.append(.rescan)
                continue
            }
            guard let folder = folders.withLock({ $0[wd] }) else { continue }
            if mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 {
                folders.withLock { _ = $0.removeValue(forKey: wd) }
                if folder == root { changes.append(.rescan) }
                continue
            }
            guard !name.isEmpty else { continue }
            let url = folder.appendingPathComponent(name)
            let isDirectory = mask & UInt32(IN_ISDIR) != 0
            if isDirectory {
                // Session folders (and, for recordings, their camera folders); deeper folders are not intake.
                if level(of: folder) < depth, (mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO))) != 0, (try? add(url)) != nil {
                    try? addSubfolders(of: url, levels: depth - level(of: url))
                    changes.append(.folder(url))
                }
            } else if mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0, FolderScanner.isPhotoName(name) {
                // Hidden and temporary names (`.x`, `~x`, `*.part`, `*.tmp`) are skipped: their final name comes later.
                changes.append(.file(url))
            }
        }
        return changes
    }
}
