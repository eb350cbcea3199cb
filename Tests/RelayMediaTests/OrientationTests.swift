import Testing
import RelayMedia

@Suite struct OrientationTests {
    /// Upright 3×2 image:  0 1 2 / 3 4 5.
    static let upright = GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 3, 4, 5])

    /// What a camera stores for each tag, given the upright scene above (the inverse transform).
    @Test(arguments: [
        (1, 3, 2, [0, 1, 2, 3, 4, 5] as [UInt8]),
        (2, 3, 2, [2, 1, 0, 5, 4, 3]),
        (3, 3, 2, [5, 4, 3, 2, 1, 0]),
        (4, 3, 2, [3, 4, 5, 0, 1, 2]),
        (5, 2, 3, [0, 3, 1, 4, 2, 5]),
        (6, 2, 3, [2, 5, 1, 4, 0, 3]),
        (7, 2, 3, [5, 2, 4, 1, 3, 0]),
        (8, 2, 3, [3, 0, 4, 1, 5, 2]),
    ])
    func storedImageBecomesUpright(tag: Int, width: Int, height: Int, stored: [UInt8]) throws {
        let orientation = try #require(ImageOrientation(exifValue: tag))
        let storedImage = GrayImage(width: width, height: height, pixels: stored)
        #expect(storedImage.oriented(orientation) == Self.upright)
        // And the documented inverse produces the stored form from the upright one.
        #expect(Self.upright.oriented(orientation.inverse) == storedImage)
    }

    @Test func rgbKeepsChannelsTogether() {
        var image = RGBImage(width: 2, height: 1, red: 0, green: 0, blue: 0)
        image.pixels = [10, 20, 30, 40, 50, 60]
        let rotated = image.oriented(.right)
        #expect(rotated.width == 1 && rotated.height == 2)
        #expect(rotated.pixels == [10, 20, 30, 40, 50, 60])
        #expect(image.oriented(.upMirrored).pixels == [40, 50, 60, 10, 20, 30])
    }

    @Test func invalidTagsAreNil() {
        #expect(ImageOrientation(exifValue: 0) == nil)
        #expect(ImageOrientation(exifValue: 9) == nil)
        #expect(ImageOrientation.right.uprightSize(width: 640, height: 480) == (480, 640))
    }
}
