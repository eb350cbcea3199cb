import Foundation

/// Finds where a queued file's bytes went (`relay-agent queue retry` on an item whose file is not at its
/// path): walks the configured folders down to `depth` levels, and hashes only files of the item's exact
/// size, so a whole capture archive is listed but almost nothing is read.
package struct MovedFileFinder: Sendable {
    package var roots: [URL]
    /// Levels below a root that are searched (session folder, camera folder, file: 3).
    package var depth: Int

    package init(roots: [URL], depth: Int = 3) {
        self.roots = roots
        self.depth = depth
    }

    /// The first file under the roots with `size` bytes whose SHA-256 is `sha256`; nil when none is.
    package func find(size: Int64, sha256: String) -> URL? {
        for root in roots {
            if let found = search(root, levels: depth, size: size, sha256: sha256.lowercased()) { return found }
        }
        return nil
    }

    private func search(_ folder: URL, levels: Int, size: Int64, sha256: String) -> URL? {
        guard levels > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var subfolders: [URL] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { continue }
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: subfolders.append(url)
            case .typeRegular?:
                if (attributes[.size] as? NSNumber)?.int64Value == size, (try? FileHasher.sha256(of: url)) == sha256 { return url }
            default: continue
            }
        }
        for subfolder in subfolders {
            if let found = search(subfolder, levels: levels - 1, size: size, sha256: sha256) { return found }
        }
        return nil
    }
}
