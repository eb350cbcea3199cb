import Foundation

/// One photo, start to finish: detect the format from magic bytes, read EXIF, decode (reduced DCT
/// scale for JPEG), make it upright, run QC and render JPEG thumbnails.
///
/// Used by the backend's processing job (``process(_:contentType:)``) and by the agent's edge QC
/// (``analyse(_:contentType:)``, no thumbnails). A `Sendable` value without shared mutable state:
/// every call owns its codec handles, so any number of jobs may run it concurrently.
///
/// JPEG: the thumbnail decode uses the largest DCT reduction that still gives the largest thumbnail
/// (1/2 for 12 MP: 2000×1500 for a 1200 px thumbnail), then the EXIF orientation is applied to the
/// largest thumbnail and the smaller ones are area-averaged from it. QC runs on its own luma decode at
/// the edge-width measurement size (``QualityCheck/measureJPEG(_:decoder:)``), and the EXIF exposure settings join the measurements, so the backend's verdict is bit-for-bit the agent's;
/// deriving luma from the RGB thumbnail decode instead would save one decode (~20 ms of ~65 ms for
/// 12 MP) but differ from a luma decode by rounding, and agent and backend could then disagree on a
/// borderline verdict. HEIC: one full decode (libheif has no reduced-scale decode), upright per
/// ``HEIFDecoder``'s rule, thumbnails and QC from it (the edge widths from its luma halved to the measurement size).
package struct ImagePipeline: Sendable {
    /// Long edges of the thumbnails to render.
    package var thumbnailEdges: [Int]
    /// JPEG quality of the thumbnails.
    package var thumbnailQuality: Int
    /// QC thresholds and analysis size.
    package var qualityCheck: QualityCheck
    /// JPEG decoder (pixel limit).
    package var jpegDecoder: JPEGDecoder
    /// HEIC decoder (pixel limit).
    package var heifDecoder: HEIFDecoder

    /// A pipeline with seed 001's thumbnail sizes and the default QC.
    package init(
        thumbnailEdges: [Int] = [150, 600, 1200], thumbnailQuality: Int = 85,
        qualityCheck: QualityCheck = QualityCheck(),
        jpegDecoder: JPEGDecoder = JPEGDecoder(), heifDecoder: HEIFDecoder = HEIFDecoder()
    ) {
        self.thumbnailEdges = thumbnailEdges
        self.thumbnailQuality = thumbnailQuality
        self.qualityCheck = qualityCheck
        self.jpegDecoder = jpegDecoder
        self.heifDecoder = heifDecoder
    }

    /// The format of `data`, checked against the declared content type.
    /// - Throws: `.unsupportedFormat` when the type is not JPEG/HEIC or the bytes are neither;
    ///   `.formatMismatch` when they disagree.
    package func detectFormat(_ data: Data, contentType: String) throws(MediaError) -> ImageFormat {
        guard let declared = ImageFormat(contentType: contentType) else {
            throw MediaError.unsupportedFormat.with("content type \(contentType) is not image/jpeg or image/heic")
        }
        guard let detected = ImageFormat(detecting: data) else {
            throw MediaError.unsupportedFormat.with("the bytes are neither JPEG nor HEIC")
        }
        guard detected == declared else {
            throw MediaError.formatMismatch.with("declared \(declared.contentType) but the bytes are \(detected.contentType)")
        }
        return detected
    }

    /// Everything: EXIF, QC, upright dimensions and thumbnails.
    package func process(_ data: Data, contentType: String) throws(MediaError) -> ProcessedImage {
        try run(data, contentType: contentType, thumbnails: true)
    }

    /// EXIF, QC and upright dimensions without thumbnails (the agent's edge QC).
    package func analyse(_ data: Data, contentType: String) throws(MediaError) -> ProcessedImage {
        try run(data, contentType: contentType, thumbnails: false)
    }

    private func run(_ data: Data, contentType: String, thumbnails: Bool) throws(MediaError) -> ProcessedImage {
        switch try detectFormat(data, contentType: contentType) {
        case .jpeg: return try runJPEG(data, thumbnails: thumbnails)
        case .heic: return try runHEIC(data, thumbnails: thumbnails)
        }
    }

    private func runJPEG(_ data: Data, thumbnails: Bool) throws(MediaError) -> ProcessedImage {
        let header = try jpegDecoder.header(data)
        let exif = EXIFReader.read(jpeg: data)
        let orientation = exif.orientation ?? .up
        let upright = orientation.uprightSize(width: header.width, height: header.height)
        var measured = try qualityCheck.measureJPEG(data, decoder: jpegDecoder)
        measured.ev100 = exif.ev100
        let qc = qualityCheck.verdict(for: measured)
        guard thumbnails, let largest = thumbnailEdges.max() else {
            return ProcessedImage(format: .jpeg, width: upright.width, height: upright.height, exif: exif, qc: qc,
                                  thumbnails: [:], decodeScale: nil)
        }
        let scale = JPEGScale.largestReduction(width: header.width, height: header.height, minimumLongEdge: largest)
        let decoded = try jpegDecoder.decodeRGB(data, scale: scale)
        let top = ImageResizer.resize(decoded, longEdge: largest).oriented(orientation)
        return ProcessedImage(format: .jpeg, width: upright.width, height: upright.height, exif: exif, qc: qc,
                              thumbnails: try renderThumbnails(from: top), decodeScale: scale)
    }

    private func runHEIC(_ data: Data, thumbnails: Bool) throws(MediaError) -> ProcessedImage {
        let decoded = try heifDecoder.decodeUpright(data)
        var measured = qualityCheck.measure(decoded.image.grayscale())
        measured.ev100 = decoded.exif.ev100
        let qc = qualityCheck.verdict(for: measured)
        let thumbs = thumbnails && !thumbnailEdges.isEmpty
            ? try renderThumbnails(from: ImageResizer.resize(decoded.image, longEdge: thumbnailEdges.max()!))
            : [:]
        return ProcessedImage(format: .heic, width: decoded.image.width, height: decoded.image.height,
                              exif: decoded.exif, qc: qc, thumbnails: thumbs, decodeScale: nil)
    }

    /// Renders every configured edge, largest first, each area-averaged from the previous one.
    private func renderThumbnails(from top: RGBImage) throws(MediaError) -> [Int: Data] {
        let encoder = JPEGEncoder(quality: thumbnailQuality)
        var result: [Int: Data] = [:]
        var current = top
        for edge in Set(thumbnailEdges).sorted(by: >) where edge > 0 {
            current = ImageResizer.resize(current, longEdge: edge)
            result[edge] = try encoder.encode(current)
        }
        return result
    }
}
