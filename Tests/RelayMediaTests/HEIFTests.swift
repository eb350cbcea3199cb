import Foundation
import Testing
import RelayMedia

/// HEIC fixtures are encoded at test time with libheif's own HEVC encoder (x265 is built into
/// Debian 12's libheif1). If a machine's libheif cannot encode, these tests are skipped, not failed.
@Suite(.enabled(if: HEIFEncoder.isAvailable, "libheif has no HEVC encoder here"))
struct HEIFTests {
    static let landscape = Fixtures.marked(width: 320, height: 240)

    @Test func roundTripDimensionsAndFormatDetection() throws {
        let heic = try HEIFEncoder().encode(Self.landscape)
        #expect(ImageFormat(detecting: heic) == .heic)
        #expect(try HEIFDecoder().dimensions(heic) == (320, 240))
        let image = try HEIFDecoder().decodeRGB(heic)
        #expect(image.width == 320 && image.height == 240)
        #expect(Fixtures.redCorner(image) == "top-left")
        #expect(try HEIFDecoder().exifBlock(heic) == nil)
    }

    /// A camera that writes only EXIF orientation 6 (no irot): libheif leaves the pixels sideways,
    /// RelayMedia applies the EXIF orientation.
    @Test func exifOrientationWithoutIrotIsApplied() throws {
        let heic = try HEIFEncoder().encode(Self.landscape, exifBlock: try Fixtures.exifBlock(orientation: .right))
        let decoded = try HEIFDecoder().decodeUpright(heic)
        #expect(decoded.hasTransformProperties == false)
        #expect(decoded.exif.orientation == .right)
        #expect(decoded.appliedEXIFOrientation == .right)
        #expect(decoded.image.width == 240 && decoded.image.height == 320)
        #expect(Fixtures.redCorner(decoded.image) == "top-right")
    }

    /// An iPhone-style file: irot carries the rotation *and* EXIF says 6. libheif applies irot;
    /// applying EXIF again would rotate twice, so RelayMedia must not.
    @Test func irotPlusExifOrientationRotatesOnce() throws {
        let heic = try HEIFEncoder().encode(
            Self.landscape, exifBlock: try Fixtures.exifBlock(orientation: .right), transform: .right)
        let decoded = try HEIFDecoder().decodeUpright(heic)
        #expect(decoded.hasTransformProperties)
        #expect(decoded.appliedEXIFOrientation == .up)
        #expect(decoded.image.width == 240 && decoded.image.height == 320)
        #expect(Fixtures.redCorner(decoded.image) == "top-right")
    }

    /// Every orientation reaches the same upright result whether the file carries it as irot/imir
    /// (plus the same EXIF value, as iPhones write) or as EXIF alone.
    @Test(arguments: [
        (ImageOrientation.upMirrored, 320, 240, "top-right"), (.down, 320, 240, "bottom-right"),
        (.downMirrored, 320, 240, "bottom-left"), (.leftMirrored, 240, 320, "top-left"),
        (.right, 240, 320, "top-right"), (.rightMirrored, 240, 320, "bottom-right"), (.left, 240, 320, "bottom-left"),
    ])
    func everyOrientationEndsUpright(orientation: ImageOrientation, width: Int, height: Int, corner: String) throws {
        let exif = try Fixtures.exifBlock(orientation: orientation)
        for transform in [nil, orientation] {
            let heic = try HEIFEncoder().encode(Self.landscape, exifBlock: exif, transform: transform)
            let decoded = try HEIFDecoder().decodeUpright(heic)
            #expect(decoded.hasTransformProperties == (transform != nil))
            #expect(decoded.image.width == width && decoded.image.height == height)
            #expect(Fixtures.redCorner(decoded.image) == corner, "transform \(String(describing: transform))")
        }
    }

    @Test func exifFieldsAreReadFromHEIC() throws {
        let heic = try HEIFEncoder().encode(Self.landscape, exifBlock: try Fixtures.exifBlock(orientation: .right))
        let block = try #require(try HEIFDecoder().exifBlock(heic))
        #expect(block.starts(with: JPEGMetadata.exifIdentifier))
        let exif = EXIFReader.read(exifBlock: block)
        #expect(exif.iso == 200 && exif.shutter == "1/250" && exif.aperture == "f/1.8")
        #expect(exif.timestamp == "2025-01-15T10:01:00")
    }

    @Test func truncatedAndGarbageHEICAreErrors() throws {
        let heic = try HEIFEncoder().encode(Self.landscape)
        for fraction in [0.95, 0.6, 0.2] {
            let cut = heic.prefix(Int(Double(heic.count) * fraction))
            #expect(throws: MediaError.self) { try HEIFDecoder().decodeUpright(cut) }
        }
        var rng = Fixtures.Random(seed: 8)
        let garbage = heic.prefix(32) + Data((0..<2000).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        #expect(throws: MediaError.self) { try HEIFDecoder().decodeRGB(garbage) }
        #expect(throws: MediaError.self) { try HEIFDecoder().decodeRGB(Data([1, 2, 3])) }
    }

    @Test func pixelLimitIsEnforced() throws {
        let heic = try HEIFEncoder().encode(Self.landscape)
        #expect(throws: MediaError.tooLarge) { try HEIFDecoder(maxPixels: 1000).decodeRGB(heic) }
    }
}
