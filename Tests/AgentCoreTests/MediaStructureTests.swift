import AgentCore
import Foundation
import Testing
import TestFixtures

/// `MediaStructure` on real bytes: JPEGs and a HEIC from the image encoders, MP4/MOV files written by
/// ffmpeg; every prefix a paused writer could leave is refused, the whole file passes.
@Suite("Intake: media structure")
struct MediaStructureTests {
    /// Cut points through the whole file, the last few bytes included.
    static func cuts(_ count: Int) -> [Int] {
        Array(Set(stride(from: 1, to: count, by: max(1, count / 97)) + (1...min(16, count - 1)).map { count - $0 })).sorted()
    }

    @Test("JPEG: whole passes (and with zero padding); every prefix, a zero-filled preallocation and a cut after an embedded thumbnail do not")
    func jpeg() throws {
        let photo = try TestPhotos.jpeg(width: 320, height: 240, seed: 7)
        #expect(MediaStructure.check(.jpeg, data: photo) == .complete)
        #expect(MediaStructure.check(.jpeg, data: photo + Data(count: 300)) == .complete, "cameras pad with zeros")
        for cut in Self.cuts(photo.count) {
            let verdict = MediaStructure.check(.jpeg, data: photo.prefix(cut))
            #expect(verdict != .complete, "a prefix of \(cut) of \(photo.count) bytes passed")
        }
        // Preallocated to its full size and half filled: the tail is zeros.
        let half = photo.prefix(photo.count / 2) + Data(count: photo.count - photo.count / 2)
        #expect(MediaStructure.check(.jpeg, data: half) != .complete)

        // An EXIF thumbnail is a whole JPEG inside APP1: a cut right after its EOI is still a prefix.
        let thumbnail = try TestPhotos.jpeg(width: 32, height: 24, seed: 8)
        var app1 = Data("Exif\0\0".utf8) + Data(repeating: 0x11, count: 20) + thumbnail
        app1 = Data([0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)]) + app1
        let withThumbnail = Data([0xFF, 0xD8]) + app1 + photo.dropFirst(2)
        #expect(MediaStructure.check(.jpeg, data: withThumbnail) == .complete)
        let afterThumbnail = withThumbnail.prefix(2 + 4 + 6 + 20 + thumbnail.count)
        #expect(afterThumbnail.suffix(2) == Data([0xFF, 0xD9]))
        #expect(MediaStructure.check(.jpeg, data: afterThumbnail) != .complete)

        #expect(MediaStructure.check(.jpeg, data: Data("this is not an image at all".utf8)) != .complete)
    }

    @Test("HEIC: whole passes; every prefix (cuts between its boxes too) does not")
    func heic() throws {
        let photo = try TestPhotos.heic()
        #expect(MediaStructure.check(.isoBMFF(requiredBoxes: ["meta", "mdat"]), data: photo) == .complete)
        for cut in Self.cuts(photo.count) + Self.topLevelBoxEnds(photo).filter({ $0 < photo.count }) {
            #expect(MediaStructure.check(.isoBMFF(requiredBoxes: ["meta", "mdat"]), data: photo.prefix(cut)) != .complete, "prefix \(cut) of \(photo.count)")
        }
    }

    @Test(
        "MP4/MOV from ffmpeg (moov at the end, at the start, fragmented): whole passes; every prefix does not",
        arguments: [("mp4", [String]()), ("mp4", ["-movflags", "+faststart"]), ("mp4", ["-movflags", "frag_keyframe+empty_moov"]), ("mov", [])] as [(String, [String])])
    func isoBMFF(fileExtension: String, flags: [String]) throws {
        let folder = try TestEnvironment.temporaryDirectory("media-structure")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("clip.\(fileExtension)")
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ffmpeg.arguments =
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=10", "-f", "lavfi", "-i", "sine=duration=2"]
            + ["-c:v", "mpeg4", "-c:a", "aac", "-g", "5"] + flags + [file.path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)
        let bytes = try Data(contentsOf: file)
        #expect(MediaStructure.check(file: file) == .complete)
        let format = try #require(MediaStructure.Format(fileExtension: fileExtension))
        // A fragmented file cut exactly where a fragment ends is whole by its structure (documented).
        let fragmented = flags.contains(where: { $0.contains("frag") })
        let fragmentEnds: [Int] = fragmented ? Self.topLevelBoxEnds(bytes) : []
        for cut in Self.cuts(bytes.count) + Self.topLevelBoxEnds(bytes).filter({ $0 < bytes.count }) where !fragmentEnds.contains(cut) {
            #expect(MediaStructure.check(format, data: bytes.prefix(cut)) != .complete, "prefix \(cut) of \(bytes.count)")
        }
    }

    /// Where each top-level box of a whole ISO-BMFF file ends.
    static func topLevelBoxEnds(_ bytes: Data) -> [Int] {
        let all = [UInt8](bytes)
        var ends: [Int] = []
        var position = 0
        while position + 8 <= all.count {
            let size = all[position..<position + 4].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 8 else { break }
            position += size
            ends.append(position)
        }
        return ends
    }

    @Test("formats without a check are unchecked; random bytes named .mp4 are not whole")
    func others() throws {
        #expect(MediaStructure.Format(fileExtension: "mkv") == nil)
        #expect(MediaStructure.Format(fileExtension: "WAV") == nil)
        #expect(MediaStructure.Format(fileExtension: "JPG") == .jpeg)
        #expect(MediaStructure.check(file: URL(fileURLWithPath: "/nonexistent/A_wide.mxf")) == .unchecked)
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(MediaStructure.check(.isoBMFF(requiredBoxes: ["moov", "mdat"]), data: noise) != .complete)
        // A box of size 0 runs to the end of the file: its end cannot tell.
        let open = Data([0, 0, 0, 16]) + Data("ftypisom".utf8) + Data(count: 4) + Data([0, 0, 0, 0]) + Data("mdat".utf8) + Data(count: 100)
        #expect(MediaStructure.check(.isoBMFF(requiredBoxes: ["moov", "mdat"]), data: open) == .unchecked)
    }
}
