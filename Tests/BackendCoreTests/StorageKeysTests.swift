import BackendCore
import Foundation
import Testing

/// Every kind of stored object's key, built twice from identical client input (same org, site, project,
/// date, camera, version, file type) as two rows would be: the keys must differ, because each carries its
/// row's id. And no code outside `StorageKeys` builds keys from segments of its own.
@Suite("Storage keys")
struct StorageKeysTests {
    /// One builder per kind of object; each call is a new row (fresh ids), the client input is fixed.
    static let kinds: [(name: String, build: @Sendable () -> BlobKey)] = {
        let org = UUID(), site = UUID()
        return [
            ("capture image", { StorageKeys.captureImage(orgId: org, siteId: site, sessionId: UUID(), imageId: UUID(), ext: "jpg") }),
            ("capture image, same session", { StorageKeys.captureImage(orgId: org, siteId: site, sessionId: Self.session, imageId: UUID(), ext: "jpg") }),
            ("capture thumbnail", { StorageKeys.captureThumbnail(orgId: org, siteId: site, sessionId: Self.session, imageId: UUID(), size: 400) }),
            ("video original", { StorageKeys.videoOriginal(orgId: org, videoId: UUID()) }),
            ("HLS file", { StorageKeys.videoHLS(orgId: org, videoId: UUID(), name: "720p_00003.ts") }),
            ("multicam original", { Self.asset(folder: "originals", ext: "mp4") }),
            ("multicam proxy", { Self.asset(folder: "proxies", ext: "mp4") }),
            ("multicam mezzanine", { Self.asset(folder: "mezzanines", ext: "mov") }),
            ("multicam WAV", { Self.asset(folder: "audios", ext: "wav") }),
            ("sync plot, two sessions", {
                StorageKeys.syncPlot(orgId: org, projectId: "proj-abc123", date: "2026-02-03", sessionId: UUID(), jobId: "job", cameraIndex: 2)
            }),
            ("sync plot, two runs of one session", {
                StorageKeys.syncPlot(orgId: org, projectId: "proj-abc123", date: "2026-02-03", sessionId: Self.session, jobId: UUID().uuidString, cameraIndex: 2)
            }),
        ]
    }()
    static let session = UUID()
    static let org = UUID()

    static func asset(folder: String, ext: String) -> BlobKey {
        StorageKeys.multicamAsset(
            orgId: org, projectId: "proj-abc123", date: "2026-02-03", assetId: UUID(), cameraIndex: 1, version: 1, folder: folder, ext: ext)
    }

    @Test("two rows from identical client input never share a key", arguments: 0..<11)
    func distinct(index: Int) {
        let kind = Self.kinds[index]
        let first = kind.build(), second = kind.build()
        #expect(first != second, "\(kind.name): \(first)")
    }

    @Test("seed 000's layout is kept, with the asset's id in the name")
    func multicamLayout() {
        let asset = UUID(uuidString: "6f1c1a43-0000-4000-8000-00000000000a")!
        let key = StorageKeys.multicamAsset(
            orgId: Self.org, projectId: "proj-abc123", date: "2026-02-03", assetId: asset, cameraIndex: 1, version: 2, folder: "originals", ext: "mp4")
        #expect(key.rawValue == "orgs/\(Self.org.uuidString.lowercased())/projects/proj-abc123/20260203/originals/angle-001_v002_6f1c1a43-0000-4000-8000-00000000000a.mp4")
        let chapter = StorageKeys.multicamAsset(
            orgId: Self.org, projectId: "proj-abc123", date: "2026-02-03", assetId: asset, cameraIndex: 2, chapter: 3, version: 1, folder: "proxies",
            ext: "mp4")
        #expect(chapter.rawValue.hasSuffix("/20260203/proxies/angle-002_c003_v001_6f1c1a43-0000-4000-8000-00000000000a.mp4"), "\(chapter)")
    }

    @Test("no key is built from segments outside StorageKeys")
    func oneBuilder() throws {
        let backend = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Backend").standardized
        let files = try #require(FileManager.default.enumerator(at: backend, includingPropertiesForKeys: nil))
        var offenders: [String] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            guard !["StorageKeys.swift", "BlobKey.swift"].contains(file.lastPathComponent) else { continue }
            if try String(contentsOf: file, encoding: .utf8).contains("BlobKey(segments:") { offenders.append(file.lastPathComponent) }
        }
        #expect(offenders.isEmpty, "keys built outside StorageKeys: \(offenders)")
    }
}
