import Foundation

/// Finds camera files ready for intake in a recording folder: video and audio files in session folders
/// (directly, named with their camera label first, or in a camera folder `A/`…`Z/`), not hidden, not
/// temporary, and stable for `settle`. These go up through multipart uploads (seed 000), one asset per
/// camera per session.
package struct RecordingScanner: Sendable {
    /// A camera file found, with its session and camera.
    package struct Candidate: Sendable, Equatable {
        package var url: URL
        package var folder: RecordingFolder
        package var cameraLabel: String
        package var size: Int64
        package var modified: Date
        package var contentType: String
    }

    package var settle: TimeInterval
    /// Extension → the media type the backend accepts for it.
    static let extensions = [
        "mp4": "video/mp4", "mov": "video/quicktime", "mkv": "video/x-matroska", "webm": "video/webm", "mxf": "video/mxf",
        "avi": "video/x-msvideo", "wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "flac": "audio/flac",
    ]

    package init(settle: TimeInterval = 2) {
        self.settle = settle
    }

    /// Scans `root` at time `now`. Files that name no camera are returned in `unlabelled` (status shows
    /// them: the operator renames or moves them). With `selection`, only the session folders it names
    /// (always whole: a recording session holds a few files).
    package func scan(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) throws -> (candidates: [Candidate], unlabelled: [URL]) {
        let manager = FileManager.default
        var found: [Candidate] = []
        var unlabelled: [URL] = []
        func directory(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        func consider(_ url: URL, folder: RecordingFolder, cameraFolder: String?) {
            let name = url.lastPathComponent
            guard FolderScanner.isPhotoName(name), let contentType = Self.extensions[url.pathExtension.lowercased()] else { return }
            guard let attributes = try? manager.attributesOfItem(atPath: url.path),
                (attributes[.type] as? FileAttributeType) == .typeRegular,
                let size = (attributes[.size] as? NSNumber)?.int64Value, size > 0,
                let modified = attributes[.modificationDate] as? Date,
                FolderScanner.isSettled(modified: modified, now: now, settle: settle)
            else { return }
            guard let label = RecordingFolder.cameraLabel(fileName: name, cameraFolder: cameraFolder) else {
                unlabelled.append(url)
                return
            }
            found.append(Candidate(url: url, folder: folder, cameraLabel: label, size: size, modified: modified, contentType: contentType))
        }
        for folderName in try (selection?.folderNames ?? manager.contentsOfDirectory(atPath: root.path)).sorted() {
            let folderURL = root.appendingPathComponent(folderName)
            guard directory(folderURL), let folder = RecordingFolder(name: folderName) else { continue }
            for entry in ((try? manager.contentsOfDirectory(atPath: folderURL.path)) ?? []).sorted() where !entry.hasPrefix(".") {
                let url = folderURL.appendingPathComponent(entry)
                if directory(url) {
                    guard RecordingFolder.isLabel(entry) else { continue }
                    for file in ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                        consider(url.appendingPathComponent(file), folder: folder, cameraFolder: entry)
                    }
                } else {
                    consider(url, folder: folder, cameraFolder: nil)
                }
            }
        }
        return (found.sorted { ($0.folder.name, $0.modified, $0.url.path) < ($1.folder.name, $1.modified, $1.url.path) }, unlabelled)
    }
}
