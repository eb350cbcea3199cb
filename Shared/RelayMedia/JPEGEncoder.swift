import CTurboJPEG
import Foundation

/// Encodes pixels to baseline JPEG with TurboJPEG's `tjCompress2`: RGB with 4:2:0 chroma
/// subsampling, grayscale as single-component JPEG.
///
/// Like ``JPEGDecoder`` it creates and destroys its `tjhandle` inside each call (one owner, no
/// shared state), so it is a plain `Sendable` value.
package struct JPEGEncoder: Sendable {
    /// JPEG quality 1–100. Thumbnails use 85.
    package var quality: Int

    /// An encoder at the given quality (clamped to 1–100).
    package init(quality: Int = 85) {
        self.quality = min(max(quality, 1), 100)
    }

    /// RGB → JPEG bytes (4:2:0).
    package func encode(_ image: RGBImage) throws(MediaError) -> Data {
        try compress(image.pixels, image.width, image.height, format: Int32(TJPF_RGB.rawValue),
                     subsampling: Int32(TJSAMP_420.rawValue))
    }

    /// Luma → grayscale JPEG bytes.
    package func encode(_ image: GrayImage) throws(MediaError) -> Data {
        try compress(image.pixels, image.width, image.height, format: Int32(TJPF_GRAY.rawValue),
                     subsampling: Int32(TJSAMP_GRAY.rawValue))
    }

    private func compress(
        _ pixels: [UInt8], _ width: Int, _ height: Int, format: Int32, subsampling: Int32
    ) throws(MediaError) -> Data {
        guard let handle = tjInitCompress() else {
            throw MediaError.codecUnavailable.with("tjInitCompress failed")
        }
        defer { tjDestroy(handle) }
        var jpegBuffer: UnsafeMutablePointer<UInt8>? = nil
        var jpegSize: UInt = 0
        // TurboJPEG allocates the output (jpegBuffer == nil); it is released with tjFree below.
        let status = pixels.withUnsafeBufferPointer { src in
            tjCompress2(handle, src.baseAddress, Int32(width), 0, Int32(height), format,
                        &jpegBuffer, &jpegSize, subsampling, Int32(quality), 0)
        }
        defer { if let jpegBuffer { tjFree(jpegBuffer) } }
        guard status == 0, let jpegBuffer else {
            let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown TurboJPEG error"
            throw MediaError.encodingFailed.with("JPEG encode: \(message)")
        }
        return Data(bytes: jpegBuffer, count: Int(jpegSize))
    }
}
