import Foundation

/// Finds photos ready for intake in a watch folder: files in session subfolders, not hidden, not
/// temporary, with a photo extension, and stable — unchanged in size and not modified for `settle`
/// (tethering software writes files in pieces). Files are returned in capture order (modification time,
/// then name), which is the order studio360 angles are assigned in.
package struct FolderScanner: Sendable {
    /// A photo found, with the session folder it belongs to.
    package struct Candidate: Sendable, Equatable {
        package var url: URL
        package var folder: CaptureFolder
        package var size: Int64
        package var modified: Date
        /// `image/jpeg` or `image/heic`, from the extension (the bytes are checked again by QC).
        package var contentType: String
    }

    /// How long a file must be left alone before it is taken.
    package var settle: TimeInterval
    static let extensions = ["jpg": "image/jpeg", "jpeg": "image/jpeg", "heic": "image/heic", "heif": "image/heic"]
    static let temporarySuffixes = [".tmp", ".part", ".partial", ".crdownload", "~"]

    package init(settle: TimeInterval = 2) {
        self.settle = settle
    }

    /// Scans `root` (one level of session folders) at time `now`; with `selection`, only the session
    /// folders and files it names.
    package func scan(root: URL, now: Date = Date(), only selection: ScanSelection? = nil) throws -> [Candidate] {
        let manager = FileManager.default
        var found: [Candidate] = []
        for folderName in try (selection?.folderNames ?? manager.contentsOfDirectory(atPath: root.path)).sorted() {
            let folderURL = root.appendingPathComponent(folderName)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folderURL.path, isDirectory: &isDirectory), isDirectory.boolValue,
                let folder = CaptureFolder(name: folderName)
            else { continue }
            for fileName in selection?.files(in: folderName) ?? (try? manager.contentsOfDirectory(atPath: folderURL.path)) ?? [] {
                guard Self.isPhotoName(fileName), let contentType = Self.extensions[(fileName as NSString).pathExtension.lowercased()] else {
                    continue
                }
                let url = folderURL.appendingPathComponent(fileName)
                guard let attributes = try? manager.attributesOfItem(atPath: url.path),
                    (attributes[.type] as? FileAttributeType) == .typeRegular,
                    let size = (attributes[.size] as? NSNumber)?.int64Value, size > 0,
                    let modified = attributes[.modificationDate] as? Date,
                    Self.isSettled(modified: modified, now: now, settle: settle)
                else { continue }
                found.append(Candidate(url: url, folder: folder, size: size, modified: modified, contentType: contentType))
            }
        }
        return found.sorted { ($0.folder.name, $0.modified, $0.url.lastPathComponent) < ($1.folder.name, $1.modified, $1.url.lastPathComponent) }
    }

    /// Unchanged for `settle` — or modified more than a minute in the future: the clock was stepped
    /// back after it was written (NTP at boot, a box without RTC), and waiting for the clock to catch up
    /// would hold it for as long as the step. The intake gate (writers, structure, a size stable on the
    /// monotonic clock) still decides whether it is whole.
    package static func isSettled(modified: Date, now: Date, settle: TimeInterval) -> Bool {
        let age = now.timeIntervalSince(modified)
        return age >= settle || age < -60
    }

    /// Not hidden, not a temp/partial file.
    static func isPhotoName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return !name.hasPrefix(".") && !name.hasPrefix("~") && !temporarySuffixes.contains { lower.hasSuffix($0) }
    }

    /// The studio360 angle of the `index`-th frame (0-based) of `frameCount`.
    package static func angle(index: Int, frameCount: Int) -> Double {
        guard frameCount > 0 else { return 0 }
        return Double(index % frameCount) * 360 / Double(frameCount)
    }
}
