import Foundation
import Testing
import RelayMedia

@Suite struct ImagePipelineTests {
    /// A 640×480 landscape JPEG (red marker top-left) tagged with EXIF orientation 6.
    static func orientedJPEG() throws -> Data {
        let jpeg = try JPEGEncoder(quality: 90).encode(Fixtures.marked(width: 640, height: 480))
        return try JPEGMetadata.insertingEXIF(try Fixtures.exifBlock(orientation: .right), into: jpeg)
    }

    @Test func jpegWithOrientation6GivesPortraitThumbnails() throws {
        let result = try ImagePipeline().process(try Self.orientedJPEG(), contentType: "image/jpeg")
        #expect(result.format == .jpeg)
        #expect(result.width == 480 && result.height == 640)
        #expect(result.exif.iso == 200 && result.exif.orientation == .right)
        #expect(Set(result.thumbnails.keys) == [150, 600, 1200])
        let t600 = try JPEGDecoder().decodeRGB(try #require(result.thumbnails[600]))
        #expect(t600.width == 450 && t600.height == 600)
        #expect(Fixtures.redCorner(t600) == "top-right")
        let t150 = try JPEGDecoder().decodeRGB(try #require(result.thumbnails[150]))
        #expect(t150.width == 113 && t150.height == 150)
        // Never upscaled: the "1200" thumbnail of a 640 px original is the original's size.
        let t1200 = try JPEGDecoder().header(try #require(result.thumbnails[1200]))
        #expect(t1200.width == 480 && t1200.height == 640)
    }

    @Test func thumbnailsHaveTheRightLongEdge() throws {
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 800, height: 600))
        let pipeline = ImagePipeline(thumbnailEdges: [150, 300, 600])
        let result = try pipeline.process(jpeg, contentType: "image/jpeg")
        for edge in [150, 300, 600] {
            let header = try JPEGDecoder().header(try #require(result.thumbnails[edge]))
            #expect(max(header.width, header.height) == edge)
        }
        #expect(result.decodeScale == .full)
        #expect(result.qc.sharpness.status == .pass)
    }

    @Test func analyseSkipsThumbnails() throws {
        let result = try ImagePipeline().analyse(try Self.orientedJPEG(), contentType: "image/jpeg")
        #expect(result.thumbnails.isEmpty && result.width == 480)
    }

    @Test func formatIsDetectedFromBytesNotTheDeclaredType() throws {
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 64, height: 48))
        let pipeline = ImagePipeline()
        #expect(throws: MediaError.formatMismatch) { try pipeline.process(jpeg, contentType: "image/heic") }
        #expect(throws: MediaError.unsupportedFormat) { try pipeline.process(jpeg, contentType: "image/png") }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(count: 64)
        #expect(throws: MediaError.unsupportedFormat) { try pipeline.process(png, contentType: "image/jpeg") }
        #expect(try pipeline.detectFormat(jpeg, contentType: "image/jpeg; charset=binary") == .jpeg)
    }

    @Test func truncatedAndRandomInputFailWithClearErrors() throws {
        let jpeg = try Self.orientedJPEG()
        let pipeline = ImagePipeline()
        do {
            _ = try pipeline.process(jpeg.prefix(jpeg.count / 2), contentType: "image/jpeg")
            Issue.record("truncated JPEG was accepted")
        } catch {
            #expect(error == .truncated)
            #expect(error.description.contains("truncated"))
        }
        var rng = Fixtures.Random(seed: 99)
        let random = Data((0..<10_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        #expect(throws: MediaError.unsupportedFormat) { try pipeline.process(random, contentType: "image/jpeg") }
    }

    @Test(.enabled(if: HEIFEncoder.isAvailable, "libheif has no HEVC encoder here"))
    func heicWithExifOrientation6GivesPortraitThumbnails() throws {
        let heic = try HEIFEncoder().encode(
            Fixtures.marked(width: 640, height: 480), exifBlock: try Fixtures.exifBlock(orientation: .right))
        let result = try ImagePipeline().process(heic, contentType: "image/heic")
        #expect(result.format == .heic && result.width == 480 && result.height == 640)
        #expect(result.exif.aperture == "f/1.8")
        let t600 = try JPEGDecoder().decodeRGB(try #require(result.thumbnails[600]))
        #expect(t600.width == 450 && t600.height == 600)
        #expect(Fixtures.redCorner(t600) == "top-right")
    }

    @Test func pipelineIsSendableAcrossTasks() async throws {
        let pipeline = ImagePipeline(thumbnailEdges: [64])
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 200, height: 150))
        let widths = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try pipeline.process(jpeg, contentType: "image/jpeg").width } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(widths == [200, 200, 200, 200])
    }
}
