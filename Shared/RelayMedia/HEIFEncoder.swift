import CHeif
import Foundation

/// Encodes RGB to HEIC (HEVC) with libheif — for test fixtures and benchmarks; Relay never writes
/// HEIC in production.
///
/// Debian 12's libheif 1.15 is built with its x265 encoder plugin, so ``isAvailable`` is normally
/// true; it is checked with `heif_have_encoder_for_format(heif_compression_HEVC)`.
/// Like the decoder, each call owns its `heif_context` from allocation to free.
package struct HEIFEncoder: Sendable {
    /// Lossy quality 0–100.
    package var quality: Int
    /// The x265 preset (`ultrafast` … `placebo`); fixtures want speed.
    package var preset: String

    /// An encoder at the given quality and x265 preset.
    package init(quality: Int = 80, preset: String = "ultrafast") {
        self.quality = min(max(quality, 0), 100)
        self.preset = preset
    }

    /// Whether this libheif can encode HEVC.
    package static var isAvailable: Bool {
        LibHeif.ensureInitialised()
        return heif_have_encoder_for_format(heif_compression_HEVC) != 0
    }

    /// Encodes `image` as the primary image.
    /// - Parameters:
    ///   - exifBlock: attached with `heif_context_add_exif_data` (either `"Exif\0\0"` + TIFF or bare
    ///     TIFF: libheif finds the TIFF header and records its offset).
    ///   - transform: written as `irot`/`imir` properties (libheif's `image_orientation` encoding
    ///     option); the pixels are stored as given, and a reader applying the properties shows
    ///     `image.oriented(transform)`. `nil` writes no transform property.
    package func encode(
        _ image: RGBImage, exifBlock: Data? = nil, transform: ImageOrientation? = nil
    ) throws(MediaError) -> Data {
        LibHeif.ensureInitialised()
        guard let context = heif_context_alloc() else { throw MediaError.codecUnavailable.with("heif_context_alloc failed") }
        defer { heif_context_free(context) }

        var encoder: OpaquePointer?
        if let error = LibHeif.check(
            heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder), .codecUnavailable, "HEVC encoder")
        {
            throw error
        }
        guard let encoder else { throw MediaError.codecUnavailable.with("no HEVC encoder") }
        defer { heif_encoder_release(encoder) }
        _ = heif_encoder_set_lossy_quality(encoder, Int32(quality))
        _ = heif_encoder_set_parameter(encoder, "preset", preset)  // best effort: x265-specific

        let heifImage = try makeImage(image)
        defer { heif_image_release(heifImage) }

        guard let options = heif_encoding_options_alloc() else { throw MediaError.encodingFailed.with("options alloc") }
        defer { heif_encoding_options_free(options) }
        if let transform {
            options.pointee.image_orientation = heif_orientation(rawValue: UInt32(transform.rawValue))
        }
        var handle: OpaquePointer?
        if let error = LibHeif.check(heif_context_encode_image(context, heifImage, encoder, options, &handle), .encodingFailed, "encode") {
            throw error
        }
        defer { if let handle { heif_image_handle_release(handle) } }

        if let exifBlock, let handle {
            let status = exifBlock.withUnsafeBytes { raw in
                heif_context_add_exif_metadata(context, handle, raw.baseAddress, Int32(raw.count))
            }
            if let error = LibHeif.check(status, .encodingFailed, "add EXIF") { throw error }
        }
        return try write(context)
    }

    private func makeImage(_ image: RGBImage) throws(MediaError) -> OpaquePointer {
        var heifImage: OpaquePointer?
        if let error = LibHeif.check(
            heif_image_create(Int32(image.width), Int32(image.height), heif_colorspace_RGB, heif_chroma_interleaved_RGB, &heifImage),
            .encodingFailed, "image create")
        {
            throw error
        }
        guard let heifImage else { throw MediaError.encodingFailed.with("heif_image_create returned nothing") }
        if let error = LibHeif.check(
            heif_image_add_plane(heifImage, heif_channel_interleaved, Int32(image.width), Int32(image.height), 8),
            .encodingFailed, "add plane")
        {
            heif_image_release(heifImage)
            throw error
        }
        var stride: Int32 = 0
        guard let plane = heif_image_get_plane(heifImage, heif_channel_interleaved, &stride) else {
            heif_image_release(heifImage)
            throw MediaError.encodingFailed.with("no plane")
        }
        let rowBytes = image.width * 3
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<image.height {
                (plane + y * Int(stride)).update(from: src.baseAddress! + y * rowBytes, count: rowBytes)
            }
        }
        return heifImage
    }

    /// Serialises the context through a `heif_writer` that appends to a `Data`.
    private func write(_ context: OpaquePointer) throws(MediaError) -> Data {
        var out = Data()
        var writer = heif_writer(writer_api_version: 1) { _, bytes, size, userdata in
            if let bytes, let userdata {
                userdata.assumingMemoryBound(to: Data.self).pointee.append(bytes.assumingMemoryBound(to: UInt8.self), count: size)
            }
            return LibHeif.success
        }
        let status = withUnsafeMutablePointer(to: &out) { pointer in
            heif_context_write(context, &writer, pointer)
        }
        if let error = LibHeif.check(status, .encodingFailed, "write") { throw error }
        return out
    }
}
