import Foundation
import Testing
import RelayMedia

@Suite struct EXIFTests {
    @Test func readsFieldsFromAJPEGWithSplicedAPP1() throws {
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 640, height: 480))
        let withExif = try JPEGMetadata.insertingEXIF(try Fixtures.exifBlock(orientation: .right), into: jpeg)
        let exif = EXIFReader.read(jpeg: withExif)
        #expect(exif.iso == 200)
        #expect(exif.shutter == "1/250")
        #expect(exif.exposureSeconds == 0.004)
        #expect(exif.aperture == "f/1.8")
        #expect(exif.timestamp == "2025-01-15T10:01:00")
        #expect(exif.orientation == .right)
        #expect(exif.pixelWidth == 640 && exif.pixelHeight == 480)
        #expect(exif.make == "Relay" && exif.model == "Synthetic Cam")
        // Still a valid JPEG after the splice.
        #expect(try JPEGDecoder().header(withExif).width == 640)
    }

    @Test func offsetTimeIsAppendedWhenPresent() throws {
        var builder = EXIFBuilder()
        builder.dateTimeOriginal = "2025:01:15 10:01:00"
        builder.offsetTimeOriginal = "+02:00"
        let exif = EXIFReader.read(exifBlock: try builder.build())
        #expect(exif.timestamp == "2025-01-15T10:01:00+02:00")
    }

    @Test func readsBareTIFFBlocks() throws {
        let block = try Fixtures.exifBlock(orientation: .left)
        let tiff = block.dropFirst(6)
        #expect(EXIFReader.read(exifBlock: Data(tiff)).orientation == .left)
    }

    @Test func missingOrBrokenEXIFIsEmptyNotAnError() throws {
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 64, height: 48))
        #expect(EXIFReader.read(jpeg: jpeg).isEmpty)
        #expect(EXIFReader.read(exifBlock: Data("Exif\0\0garbage".utf8)).isEmpty)
        #expect(EXIFReader.read(exifBlock: Data()).isEmpty)
        var rng = Fixtures.Random(seed: 5)
        let block = try Fixtures.exifBlock(orientation: .right)
        for _ in 0..<50 {
            var bytes = [UInt8](block)
            for _ in 0..<6 { bytes[6 + Int(rng.next() % UInt64(bytes.count - 6))] = UInt8(truncatingIfNeeded: rng.next()) }
            _ = EXIFReader.read(exifBlock: Data(bytes))  // must not crash; any subset of fields is fine
        }
    }

    @Test(arguments: [(1.0 / 250, "1/250"), (1.0 / 8000, "1/8000"), (0.5, "1/2"), (0.3, "1/3"), (1, "1"), (2.5, "2.5"), (30, "30")] as [(Double, String)])
    func shutterFormatting(seconds: Double, expected: String) throws {
        var builder = EXIFBuilder()
        builder.exposureTime = EXIFRational(UInt32((seconds * 1_000_000).rounded()), 1_000_000)
        #expect(EXIFReader.read(exifBlock: try builder.build()).shutter == expected)
    }

    @Test(arguments: [(EXIFRational(18, 10), "f/1.8"), (EXIFRational(8, 1), "f/8"), (EXIFRational(56, 10), "f/5.6"), (EXIFRational(11, 1), "f/11")])
    func apertureFormatting(value: EXIFRational, expected: String) throws {
        var builder = EXIFBuilder()
        builder.fNumber = value
        #expect(EXIFReader.read(exifBlock: try builder.build()).aperture == expected)
    }

    @Test func encodesWithTheSeedKeys() throws {
        let exif = EXIFMetadata(iso: 100, shutter: "1/250", aperture: "f/1.8", timestamp: "2025-01-15T10:01:00")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(exif)) as? [String: Any]
        #expect(Set(try #require(json).keys) == ["iso", "shutter", "aperture", "timestamp"])
    }
}
