import AgentCore
import AgentStore
import Foundation

extension DoctorCommand {
    /// inotify: what the daemon last recorded (degraded when folders had no watch), else whether the
    /// folders fit the kernel's per-user watch limit. Either way the agent runs; without watches it
    /// scans on a timer, which costs CPU and delay.
    static func watches(_ configuration: AgentConfiguration, state: URL) -> Check {
        let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let database = configuration.queueDatabase
        if FileManager.default.fileExists(atPath: database.path), let store = try? UploadQueueStore.open(at: database),
            let watching = (try? store.status()).flatMap({ WatchStatus($0) })
        {
            guard watching.mode == "degraded" else { return Check(name: "inotify", status: "ok", detail: watching.text) }
            let raise = limit.map { " (raise fs.inotify.max_user_watches, now \($0))" } ?? ""
            return Check(name: "inotify", status: "warn", detail: watching.text + raise)
        }
        let needed = configuration.watchFolders.reduce(0) { $0 + folders($1, depth: 1) }
            + configuration.recordingFolders.reduce(0) { $0 + folders($1, depth: 2) }
        guard let limit else { return Check(name: "inotify", status: "warn", detail: "cannot read fs.inotify.max_user_watches") }
        guard needed <= limit else {
            return Check(
                name: "inotify", status: "warn",
                detail: "\(needed) folders to watch but fs.inotify.max_user_watches is \(limit): the rest are scanned on a timer")
        }
        return Check(name: "inotify", status: "ok", detail: "\(needed) folders to watch, fs.inotify.max_user_watches is \(limit)")
    }

    /// `folder` and its subfolders `depth` levels down (the watches it takes).
    static func folders(_ folder: URL, depth: Int) -> Int {
        guard depth > 0 else { return 1 }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return 1 + names.filter { !$0.hasPrefix(".") }.reduce(0) { count, name in
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return count }
            return count + folders(url, depth: depth - 1)
        }
    }
}
