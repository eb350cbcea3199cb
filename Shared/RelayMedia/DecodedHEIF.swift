import Foundation

/// The result of ``HEIFDecoder/decodeUpright(_:)``: upright pixels plus the file's EXIF.
public struct DecodedHEIF: Sendable {
    /// RGB pixels, upright (irot/imir applied by libheif, or EXIF orientation applied by RelayMedia).
    public let image: RGBImage
    /// The EXIF block (`"Exif\0\0"` + TIFF), if the file has one.
    public let exifBlock: Data?
    /// The EXIF fields (empty when there is no EXIF).
    public let exif: EXIFMetadata
    /// Whether the primary image carries `irot`/`imir` transform properties (libheif applied them).
    public let hasTransformProperties: Bool
    /// The EXIF orientation RelayMedia applied on top of libheif's output (`.up` when none was needed).
    public let appliedEXIFOrientation: ImageOrientation
}
