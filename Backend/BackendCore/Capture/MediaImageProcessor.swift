import Foundation
import RelayAPI
import RelayMedia

/// `ImageProcessor` on RelayMedia: libjpeg-turbo / libheif decode, libexif, the shared QC code and JPEG
/// thumbnails of 150, 600 and 1200 px long edge. Errors carry the decoder's reason, which becomes the
/// image's `failure_reason`.
package struct MediaImageProcessor: ImageProcessor {
    package let pipeline: ImagePipeline

    package init(pipeline: ImagePipeline = ImagePipeline()) {
        self.pipeline = pipeline
    }

    package func process(_ data: Data, contentType: String) throws -> BackendCore.ProcessedImage {
        let result: RelayMedia.ProcessedImage
        do {
            result = try pipeline.process(data, contentType: contentType)
        } catch {
            throw ImageProcessingError(reason: Self.readable(error))
        }
        return BackendCore.ProcessedImage(
            width: result.width, height: result.height, exif: Self.exif(result.exif), qc: Self.json(result.qc),
            thumbnails: result.thumbnails)
    }

    /// Seed 001's `exif` member plus what else was read.
    static func exif(_ exif: EXIFMetadata) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let iso = exif.iso { fields["iso"] = .number(Double(iso)) }
        if let shutter = exif.shutter { fields["shutter"] = .string(shutter) }
        if let aperture = exif.aperture { fields["aperture"] = .string(aperture) }
        if let timestamp = exif.timestamp { fields["timestamp"] = .string(timestamp) }
        if let orientation = exif.orientation { fields["orientation"] = .number(Double(orientation.rawValue)) }
        if let make = exif.make { fields["make"] = .string(make) }
        if let model = exif.model { fields["model"] = .string(model) }
        return fields
    }

    static func json<T: Encodable>(_ value: T) -> [String: JSONValue] {
        guard let data = try? JSONEncoder().encode(value),
            let object = try? JSONDecoder().decode([String: JSONValue].self, from: data)
        else { return [:] }
        return object
    }

    static func readable(_ error: MediaError) -> String {
        switch error.code {
        case "truncated": "the file is truncated (incomplete upload?): \(error.detail)"
        case "unsupported_format", "format_mismatch": "not a usable JPEG/HEIC image: \(error.detail)"
        default: "the image could not be decoded: \(error)"
        }
    }
}

/// A processing failure with a reason a reviewer can read.
package struct ImageProcessingError: Error, CustomStringConvertible, Sendable, ClientFacingError {
    package let reason: String
    package var description: String { reason }
    package var clientReason: String { reason }
}
