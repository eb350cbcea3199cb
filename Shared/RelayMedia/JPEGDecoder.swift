import CTurboJPEG
import Foundation

/// Decodes JPEG bytes with libjpeg-turbo's TurboJPEG 2 API (`tjDecompressHeader3`, `tjDecompress2`).
///
/// - Reduced-scale decoding: pass a ``JPEGScale`` (1, 1/2, 1/4, 1/8) or ask for the largest reduction
///   that keeps a minimum long edge (``decodeRGB(_:minimumLongEdge:)``).
/// - Hostile input: every call validates the SOI marker, reads the header first and refuses images
///   above ``maxPixels`` before allocating; libjpeg warnings (a truncated stream is one: libjpeg would
///   pad it with grey) are fatal, so a damaged file is an error, not a half-grey image. Progressive
///   files are limited to 500 scans (`TJFLAG_LIMITSCANS`), which stops the known CPU-exhaustion trick.
/// - Concurrency: a `tjhandle` is created and destroyed inside each call, so the handle has exactly
///   one owner and the decoder is a plain `Sendable` value usable from any task. Creating and destroying a
///   handle costs 0.3 µs here, against milliseconds of decoding.
package struct JPEGDecoder: Sendable {
    /// The largest image (stored width × height) the decoder accepts. Default 150 MP: a 12 MP photo
    /// is far below, and a lying header cannot make us allocate gigabytes.
    package var maxPixels: Int

    /// A decoder with the given pixel limit.
    package init(maxPixels: Int = 150_000_000) {
        self.maxPixels = maxPixels
    }

    /// Reads the frame header (dimensions, subsampling, colour space) without decoding.
    package func header(_ data: Data) throws(MediaError) -> JPEGHeader {
        try Self.withJPEG(data) { handle, buffer, size throws(MediaError) in
            try Self.readHeader(handle, buffer, size)
        }
    }

    /// Decodes to interleaved RGB at a DCT scale.
    package func decodeRGB(_ data: Data, scale: JPEGScale = .full) throws(MediaError) -> RGBImage {
        let (w, h, pixels) = try decode(data, scale: scale, channels: 3, format: Int32(TJPF_RGB.rawValue))
        return RGBImage(width: w, height: h, pixels: pixels)
    }

    /// Decodes the luma channel only (no colour conversion: cheaper than RGB) at a DCT scale.
    package func decodeGray(_ data: Data, scale: JPEGScale = .full) throws(MediaError) -> GrayImage {
        let (w, h, pixels) = try decode(data, scale: scale, channels: 1, format: Int32(TJPF_GRAY.rawValue))
        return GrayImage(width: w, height: h, pixels: pixels)
    }

    /// Decodes to RGB at the largest reduction whose long edge is still ≥ `minimumLongEdge`.
    package func decodeRGB(_ data: Data, minimumLongEdge: Int) throws(MediaError) -> (image: RGBImage, scale: JPEGScale) {
        let head = try header(data)
        let scale = JPEGScale.largestReduction(width: head.width, height: head.height, minimumLongEdge: minimumLongEdge)
        return (try decodeRGB(data, scale: scale), scale)
    }

    /// Decodes luma at the largest reduction whose long edge is still ≥ `minimumLongEdge`.
    package func decodeGray(_ data: Data, minimumLongEdge: Int) throws(MediaError) -> (image: GrayImage, scale: JPEGScale) {
        let head = try header(data)
        let scale = JPEGScale.largestReduction(width: head.width, height: head.height, minimumLongEdge: minimumLongEdge)
        return (try decodeGray(data, scale: scale), scale)
    }

    // MARK: - Internals

    private func decode(
        _ data: Data, scale: JPEGScale, channels: Int, format: Int32
    ) throws(MediaError) -> (Int, Int, [UInt8]) {
        let limit = maxPixels
        return try Self.withJPEG(data) { handle, buffer, size throws(MediaError) in
            let head = try Self.readHeader(handle, buffer, size)
            guard head.width.multipliedReportingOverflow(by: head.height).partialValue <= limit else {
                throw MediaError.tooLarge.with("JPEG is \(head.width)×\(head.height), limit \(limit) pixels")
            }
            let (w, h) = head.size(at: scale)
            let flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
            var status: Int32 = 0
            // TurboJPEG writes every byte (or fails, and the array is dropped): no zero-fill first
            // (3 MB for a 12 MP luma at 1/2).
            let pixels = [UInt8](unsafeUninitializedCapacity: w * h * channels) { dst, count in
                status = tjDecompress2(handle, buffer, size, dst.baseAddress, Int32(w), 0, Int32(h), format, flags)
                count = dst.count
            }
            guard status == 0 else { throw Self.error(handle, context: "decode") }
            return (w, h, pixels)
        }
    }

    private static func readHeader(
        _ handle: tjhandle, _ buffer: UnsafePointer<UInt8>, _ size: UInt
    ) throws(MediaError) -> JPEGHeader {
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, buffer, size, &width, &height, &subsampling, &colorspace) == 0 else {
            throw error(handle, context: "header")
        }
        guard width > 0, height > 0 else { throw MediaError.corrupt.with("JPEG header has no dimensions") }
        return JPEGHeader(width: Int(width), height: Int(height), subsampling: subsampling, colorspace: colorspace)
    }

    /// Checks the SOI marker, creates the per-call handle and exposes the bytes.
    private static func withJPEG<T>(
        _ data: Data,
        _ body: (tjhandle, UnsafePointer<UInt8>, UInt) throws(MediaError) -> T
    ) throws(MediaError) -> T {
        guard data.count >= 4, data[data.startIndex] == 0xFF, data[data.startIndex + 1] == 0xD8 else {
            throw MediaError.unsupportedFormat.with("not a JPEG (no SOI marker)")
        }
        guard let handle = tjInitDecompress() else {
            throw MediaError.codecUnavailable.with("tjInitDecompress failed")
        }
        defer { tjDestroy(handle) }
        let result: Result<T, MediaError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(MediaError) {
                return .success(try body(handle, bytes.baseAddress!, UInt(bytes.count)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Maps TurboJPEG's message to an error kind: a stream that ends early is `truncated`.
    private static func error(_ handle: tjhandle, context: String) -> MediaError {
        let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown TurboJPEG error"
        let truncated = message.contains("Premature end") || message.contains("no image")
        return (truncated ? MediaError.truncated : MediaError.corrupt).with("JPEG \(context): \(message)")
    }
}
