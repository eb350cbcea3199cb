import CHeif
import Foundation

/// Decodes the primary image of a HEIC file with libheif to interleaved 8-bit RGB, and reads its EXIF.
///
/// ## Orientation
/// HEIF stores rotation and mirroring as item properties (`irot`, `imir`); libheif applies them when
/// decoding (its default, `ignore_transformations = 0`), so ``decodeRGB(_:)`` returns what the
/// file's *transform properties* say is upright. libheif **ignores the EXIF `Orientation` tag**: the
/// HEIF standard makes EXIF descriptive only. Cameras disagree in practice:
/// - iPhones store sensor-oriented pixels with an `irot` **and** write the same rotation as EXIF
///   orientation. Applying EXIF on top of libheif's output would rotate twice.
/// - Some cameras and converters write only EXIF orientation and no `irot`: libheif's output is then
///   sideways.
///
/// ``decodeUpright(_:)`` handles both: when the primary item has an `irot` or `imir` property, the
/// EXIF orientation is ignored (it describes the same transform, already applied); when it has none,
/// the EXIF orientation is applied by RelayMedia. The property check is a small ISO-BMFF parse
/// (libheif 1.15 has no API for it).
///
/// ## Concurrency and safety
/// A `heif_context` is allocated, used and freed inside each call, over the caller's bytes (read
/// without copying, and only while they are pinned): one owner, no shared state, a `Sendable` value.
/// Images above ``maxPixels`` are refused before decoding.
package struct HEIFDecoder: Sendable {
    /// The largest image (width × height) the decoder accepts. Default 150 MP.
    package var maxPixels: Int

    /// A decoder with the given pixel limit.
    package init(maxPixels: Int = 150_000_000) {
        self.maxPixels = maxPixels
    }

    /// Dimensions of the primary image as libheif presents it (after `irot`/`imir`/`clap`).
    package func dimensions(_ data: Data) throws(MediaError) -> (width: Int, height: Int) {
        try withPrimaryImage(data) { handle throws(MediaError) in
            (Int(heif_image_handle_get_width(handle)), Int(heif_image_handle_get_height(handle)))
        }
    }

    /// The primary image as RGB with libheif's transforms applied and EXIF orientation *not* applied.
    package func decodeRGB(_ data: Data) throws(MediaError) -> RGBImage {
        let limit = maxPixels
        return try withPrimaryImage(data) { handle throws(MediaError) in try Self.decode(handle, limit: limit) }
    }

    /// The EXIF block of the primary image (`"Exif\0\0"` + TIFF), or `nil` when it has none.
    package func exifBlock(_ data: Data) throws(MediaError) -> Data? {
        try withPrimaryImage(data) { handle throws(MediaError) in Self.exif(handle) }
    }

    /// Upright pixels and EXIF in one pass; see the type's documentation for the orientation rule.
    package func decodeUpright(_ data: Data) throws(MediaError) -> DecodedHEIF {
        let limit = maxPixels
        let (image, block) = try withPrimaryImage(data) { handle throws(MediaError) in
            (try Self.decode(handle, limit: limit), Self.exif(handle))
        }
        let properties = HEIFBoxes.primaryItemProperties(data)
        let transformed = properties.contains("irot") || properties.contains("imir")
        let exif = block.map(EXIFReader.read(exifBlock:)) ?? EXIFMetadata()
        let orientation = transformed ? .up : (exif.orientation ?? .up)
        return DecodedHEIF(
            image: image.oriented(orientation), exifBlock: block, exif: exif,
            hasTransformProperties: transformed, appliedEXIFOrientation: orientation)
    }

    // MARK: - Internals

    private func withPrimaryImage<T>(
        _ data: Data, _ body: (OpaquePointer) throws(MediaError) -> T
    ) throws(MediaError) -> T {
        guard data.count >= 12 else { throw MediaError.unsupportedFormat.with("not a HEIF file (too short)") }
        LibHeif.ensureInitialised()
        let result: Result<T, MediaError> = data.withUnsafeBytes { raw in
            guard let context = heif_context_alloc() else {
                return .failure(MediaError.codecUnavailable.with("heif_context_alloc failed"))
            }
            defer { heif_context_free(context) }  // before the bytes are unpinned
            if let error = LibHeif.check(
                heif_context_read_from_memory_without_copy(context, raw.baseAddress, raw.count, nil), .corrupt, "read")
            {
                return .failure(error)
            }
            var handle: OpaquePointer?
            if let error = LibHeif.check(heif_context_get_primary_image_handle(context, &handle), .corrupt, "primary image") {
                return .failure(error)
            }
            guard let handle else { return .failure(MediaError.corrupt.with("HEIF has no primary image")) }
            defer { heif_image_handle_release(handle) }
            do throws(MediaError) {
                return .success(try body(handle))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decode(_ handle: OpaquePointer, limit: Int) throws(MediaError) -> RGBImage {
        let w = Int(heif_image_handle_get_width(handle)), h = Int(heif_image_handle_get_height(handle))
        guard w > 0, h > 0 else { throw MediaError.corrupt.with("HEIF image has no dimensions") }
        guard w.multipliedReportingOverflow(by: h).partialValue <= limit else {
            throw MediaError.tooLarge.with("HEIF is \(w)×\(h), limit \(limit) pixels")
        }
        var image: OpaquePointer?
        if let error = LibHeif.check(
            heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil), .corrupt, "decode")
        {
            throw error
        }
        guard let image else { throw MediaError.corrupt.with("HEIF decode returned no image") }
        defer { heif_image_release(image) }
        var stride: Int32 = 0
        guard let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride) else {
            throw MediaError.corrupt.with("HEIF decode returned no interleaved plane")
        }
        let width = Int(heif_image_get_width(image, heif_channel_interleaved))
        let height = Int(heif_image_get_height(image, heif_channel_interleaved))
        guard width > 0, height > 0, Int(stride) >= width * 3 else {
            throw MediaError.corrupt.with("HEIF plane has an impossible layout")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                (dst.baseAddress! + y * width * 3).update(from: plane + y * Int(stride), count: width * 3)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Reads the first "Exif" metadata item and skips its 4-byte big-endian offset to the TIFF header.
    private static func exif(_ handle: OpaquePointer) -> Data? {
        var id: heif_item_id = 0
        guard heif_image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) > 0 else { return nil }
        let size = heif_image_handle_get_metadata_size(handle, id)
        guard size > 4, size < 16 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        guard heif_image_handle_get_metadata(handle, id, &bytes).code == heif_error_Ok else { return nil }
        let offset = Int(UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3]))
        guard offset <= size - 4 - 8 else { return nil }
        let tiff = Data(bytes[(4 + offset)...])
        // Some writers point at an "Exif\0\0" prefix instead of the TIFF header: accept both forms.
        return tiff.starts(with: JPEGMetadata.exifIdentifier) ? tiff : JPEGMetadata.exifIdentifier + tiff
    }
}
