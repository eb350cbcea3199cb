import AgentCore
import Foundation
import Testing
import TestFixtures

@Suite("Folder intake")
struct FolderScannerTests {
    @Test(arguments: [
        ("1HGCM82633A123456", "1HGCM82633A123456", nil),
        ("1hgcm82633a123456_front-row", "1HGCM82633A123456", nil),
        ("STK-001", nil, "STK-001"),
        ("stk-7_note", nil, "STK-7"),
    ] as [(String, String?, String?)])
    func folders(name: String, vin: String?, stock: String?) throws {
        let folder = try #require(CaptureFolder(name: name))
        #expect(folder.vin == vin)
        #expect(folder.stock == stock)
    }

    @Test(arguments: [".hidden", "", "_x", "has space", "a/b", String(repeating: "A", count: 40)])
    func badFolders(name: String) {
        #expect(CaptureFolder(name: name) == nil)
    }

    @Test("only stable, complete photos in session folders, in capture order")
    func scan() throws {
        let root = try TestEnvironment.temporaryDirectory("watch")
        defer { try? FileManager.default.removeItem(at: root) }
        let session = root.appendingPathComponent("STK-001")
        try FileManager.default.createDirectory(at: session, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".trash"), withIntermediateDirectories: true)
        let old = Date().addingTimeInterval(-60)
        func write(_ name: String, in folder: URL = session, bytes: Int = 100, modified: Date = Date().addingTimeInterval(-60)) throws {
            let url = folder.appendingPathComponent(name)
            try Data(count: bytes).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        }
        try write("IMG_0002.JPG", modified: old.addingTimeInterval(2))
        try write("IMG_0001.jpg", modified: old)
        try write("IMG_0003.heic", modified: old.addingTimeInterval(3))
        try write("IMG_0004.jpg", modified: Date())            // still being written
        try write(".IMG_0005.jpg")                               // hidden
        try write("IMG_0006.jpg.part")                           // partial download
        try write("notes.txt")                                   // not a photo
        try write("empty.jpg", bytes: 0)                         // nothing yet
        try write("IMG_0007.jpg", in: root)                      // not in a session folder
        try write("x.jpg", in: root.appendingPathComponent(".trash"))

        let found = try FolderScanner(settle: 2).scan(root: root)
        #expect(found.map(\.url.lastPathComponent) == ["IMG_0001.jpg", "IMG_0002.JPG", "IMG_0003.heic"])
        #expect(found.map(\.contentType) == ["image/jpeg", "image/jpeg", "image/heic"])
        #expect(found.allSatisfy { $0.folder.stock == "STK-001" })
        #expect(FolderScanner.angle(index: 0, frameCount: 24) == 0)
        #expect(FolderScanner.angle(index: 5, frameCount: 24) == 75)
        #expect(FolderScanner.angle(index: 24, frameCount: 24) == 0)
    }
}
