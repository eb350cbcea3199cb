import AgentCore
import Foundation
import Testing
import TestFixtures

/// Why a queued file is missing (issue 23 item 4), on real folders.
@Suite("Missing files and frame names")
struct MissingFileTests {
    @Test("a file gone from its folder, a folder gone, a watch folder gone, and storage on another device than the file was")
    func verdicts() throws {
        let root = try TestEnvironment.temporaryDirectory("missing-file")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("STK-1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("IMG_0001.jpg").path
        let device = try #require(MissingFile.device(of: folder.path))

        #expect(MissingFile.judge(path: path, root: root.path, device: device) == .fileGone)
        #expect(MissingFile.judge(path: root.appendingPathComponent("STK-2/IMG.jpg").path, root: root.path, device: device)
            == .folderGone(folder: root.appendingPathComponent("STK-2").path))
        #expect(MissingFile.judge(path: root.appendingPathComponent("gone/STK/IMG.jpg").path, root: root.appendingPathComponent("gone").path, device: device)
            == .storageUnavailable(folder: root.appendingPathComponent("gone").path))
        // The file was on another device than what is there now: an unmounted share's empty mount point.
        #expect(MissingFile.judge(path: path, root: root.path, device: device &+ 1) == .storageUnavailable(folder: folder.path))
        // Items queued before devices were kept: only a missing watch folder means unavailable storage.
        #expect(MissingFile.judge(path: path, root: root.path, device: nil) == .fileGone)

        #expect(MissingFile.storageUnavailable(folder: "/x").keepsWaiting(missingFor: 1e9, giveUpAfter: 10))
        #expect(MissingFile.fileGone.keepsWaiting(missingFor: 5, giveUpAfter: 10))
        #expect(!MissingFile.fileGone.keepsWaiting(missingFor: 11, giveUpAfter: 10))
        #expect(!MissingFile.folderGone(folder: "/x").keepsWaiting(missingFor: 11, giveUpAfter: 10))
    }

    @Test("frame names ignore case, extension and reshoot suffixes, and nothing else")
    func frameNames() {
        let same = ["IMG_0005.jpg", "img_0005.JPG", "IMG_0005 (2).jpg", "IMG_0005(3).heic", "IMG_0005_reshoot.jpg", "IMG_0005-retake2.jpg", "IMG_0005 redo.jpg"]
        #expect(Set(same.map(FrameName.of(fileName:))) == ["img_0005"])
        let different = ["IMG_0006.jpg", "IMG_00052.jpg", "IMG_0005x.jpg", "reshoot.jpg", "IMG_0005 ().jpg"]
        #expect(different.allSatisfy { FrameName.of(fileName: $0) != "img_0005" })
        #expect(FrameName.of(fileName: "reshoot.jpg") == "reshoot")
    }

    @Test("queue retry's search finds moved bytes by size and hash, below the configured folders only")
    func findsMovedBytes() throws {
        let root = try TestEnvironment.temporaryDirectory("moved-finder")
        defer { try? FileManager.default.removeItem(at: root) }
        let watch = root.appendingPathComponent("capture")
        let bytes = Data("the frame's bytes".utf8)
        let other = Data("other bytes, same n".utf8.prefix(bytes.count))
        for (path, data) in [("capture/STK-1/a.jpg", other), ("capture/STK-2/deep/b.jpg", bytes), ("elsewhere/c.jpg", bytes)] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let sha = try FileHasher.sha256(of: root.appendingPathComponent("elsewhere/c.jpg"))
        let finder = MovedFileFinder(roots: [watch])
        #expect(finder.find(size: Int64(bytes.count), sha256: sha)?.path == watch.appendingPathComponent("STK-2/deep/b.jpg").path)
        #expect(MovedFileFinder(roots: [watch], depth: 2).find(size: Int64(bytes.count), sha256: sha) == nil, "deeper than searched")
        #expect(finder.find(size: Int64(bytes.count) + 1, sha256: sha) == nil)
    }
}
