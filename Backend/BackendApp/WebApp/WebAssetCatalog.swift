import Foundation

/// The reviewer app's files (`Resources/web`, shipped with the binary), read once at start into memory.
/// Requests look names up in this table and never touch the file system, so no path can escape it.
struct WebAssetCatalog: Sendable {
    /// By path relative to `web/` (`index.html`, `js/main.js`).
    let assets: [String: WebAsset]

    /// The files of `Bundle.module`'s `web` folder; empty if the folder is missing (the API still serves).
    static func bundled() -> WebAssetCatalog {
        guard let root = Bundle.module.url(forResource: "web", withExtension: nil) else { return WebAssetCatalog(assets: [:]) }
        return load(root: root)
    }

    static func load(root: URL) -> WebAssetCatalog {
        var assets: [String: WebAsset] = [:]
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return WebAssetCatalog(assets: [:])
        }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let data = FileManager.default.contents(atPath: url.path)
            else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            assets[relative] = WebAsset(body: [UInt8](data), path: relative)
        }
        return WebAssetCatalog(assets: assets)
    }

    subscript(path: String) -> WebAsset? { assets[path] }
}
