import Foundation
import Testing
import RelayMedia

@Suite struct JPEGCodecTests {
    static let source = Fixtures.scene(width: 402, height: 301, seed: 7)

    @Test func roundTripKeepsDimensionsAndContent() throws {
        let jpeg = try JPEGEncoder(quality: 92).encode(Self.source)
        let header = try JPEGDecoder().header(jpeg)
        #expect(header.width == 402 && header.height == 301)
        let decoded = try JPEGDecoder().decodeRGB(jpeg)
        #expect(decoded.width == 402 && decoded.height == 301)
        // Lossy, but close: mean absolute error of a q92 round trip stays small.
        let error = zip(decoded.pixels, Self.source.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        #expect(Double(error) / Double(decoded.pixels.count) < 6)
        let gray = try JPEGDecoder().decodeGray(jpeg)
        #expect(gray.width == 402 && gray.pixels.count == 402 * 301)
    }

    @Test func grayscaleJPEGRoundTrip() throws {
        let jpeg = try JPEGEncoder().encode(Self.source.grayscale())
        #expect(try JPEGDecoder().header(jpeg).subsampling == 3)  // TJSAMP_GRAY
        #expect(try JPEGDecoder().decodeRGB(jpeg).width == 402)
    }

    /// `TJSCALED` rounds up: 402×301 at 1/2 is 201×151, at 1/8 51×38.
    @Test(arguments: [(JPEGScale.full, 402, 301), (.half, 201, 151), (.quarter, 101, 76), (.eighth, 51, 38)])
    func decodesAtEveryScale(scale: JPEGScale, width: Int, height: Int) throws {
        let jpeg = try JPEGEncoder().encode(Self.source)
        let image = try JPEGDecoder().decodeGray(jpeg, scale: scale)
        #expect(image.width == width && image.height == height)
    }

    @Test(arguments: [
        (4000, 3000, 1000, JPEGScale.quarter), (4000, 3000, 1200, .half), (4032, 3024, 1000, .quarter),
        (6000, 4000, 1000, .quarter), (8000, 6000, 1000, .eighth), (800, 600, 1000, .full), (2048, 1536, 1000, .half),
    ])
    func picksLargestReductionKeepingMinimumEdge(width: Int, height: Int, minimum: Int, expected: JPEGScale) {
        #expect(JPEGScale.largestReduction(width: width, height: height, minimumLongEdge: minimum) == expected)
    }

    @Test func truncatedJPEGIsAClearError() throws {
        let jpeg = try JPEGEncoder().encode(Self.source)
        for fraction in [0.9, 0.5, 0.1] {
            let cut = jpeg.prefix(Int(Double(jpeg.count) * fraction))
            #expect(throws: MediaError.truncated) { try JPEGDecoder().decodeRGB(cut) }
        }
        // Cut inside the headers: the header read itself fails, with some MediaError.
        #expect(throws: MediaError.self) { try JPEGDecoder().header(jpeg.prefix(40)) }
    }

    @Test func nonJPEGBytesAreRejected() {
        var rng = Fixtures.Random(seed: 3)
        let random = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        #expect(throws: MediaError.unsupportedFormat) { try JPEGDecoder().decodeRGB(random) }
        #expect(throws: MediaError.unsupportedFormat) { try JPEGDecoder().header(Data()) }
        // A JPEG signature followed by garbage gets past the SOI check and must still fail cleanly.
        let fake = Data([0xFF, 0xD8, 0xFF, 0xE0]) + random
        #expect(throws: MediaError.self) { try JPEGDecoder().decodeRGB(fake) }
    }

    @Test func headerClaimingTooManyPixelsIsRefusedBeforeDecoding() throws {
        let jpeg = try JPEGEncoder().encode(Self.source)
        #expect(throws: MediaError.tooLarge) { try JPEGDecoder(maxPixels: 10_000).decodeRGB(jpeg) }
    }

    /// Mutated files must decode or throw a MediaError — never crash or hang.
    @Test func corruptedBytesNeverCrash() throws {
        let jpeg = try JPEGEncoder().encode(Fixtures.scene(width: 160, height: 120, seed: 9))
        var rng = Fixtures.Random(seed: 11)
        var failures = 0
        for _ in 0..<60 {
            var bytes = [UInt8](jpeg)
            for _ in 0..<8 {
                let at = 2 + Int(rng.next() % UInt64(bytes.count - 2))
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            do { _ = try JPEGDecoder().decodeRGB(Data(bytes)) } catch { failures += 1 }
        }
        #expect(failures > 0)
    }
}
