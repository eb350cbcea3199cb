import Foundation
import Glibc
import Synchronization

/// Watches a capture root with inotify: the root itself (new session folders) and every session folder
/// in it (files finished with close-write or moved in). Tethering software writes a file and closes it,
/// or writes a temp file and renames it; both end in one event here. Events only say "look again": the
/// scanner decides what is complete and stable, so a lost or coalesced event costs nothing but time —
/// and a queue overflow turns into a full rescan.
///
/// Watches are a per-user kernel budget (`fs.inotify.max_user_watches`). A folder that cannot be watched
/// because the budget is spent is not an error: it is listed in `unwatchedFolders` (the daemon scans
/// those on a timer instead) and tried again by `refresh()`. Finished sessions give their watches back
/// (`release`); a released folder is watched again by `rewatch` when it changes.
package final class FolderWatcher: Sendable {
    /// What changed.
    package enum Change: Sendable, Equatable {
        /// A file was closed after writing, or moved in.
        case file(URL)
        /// A session folder appeared (it is now watched too, if a watch was left). Scan it: a folder
        /// moved in may already hold files, and they raise no events of their own.
        case folder(URL)
        /// Events were lost (kernel queue overflow) or the root itself changed: scan everything.
        case rescan
    }

    /// The folder to watch below.
    package let root: URL
    /// How many levels of subfolders are watched: 1 for capture roots (session folders), 2 for recording
    /// roots (session folders and their camera folders).
    package let depth: Int
    private let fd: Int32
    private let table: Mutex<WatchTable>
    private let stopped = Mutex(false)

    static let fileMask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

    /// Starts watching `root` and its current subfolders. Throws when inotify is unavailable or the root
    /// itself cannot be watched (missing, no permission, watch limit reached); subfolders beyond the
    /// watch limit are listed in `unwatchedFolders` instead. `watchLimit` caps this watcher's watches
    /// below the kernel's limit (tests).
    package init(root: URL, depth: Int = 1, watchLimit: Int? = nil) throws {
        self.root = Self.canonical(root)
        self.depth = depth
        self.table = Mutex(WatchTable(limit: watchLimit))
        let fd = inotify_init1(Int32(O_CLOEXEC))
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.fd = fd
        // (deinit closes the descriptor: every property is set by now.)
        if let error = add(self.root) { throw error }
        addSubfolders(of: self.root, levels: depth)
    }

    /// The one spelling of a folder's URL the watcher keeps (a file URL of a directory, with its
    /// trailing slash): `URL`s of the same folder made in different ways compare equal through it.
    package static func canonical(_ folder: URL) -> URL { URL(fileURLWithPath: folder.path, isDirectory: true) }

    deinit {
        close(fd)
    }

    /// Watched folders.
    package var watchedFolders: [URL] { table.withLock { Array($0.folders.values) }.sorted { $0.path < $1.path } }
    /// Folders that should be watched but are not: the watch limit was reached. Scan them on a timer.
    package var unwatchedFolders: [URL] { table.withLock { Array($0.unwatched) }.sorted { $0.path < $1.path } }
    /// Session folders whose watches were given back (`release`).
    package var releasedFolders: [URL] { table.withLock { Array($0.released) }.sorted { $0.path < $1.path } }

    /// Gives back the watches of a session folder and its subfolders (a finished session). The folder
    /// stays known as released: `refresh()` does not watch it again, `rewatch` does.
    package func release(_ folder: URL) {
        let folder = Self.canonical(folder)
        let prefix = folder.path + "/"
        table.withLock { table in
            for (wd, watched) in table.folders where watched == folder || watched.path.hasPrefix(prefix) {
                inotify_rm_watch(fd, wd)
                table.remove(wd)
            }
            table.unwatched = table.unwatched.filter { $0 != folder && !$0.path.hasPrefix(prefix) }
            table.released.insert(folder)
        }
    }

    /// Watches a released (or unwatched) session folder and its subfolders again; false when the watch
    /// limit leaves no room (it is then listed as unwatched).
    @discardableResult
    package func rewatch(_ folder: URL) -> Bool {
        let folder = Self.canonical(folder)
        table.withLock { _ = $0.released.remove(folder) }
        guard add(folder) == nil else { return false }
        addSubfolders(of: folder, levels: depth - level(of: folder))
        return table.withLock { table in !table.unwatched.contains { $0.path.hasPrefix(folder.path + "/") } }
    }

    /// Brings the watches in line with the folders on disk: forgets folders that are gone, watches
    /// subfolders not watched yet (new ones whose event was lost, and unwatched ones now that watches may
    /// have been released), leaving released ones alone.
    package func refresh() {
        table.withLock { table in
            table.unwatched = table.unwatched.filter { Self.isDirectory($0) }
            table.released = table.released.filter { Self.isDirectory($0) }
        }
        addSubfolders(of: root, levels: depth)
    }

    /// Levels below the root (0 for the root).
    private func level(of folder: URL) -> Int { folder.pathComponents.count - root.pathComponents.count }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Watches the subfolders of `folder` down `levels` levels, except hidden, released and already
    /// watched ones.
    private func addSubfolders(of folder: URL, levels: Int) {
        guard levels > 0 else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
            let url = Self.canonical(folder.appendingPathComponent(name))
            guard Self.isDirectory(url), !table.withLock({ $0.released.contains(url) }) else { continue }
            // A folder that cannot be watched is still descended into: its subfolders are listed too.
            _ = add(url)
            addSubfolders(of: url, levels: levels - 1)
        }
    }

    /// Adds a watch (nothing when already watched); nil on success. At the watch limit (ENOSPC, or
    /// `watchLimit`) the folder is recorded as unwatched and the error returned.
    private func add(_ folder: URL) -> POSIXError? {
        let folder = Self.canonical(folder)
        return table.withLock { table in
            if table.descriptors[folder] != nil { return nil }
            if let limit = table.limit, table.folders.count >= limit {
                if folder != root { table.unwatched.insert(folder) }
                return POSIXError(.ENOSPC)
            }
            let wd = inotify_add_watch(fd, folder.path, Self.fileMask)
            guard wd >= 0 else {
                let code = POSIXErrorCode(rawValue: errno) ?? .EIO
                if code == .ENOSPC, folder != root { table.unwatched.insert(folder) }
                return POSIXError(code)
            }
            // The same inode under a new name (a renamed folder) keeps its descriptor: the new name wins.
            table.insert(wd, folder)
            table.unwatched.remove(folder)
            table.released.remove(folder)
            return nil
        }
    }

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
            guard let folder = table.withLock({ $0.folders[wd] }) else { continue }
            if mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 {
                // A folder renamed inside the root was already re-mapped to its new name by the root's
                // moved-to event (a watch belongs to the inode, so it is the same one): it stays watched.
                if mask & UInt32(IN_MOVE_SELF) != 0, folder != root, Self.isDirectory(folder) { continue }
                table.withLock { $0.remove(wd) }
                // Gone or moved away: give the watch back (a deleted folder's watch is already gone).
                if mask & UInt32(IN_MOVE_SELF) != 0 { inotify_rm_watch(fd, wd) }
                if folder == root { changes.append(.rescan) }
                continue
            }
            guard !name.isEmpty else { continue }
            let url = folder.appendingPathComponent(name)
            let isDirectory = mask & UInt32(IN_ISDIR) != 0
            if isDirectory {
                // Session folders (and, for recordings, their camera folders); deeper folders are not intake.
                if level(of: folder) < depth, (mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO))) != 0 {
                    // Reported even when no watch is left for it: it is scanned now and on the timer after.
                    _ = add(url)
                    addSubfolders(of: url, levels: depth - level(of: url))
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

/// A `FolderWatcher`'s bookkeeping: watch descriptor → folder, and the folders it could not watch or gave
/// back.
struct WatchTable: Sendable {
    var limit: Int?
    /// Watch descriptor → folder it watches, and back.
    private(set) var folders: [Int32: URL] = [:]
    private(set) var descriptors: [URL: Int32] = [:]
    var unwatched: Set<URL> = []
    var released: Set<URL> = []

    init(limit: Int?) {
        self.limit = limit
    }

    mutating func insert(_ wd: Int32, _ folder: URL) {
        remove(wd)
        folders[wd] = folder
        descriptors[folder] = wd
    }

    mutating func remove(_ wd: Int32) {
        guard let folder = folders.removeValue(forKey: wd) else { return }
        descriptors.removeValue(forKey: folder)
    }
}
