import Foundation

/// What ``ImagePipeline`` learns from one photo.
package struct ProcessedImage: Sendable {
    /// The format detected from the bytes.
    package let format: ImageFormat
    /// Width of the upright original (EXIF orientation / HEIF transforms applied).
    package let width: Int
    /// Height of the upright original.
    package let height: Int
    /// EXIF fields (empty when the file has none).
    package let exif: EXIFMetadata
    /// QC verdicts.
    package let qc: QCResult
    /// JPEG thumbnails keyed by long edge (150, 600, 1200 by default); empty from
    /// ``ImagePipeline/analyse(_:contentType:)``. A thumbnail never exceeds the original's size.
    package let thumbnails: [Int: Data]
    /// The DCT scale used for the thumbnail decode (JPEG only).
    package let decodeScale: JPEGScale?
}
