import Foundation

/// The result of ``HEIFDecoder/decodeUpright(_:)``: upright pixels plus the file's EXIF.
package struct DecodedHEIF: Sendable {
    /// RGB pixels, upright (irot/imir applied by libheif, or EXIF orientation applied by RelayMedia).
    package let image: RGBImage
    /// The EXIF block (`"Exif\0\0"` + TIFF), if the file has one.
    package let exifBlock: Data?
    /// The EXIF fields (empty when there is no EXIF).
    package let exif: EXIFMetadata
    /// Whether the primary image carries `irot`/`imir` transform properties (libheif applied them).
    package let hasTransformProperties: Bool
    /// The EXIF orientation RelayMedia applied on top of libheif's output (`.up` when none was needed).
    package let appliedEXIFOrientation: ImageOrientation
}
