import Foundation
import RelayAPI

/// What processing an uploaded photo yields.
package struct ProcessedImage: Sendable, Equatable {
    /// Upright dimensions (after EXIF orientation).
    package var width: Int
    package var height: Int
    /// Seed 001's `exif` member: `iso`, `shutter`, `aperture`, `timestamp` (and `orientation`, `make`, `model`).
    package var exif: [String: JSONValue]
    /// Seed 001's `qc` member.
    package var qc: [String: JSONValue]
    /// JPEG thumbnails by long edge (150, 600, 1200).
    package var thumbnails: [Int: Data]

    package init(width: Int, height: Int, exif: [String: JSONValue], qc: [String: JSONValue], thumbnails: [Int: Data]) {
        self.width = width
        self.height = height
        self.exif = exif
        self.qc = qc
        self.thumbnails = thumbnails
    }
}

/// Decodes, reads EXIF, checks quality and makes thumbnails. Throws with a reason a reviewer can read
/// when the bytes are not a usable image.
package protocol ImageProcessor: Sendable {
    func process(_ data: Data, contentType: String) throws -> ProcessedImage
}
