import Testing
import RelayMedia

@Suite struct ImageResizerTests {
    @Test(arguments: [
        (4000, 3000, 1200, 1200, 900), (3000, 4000, 600, 450, 600), (4000, 3000, 150, 150, 113),
        (640, 480, 1200, 640, 480), (1000, 1, 150, 150, 1),
    ])
    func targetSizeKeepsAspectAndNeverUpscales(width: Int, height: Int, edge: Int, w: Int, h: Int) {
        #expect(ImageResizer.targetSize(width: width, height: height, longEdge: edge) == (w, h))
    }

    @Test func exactHalvingAveragesBlocks() {
        let image = GrayImage(width: 4, height: 2, pixels: [0, 100, 200, 200, 100, 200, 0, 0])
        let half = ImageResizer.resize(image, width: 2, height: 1)
        #expect(half.pixels == [100, 100])
    }

    @Test func nonIntegerRatioPreservesFlatColourAndMean() {
        let flat = RGBImage(width: 333, height: 250, red: 10, green: 128, blue: 250)
        let small = ImageResizer.resize(flat, longEdge: 100)
        #expect(small.width == 100 && small.height == 75)
        #expect(Set(small.pixels) == [10, 128, 250])
        let scene = Fixtures.scene(width: 333, height: 250).grayscale()
        let reduced = ImageResizer.resize(scene, longEdge: 97)
        let meanBefore = Double(scene.pixels.reduce(0) { $0 + Int($1) }) / Double(scene.pixels.count)
        let meanAfter = Double(reduced.pixels.reduce(0) { $0 + Int($1) }) / Double(reduced.pixels.count)
        #expect(abs(meanBefore - meanAfter) < 1.0)
    }

    @Test func largerTargetReturnsTheSourceUnchanged() {
        let image = Fixtures.marked(width: 120, height: 80)
        #expect(ImageResizer.resize(image, longEdge: 1200) == image)
    }
}
