import Foundation

/// What ``ImagePipeline`` learns from one photo.
public struct ProcessedImage: Sendable {
    /// The format detected from the bytes.
    public let format: ImageFormat
    /// Width of the upright original (EXIF orientation / HEIF transforms applied).
    public let width: Int
    /// Height of the upright original.
    public let height: Int
    /// EXIF fields (empty when the file has none).
    public let exif: EXIFMetadata
    /// QC verdicts.
    public let qc: QCResult
    /// JPEG thumbnails keyed by long edge (150, 600, 1200 by default); empty from
    /// ``ImagePipeline/analyse(_:contentType:)``. A thumbnail never exceeds the original's size.
    public let thumbnails: [Int: Data]
    /// The DCT scale used for the thumbnail decode (JPEG only).
    public let decodeScale: JPEGScale?
}
