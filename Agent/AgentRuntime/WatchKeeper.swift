import AgentCore
import AgentStore
import Foundation
import Logging
import Synchronization

/// The inotify watches of every watch folder, kept within the kernel's per-user budget
/// (`fs.inotify.max_user_watches`), and what to scan on a timer where no watch is.
///
/// - A root whose watcher cannot start (inotify unavailable, no watch left even for the root) is
///   scanned whole every `degradedScanSeconds`; the daemon still starts.
/// - Session folders beyond the budget are scanned every `degradedScanSeconds` (only those folders).
/// - A finished session gives its watches back: every item of its folder is acknowledged or rejected,
///   and neither an event nor the folder's modification time is newer than `releaseAfter`. The root
///   stays watched, so new session folders are seen at once. A released folder whose modification time
///   changes is watched again at the next full rescan (which also takes its new files).
/// `relay-agent status` and `doctor` show the result (`statusValues`).
final class WatchKeeper: Sendable {
    /// One watch folder and its watcher (nil: inotify could not watch it at all).
    struct Root: Sendable {
        let url: URL
        let depth: Int
        let watcher: FolderWatcher?
    }

    let roots: [Root]
    let degradedScanSeconds: Double
    let releaseAfter: TimeInterval
    /// Session folder → last watched change in it.
    private let activity = Mutex<[URL: Date]>([:])
    /// Released session folder → its modification time when released.
    private let releasedAt = Mutex<[URL: Date]>([:])
    /// The status values last recorded (written again only when they change).
    let recorded = Mutex<[String: String]>([:])

    /// Starts a watcher per folder of `configuration`; one that cannot start is logged, not thrown.
    init(configuration: AgentConfiguration, logger: Logger, releaseAfter: TimeInterval = 600, watchLimit: Int? = nil) {
        func root(_ url: URL, depth: Int) -> Root {
            do {
                return Root(url: url, depth: depth, watcher: try FolderWatcher(root: url, depth: depth, watchLimit: watchLimit))
            } catch {
                logger.warning("cannot watch \(url.path) (\(error)): scanning it every \(Self.degradedInterval(configuration)) s instead")
                return Root(url: url, depth: depth, watcher: nil)
            }
        }
        roots = configuration.watchFolders.map { root($0, depth: 1) } + configuration.recordingFolders.map { root($0, depth: 2) }
        degradedScanSeconds = Self.degradedInterval(configuration)
        self.releaseAfter = releaseAfter
        for root in roots {
            let unwatched = root.watcher?.unwatchedFolders.count ?? 0
            if unwatched > 0 {
                logger.warning(
                    "inotify watch limit reached (fs.inotify.max_user_watches): \(unwatched) folders in \(root.url.path) are scanned every \(degradedScanSeconds) s instead")
            }
        }
    }

    /// Folders without a watch are scanned this often: `rescan_seconds`, but at most 10 s.
    static func degradedInterval(_ configuration: AgentConfiguration) -> Double { min(configuration.rescanSeconds, 10) }

    func stop() {
        roots.forEach { $0.watcher?.stop() }
    }

    /// Notes a watched change (it keeps its session folder's watch) and returns what to scan for it.
    func noted(_ change: FolderWatcher.Change, in root: Root, now: Date = Date()) -> ScanPlan.Target {
        let target = ScanPlan.Target(change, root: root.url, depth: root.depth)
        if let folder = target.folder { activity.withLock { $0[FolderWatcher.canonical(root.url.appendingPathComponent(folder))] = now } }
        return target
    }

    /// What no watch covers: whole roots without a watcher, and the session folders of unwatched folders.
    func unwatchedPlan() -> ScanPlan {
        var plan = ScanPlan()
        for root in roots {
            guard let watcher = root.watcher else {
                plan.add(ScanPlan.Target(root: root.url))
                continue
            }
            for folder in watcher.unwatchedFolders {
                plan.add(ScanPlan.Target(.folder(folder), root: root.url, depth: root.depth))
            }
        }
        return plan
    }

    /// Releases the watches of finished sessions, watches released folders that changed again, and
    /// retries folders without a watch. `finished` answers whether a session key's items are all done.
    /// Returns the folders watched again (scan them).
    func maintain(now: Date = Date(), finished: (String) -> Bool) -> [URL] {
        var rewatched: [URL] = []
        for root in roots {
            guard let watcher = root.watcher else { continue }
            let released = Set(watcher.releasedFolders)
            for folder in released {
                let modified = Self.modified(folder, levels: root.depth - 1)
                guard let modified, let then = releasedAt.withLock({ $0[folder] }), modified > then else {
                    if modified == nil { releasedAt.withLock { _ = $0.removeValue(forKey: folder) } }
                    continue
                }
                releasedAt.withLock { _ = $0.removeValue(forKey: folder) }
                watcher.rewatch(folder)
                activity.withLock { $0[folder] = now }
                rewatched.append(folder)
            }
            // Session folders, watched or waiting for a watch (a finished one need not be scanned on the timer either).
            let sessions = (watcher.watchedFolders + watcher.unwatchedFolders).filter {
                $0.deletingLastPathComponent().path == root.url.path && !released.contains($0)
            }
            for folder in sessions {
                let last = max(activity.withLock { $0[folder] } ?? .distantPast, Self.modified(folder, levels: root.depth - 1) ?? .distantPast)
                guard now.timeIntervalSince(last) >= releaseAfter else { continue }
                let name = folder.lastPathComponent
                let key = root.depth == 1 ? CaptureFolder(name: name)?.name : RecordingFolder(name: name).map(IntakeScanner.recordingKey)
                guard let key, finished(key) else { continue }
                watcher.release(folder)
                releasedAt.withLock { $0[folder] = last }
                activity.withLock { _ = $0.removeValue(forKey: folder) }
            }
            // Watches given back above (or by folders deleted meanwhile) go to folders waiting for one.
            watcher.refresh()
        }
        return rewatched
    }

    /// The latest modification time of `folder` and its subfolders `levels` deep; nil when it is gone.
    static func modified(_ folder: URL, levels: Int) -> Date? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder.path),
            var latest = attributes[.modificationDate] as? Date
        else { return nil }
        guard levels > 0 else { return latest }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
                let date = modified(url, levels: levels - 1)
            else { continue }
            latest = max(latest, date)
        }
        return latest
    }

    /// The watch figures for the status table: `watch_mode` (`inotify`, or `degraded` when some folders
    /// have no watch), folders watched, released, and without a watch.
    func statusValues() -> [String: String] {
        let watched = roots.reduce(0) { $0 + ($1.watcher?.watchedFolders.count ?? 0) }
        let released = roots.reduce(0) { $0 + ($1.watcher?.releasedFolders.count ?? 0) }
        let unwatched = roots.reduce(0) { $0 + ($1.watcher.map { $0.unwatchedFolders.count } ?? 1) }
        return [
            "watch_mode": unwatched > 0 ? "degraded" : "inotify", "watch_watched": "\(watched)", "watch_released": "\(released)",
            "watch_unwatched": "\(unwatched)", "watch_scan_seconds": String(format: "%g", degradedScanSeconds),
        ]
    }
}
