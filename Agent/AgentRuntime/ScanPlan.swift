import AgentCore
import Foundation

/// What to look at in the next intake scan: per watch root, everything (nil) or a `ScanSelection`.
/// Built from the watcher's changes (a file → that file, a new folder → that folder, lost events → the
/// root) and from the folders no watch covers.
struct ScanPlan: Sendable, Equatable {
    private(set) var roots: [URL: ScanSelection?] = [:]

    /// One thing to look at: a whole root, a session folder, or one file in one.
    struct Target: Sendable, Hashable {
        var root: URL
        var folder: String?
        var file: String?

        /// The target of a watcher's change below `root` (`depth` 1: capture root; 2: recording root,
        /// whose changes select their whole session folder).
        init(_ change: FolderWatcher.Change, root: URL, depth: Int) {
            self.root = root
            let url: URL
            switch change {
            case .rescan: return
            case .file(let changed), .folder(let changed): url = changed
            }
            let below = Array(url.standardizedFileURL.pathComponents.dropFirst(root.standardizedFileURL.pathComponents.count))
            guard let session = below.first else { return }
            folder = session
            if case .file = change, depth == 1, below.count == 2 { file = below[1] }
        }

        init(root: URL, folder: String? = nil, file: String? = nil) {
            self.root = root
            self.folder = folder
            self.file = file
        }
    }

    init() {}

    init(_ targets: some Sequence<Target>) {
        targets.forEach { add($0) }
    }

    /// Every root, whole.
    static func everything(_ roots: [URL]) -> ScanPlan {
        ScanPlan(roots.map { Target(root: $0) })
    }

    mutating func add(_ target: Target) {
        guard let folder = target.folder else {
            roots[target.root] = .some(nil)
            return
        }
        let current = roots[target.root]
        // The whole root is already in.
        if case .some(.none) = current { return }
        var selection = (current ?? nil) ?? ScanSelection()
        if let file = target.file { selection.add(file: file, in: folder) } else { selection.add(folder: folder) }
        roots[target.root] = .some(selection)
    }

    mutating func merge(_ other: ScanPlan) {
        for (root, selection) in other.roots {
            guard let selection else {
                roots[root] = .some(nil)
                continue
            }
            let current = roots[root]
            if case .some(.none) = current { continue }
            var mine = (current ?? nil) ?? ScanSelection()
            mine.merge(selection)
            roots[root] = .some(mine)
        }
    }

    var isEmpty: Bool { roots.isEmpty }

    /// Whether `root` is in the plan, and what of it (nil inside: all of it).
    func selection(for root: URL) -> ScanSelection?? { roots[root] }
}

extension IntakeScanner {
    /// Scans what `plan` names; returns how many files were queued. Files the gate waits for that this
    /// partial scan did not look at stay waited for.
    @discardableResult
    func scan(_ plan: ScanPlan, now: Date = Date(), isCancelled: () -> Bool = { false }) throws -> Int {
        var found: [Found] = []
        for root in configuration.watchFolders {
            guard let selection = plan.selection(for: root) else { continue }
            found += scan(root: root, now: now, only: selection)
        }
        for root in configuration.recordingFolders {
            guard let selection = plan.selection(for: root) else { continue }
            found += scanRecordings(root: root, now: now, only: selection)
        }
        let everything = configuration.allFolders.allSatisfy { root in
            if case .some(.none) = plan.selection(for: root) { true } else { false }
        }
        return try take(found, everything: everything, isCancelled: isCancelled)
    }
}
