import AgentCore
import Foundation
import RelayMedia
import Testing
import TestFixtures

/// Edge QC on real files: the verdicts the operator sees, and no crash on broken files.
@Suite("Edge QC")
struct EdgeQCTests {
    static func write(_ data: Data, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// A 3×3 box blur, applied `passes` times (edge pixels clamped, so the border is blurred too, as a
    /// lens blurs it).
    static func blurred(_ image: RGBImage, passes: Int) -> RGBImage {
        var pixels = image.pixels
        let (w, h) = (image.width, image.height)
        for _ in 0..<passes {
            var out = pixels
            for y in 0..<h {
                for x in 0..<w {
                    for c in 0..<3 {
                        var sum = 0
                        for dy in -1...1 {
                            for dx in -1...1 {
                                sum += Int(pixels[(min(max(y + dy, 0), h - 1) * w + min(max(x + dx, 0), w - 1)) * 3 + c])
                            }
                        }
                        out[(y * w + x) * 3 + c] = UInt8(sum / 9)
                    }
                }
            }
            pixels = out
        }
        return RGBImage(width: w, height: h, pixels: pixels)
    }

    @Test("sharp passes, blurred fails, dark fails exposure, broken files fail with a reason")
    func verdicts() throws {
        let folder = try TestEnvironment.temporaryDirectory("edge-qc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scene = TestPhotos.scene(width: 640, height: 480, seed: 2)
        let sharp = try Self.write(try TestPhotos.jpeg(width: 640, height: 480, seed: 2), "sharp.jpg", in: folder)
        let blur = try Self.write(try JPEGEncoder(quality: 90).encode(Self.blurred(scene, passes: 14)), "blur.jpg", in: folder)
        let dark = try Self.write(
            try JPEGEncoder(quality: 90).encode(RGBImage(width: 640, height: 480, pixels: scene.pixels.map { $0 / 12 })), "dark.jpg", in: folder)
        let photo = try TestPhotos.jpeg(width: 640, height: 480, seed: 5)
        let truncated = try Self.write(photo.prefix(photo.count / 3), "truncated.jpg", in: folder)
        let text = try Self.write(Data("hello, not a photo".utf8), "notes.jpg", in: folder)
        let qc = EdgeQC()

        let sharpReport = qc.check(file: sharp)
        #expect(sharpReport.qc.sharpness.status == .pass)
        #expect(sharpReport.format == "jpeg")
        #expect(sharpReport.exif?.iso == 200)
        let blurReport = qc.check(file: blur)
        #expect(blurReport.qc.sharpness.status == .fail, "\(blurReport.qc)")
        #expect(blurReport.qc.sharpness.score < sharpReport.qc.sharpness.score / 4)
        #expect(qc.check(file: dark).qc.exposure.status == .fail)
        for broken in [truncated, text, folder.appendingPathComponent("missing.jpg")] {
            let report = qc.check(file: broken)
            #expect(report.status == .fail)
            #expect(report.qc.sharpness.reason?.isEmpty == false)
        }
        if HEIFEncoder.isAvailable {
            let heic = try Self.write(try TestPhotos.heic(width: 320, height: 240), "frame.heic", in: folder)
            let report = qc.check(file: heic)
            #expect(report.format == "heic")
            #expect(report.width == 240 && report.height == 320)
            let cut = try Self.write(try Data(contentsOf: heic).prefix(200), "cut.heic", in: folder)
            #expect(qc.check(file: cut).status == .fail)
        }
    }
}
