import CJPEGBands
import Foundation

extension JPEGDecoder {
    /// Decodes luma at a DCT scale and, in the same entropy decode, reads every luma block's DCT band
    /// energies in `layout` (see ``DCTBandEnergies``). The luma is the same as ``decodeGray(_:scale:)`` gives (one
    /// libjpeg, the same IDCT); the same guards apply: SOI check, pixel limit before allocation,
    /// warnings fatal, at most 500 progressive scans.
    package func decodeGrayWithBands(
        _ data: Data, scale: JPEGScale, layout: DCTBandLayout
    ) throws(MediaError) -> (image: GrayImage, bands: DCTBandEnergies) {
        guard data.count >= 4, data[data.startIndex] == 0xFF, data[data.startIndex + 1] == 0xD8 else {
            throw MediaError.unsupportedFormat.with("not a JPEG (no SOI marker)")
        }
        var result = relay_jpeg_bands_result()
        var message = [CChar](repeating: 0, count: 512)
        let limit = maxPixels
        let status = data.withUnsafeBytes { raw in
            message.withUnsafeMutableBufferPointer { text in
                relay_jpeg_decode_gray_bands(
                    raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count), Int32(scale.denominator), layout.cValue,
                    limit, 500, &result, text.baseAddress, text.count)
            }
        }
        defer { relay_jpeg_bands_result_free(&result) }
        guard Int(status) == RELAY_JPEG_OK else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch Int(status) {
            case RELAY_JPEG_TOO_LARGE: throw MediaError.tooLarge.with(text)
            case RELAY_JPEG_NO_MEMORY: throw MediaError.tooLarge.with("JPEG decode: \(text)")
            default:
                let truncated = text.contains("Premature end") || text.contains("no image")
                throw (truncated ? MediaError.truncated : MediaError.corrupt).with("JPEG decode: \(text)")
            }
        }
        let width = Int(result.width), height = Int(result.height)
        let pixels = [UInt8](UnsafeBufferPointer(start: result.gray, count: width * height))
        let blocks = Int(result.block_count)
        var floats = [Float](repeating: 0, count: blocks * 4)
        if blocks > 0, let source = result.blocks {
            // relay_block_bands is four floats (stride 16): copy the bytes as they are.
            floats.withUnsafeMutableBytes { destination in
                destination.copyMemory(from: UnsafeRawBufferPointer(start: source, count: blocks * MemoryLayout<relay_block_bands>.stride))
            }
        }
        return (GrayImage(width: width, height: height, pixels: pixels), DCTBandEnergies(values: floats, layout: layout))
    }
}
