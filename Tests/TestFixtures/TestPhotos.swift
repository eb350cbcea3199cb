import Foundation
import RelayMedia

/// Real photo files made at test time with RelayMedia's encoders (libjpeg-turbo, libheif/x265) and a real
/// EXIF block (libexif): no binary fixtures in the repository.
package enum TestPhotos {
    /// A sharp, textured scene (different for each `seed`) with a red block in the top-left corner.
    package static func scene(width: Int, height: Int, seed: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let checker = ((x / 8) + (y / 8) + seed) % 2 == 0
                let base = checker ? 200 : 60
                let i = (y * width + x) * 3
                let red = x < width / 5 && y < height / 5
                pixels[i] = UInt8(red ? 230 : base)
                pixels[i + 1] = UInt8(red ? 20 : (base + x * 3 + seed * 17) % 256)
                pixels[i + 2] = UInt8(red ? 20 : (base + y * 5) % 256)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// EXIF as a camera writes it.
    package static func exif(orientation: ImageOrientation = .up) throws -> Data {
        var builder = EXIFBuilder()
        builder.iso = 200
        builder.exposureTime = EXIFRational(1, 250)
        builder.fNumber = EXIFRational(18, 10)
        builder.dateTimeOriginal = "2025:01:15 10:01:00"
        builder.orientation = orientation
        builder.make = "RelayCam"
        builder.model = "Turntable 1"
        return try builder.build()
    }

    /// A JPEG with camera EXIF.
    package static func jpeg(width: Int = 1600, height: Int = 1200, seed: Int = 1, orientation: ImageOrientation = .up) throws -> Data {
        let jpeg = try JPEGEncoder(quality: 90).encode(scene(width: width, height: height, seed: seed))
        return try JPEGMetadata.insertingEXIF(try exif(orientation: orientation), into: jpeg)
    }

    /// A HEIC whose pixels are stored landscape with EXIF orientation 6 (rotate 90° clockwise to view).
    package static func heic(width: Int = 640, height: Int = 480, orientation: ImageOrientation = .right) throws -> Data {
        try HEIFEncoder().encode(scene(width: width, height: height, seed: 3), exifBlock: try exif(orientation: orientation))
    }

    /// Width and height of a JPEG (thumbnails).
    package static func jpegSize(_ data: Data) throws -> (width: Int, height: Int) {
        let header = try JPEGDecoder().header(data)
        return (header.width, header.height)
    }
}
