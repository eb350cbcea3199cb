import Foundation

/// The part of a watch root a scan looks at when not all of it changed: some session folders, each
/// whole or only some of its files. inotify says which file or folder changed, so one finished photo
/// costs one `stat`, not a walk of every folder (100,000 files took seconds per event).
package struct ScanSelection: Sendable, Equatable {
    /// Session folder name → the file names to look at in it; nil: the whole folder.
    package private(set) var folders: [String: Set<String>?] = [:]

    package init() {}

    /// Looks at the whole session folder.
    package mutating func add(folder: String) {
        folders[folder] = .some(nil)
    }

    /// Looks at one file of a session folder (the whole folder when it is already selected whole).
    package mutating func add(file: String, in folder: String) {
        switch folders[folder] {
        case .none: folders[folder] = .some([file])
        case .some(.none): break
        case .some(.some(var files)):
            files.insert(file)
            folders[folder] = .some(files)
        }
    }

    /// Both selections.
    package mutating func merge(_ other: ScanSelection) {
        for (folder, files) in other.folders {
            if let files { files.forEach { add(file: $0, in: folder) } } else { add(folder: folder) }
        }
    }

    package var isEmpty: Bool { folders.isEmpty }

    /// The session folder names selected.
    package var folderNames: [String] { Array(folders.keys) }

    /// The file names selected in `folder`; nil when the whole folder is.
    package func files(in folder: String) -> [String]? {
        folders[folder].flatMap { files in files.map { Array($0) } }
    }
}
