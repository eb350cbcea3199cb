import AgentCore
import Foundation
import Testing
import TestFixtures

@Suite("Recording folder intake")
struct RecordingScannerTests {
    @Test(arguments: [
        ("2026-11-22_Sunday_service", "Sunday service", "2026-11-22"),
        ("2026-11-22 Christmas concert", "Christmas concert", "2026-11-22"),
        ("Youth night", "Youth night", nil),
        ("2026-11-22", "2026-11-22", "2026-11-22"),
        ("2026-13-40_not-a-date", "2026-13-40 not-a-date", nil),
    ] as [(String, String, String?)])
    func folders(name: String, title: String, date: String?) throws {
        let folder = try #require(RecordingFolder(name: name))
        #expect(folder.title == title)
        #expect(folder.date == date)
    }

    @Test(arguments: [
        ("A_wide.mp4", nil, "A"), ("b-pulpit.mov", nil, "B"), ("C.mxf", nil, "C"), ("D wide.mp4", nil, "D"),
        ("C0001.MP4", nil, nil), ("AB_x.mp4", nil, nil), ("wide.mp4", nil, nil), ("C0001.MP4", "c", "C"), ("A_x.mp4", "cam1", nil),
    ] as [(String, String?, String?)])
    func cameraLabels(file: String, folder: String?, label: String?) {
        #expect(RecordingFolder.cameraLabel(fileName: file, cameraFolder: folder) == label)
    }

    @Test("camera files in session folders and camera folders; unlabelled files reported; temp, hidden, unsettled and other types skipped")
    func scan() throws {
        let root = try TestEnvironment.temporaryDirectory("recordings")
        defer { try? FileManager.default.removeItem(at: root) }
        let session = root.appendingPathComponent("2026-11-22_Sunday")
        let cameraB = session.appendingPathComponent("B")
        let deeper = cameraB.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: deeper, withIntermediateDirectories: true)
        let old = Date().addingTimeInterval(-60)
        func write(_ url: URL, modified: Date = old) throws {
            try Data("video".utf8).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        }
        try write(session.appendingPathComponent("A_wide.mp4"))
        try write(cameraB.appendingPathComponent("C0001.MP4"))
        try write(session.appendingPathComponent("wide.mov"))
        try write(session.appendingPathComponent(".A_hidden.mp4"))
        try write(session.appendingPathComponent("C_rec.mp4.part"))
        try write(session.appendingPathComponent("D_notes.txt"))
        try write(session.appendingPathComponent("E_live.wav"), modified: Date())
        try write(deeper.appendingPathComponent("F_deep.mp4"))
        try write(root.appendingPathComponent("G_loose.mp4"))

        let (candidates, unlabelled) = try RecordingScanner(settle: 2).scan(root: root)
        #expect(candidates.map(\.cameraLabel) == ["A", "B"])
        #expect(candidates.map(\.url.lastPathComponent) == ["A_wide.mp4", "C0001.MP4"])
        #expect(candidates.map(\.contentType) == ["video/mp4", "video/mp4"])
        #expect(candidates.allSatisfy { $0.folder.title == "Sunday" && $0.folder.date == "2026-11-22" })
        #expect(unlabelled.map(\.lastPathComponent) == ["wide.mov"])

        let later = try RecordingScanner(settle: 2).scan(root: root, now: Date().addingTimeInterval(10))
        #expect(later.candidates.map(\.cameraLabel).sorted() == ["A", "B", "E"], "the WAV once settled")
        #expect(later.candidates.first { $0.cameraLabel == "E" }?.contentType == "audio/wav")
    }
}
