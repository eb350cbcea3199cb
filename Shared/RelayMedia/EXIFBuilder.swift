import CExif
import Foundation

/// Builds an EXIF block with libexif (`exif_data_save_data`): `"Exif\0\0"` + little-endian TIFF.
///
/// Used to make test fixtures and benchmark images (splice it into a JPEG with
/// ``JPEGMetadata/insertingEXIF(_:into:)`` or attach it to a HEIC with ``HEIFEncoder``); it writes
/// only the fields set here, nothing invented.
package struct EXIFBuilder: Sendable, Hashable {
    /// `ISOSpeedRatings` (SHORT, EXIF IFD).
    package var iso: Int?
    /// `ExposureTime` (RATIONAL, EXIF IFD), e.g. `EXIFRational(1, 250)`.
    package var exposureTime: EXIFRational?
    /// `FNumber` (RATIONAL, EXIF IFD), e.g. `EXIFRational(18, 10)`.
    package var fNumber: EXIFRational?
    /// `DateTimeOriginal` in EXIF form `"YYYY:MM:DD HH:MM:SS"` (ASCII, EXIF IFD).
    package var dateTimeOriginal: String?
    /// `OffsetTimeOriginal`, e.g. `"+02:00"` (ASCII, EXIF IFD).
    package var offsetTimeOriginal: String?
    /// `Orientation` (SHORT, IFD0).
    package var orientation: ImageOrientation?
    /// `PixelXDimension` / `PixelYDimension` (LONG, EXIF IFD).
    package var pixelWidth: Int?
    /// See ``pixelWidth``.
    package var pixelHeight: Int?
    /// `Make` (ASCII, IFD0).
    package var make: String?
    /// `Model` (ASCII, IFD0).
    package var model: String?

    /// An empty builder; set the fields to write.
    package init() {}

    /// The EXIF block.
    package func build() throws(MediaError) -> Data {
        guard let data = exif_data_new() else { throw MediaError.encodingFailed.with("exif_data_new failed") }
        defer { exif_data_unref(data) }
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_set_data_type(data, EXIF_DATA_TYPE_COMPRESSED)
        exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL)
        let writer = Writer(data: data)

        if let orientation { try writer.short(EXIF_TAG_ORIENTATION, UInt16(orientation.rawValue), ifd: 0) }
        if let make { try writer.ascii(EXIF_TAG_MAKE, make, ifd: 0) }
        if let model { try writer.ascii(EXIF_TAG_MODEL, model, ifd: 0) }
        if let iso { try writer.short(EXIF_TAG_ISO_SPEED_RATINGS, UInt16(clamping: iso), ifd: 2) }
        if let exposureTime { try writer.rational(EXIF_TAG_EXPOSURE_TIME, exposureTime, ifd: 2) }
        if let fNumber { try writer.rational(EXIF_TAG_FNUMBER, fNumber, ifd: 2) }
        if let dateTimeOriginal { try writer.ascii(EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal, ifd: 2) }
        if let offsetTimeOriginal { try writer.ascii(EXIF_TAG_OFFSET_TIME_ORIGINAL, offsetTimeOriginal, ifd: 2) }
        if let pixelWidth { try writer.long(EXIF_TAG_PIXEL_X_DIMENSION, UInt32(clamping: pixelWidth), ifd: 2) }
        if let pixelHeight { try writer.long(EXIF_TAG_PIXEL_Y_DIMENSION, UInt32(clamping: pixelHeight), ifd: 2) }

        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt32 = 0
        exif_data_save_data(data, &buffer, &size)
        defer { free(buffer) }  // allocated by libexif's default allocator (calloc)
        guard let buffer, size > 0 else { throw MediaError.encodingFailed.with("exif_data_save_data wrote nothing") }
        let block = Data(bytes: buffer, count: Int(size))
        // Older libexif versions returned bare TIFF; normalise to the APP1 payload form.
        return block.starts(with: JPEGMetadata.exifIdentifier) ? block : JPEGMetadata.exifIdentifier + block
    }

    /// Adds entries to one `ExifData`; lives only inside ``build()``.
    private struct Writer {
        let data: UnsafeMutablePointer<ExifData>

        private var order: ExifByteOrder { exif_data_get_byte_order(data) }

        private func content(_ index: Int) -> UnsafeMutablePointer<ExifContent>? {
            let ifd = data.pointee.ifd
            return index == 0 ? ifd.0 : ifd.2
        }

        /// Creates an entry with `components` values of `format`, lets `fill` write them, and hands
        /// it to the IFD (which takes its own reference).
        private func add(
            _ tag: ExifTag, _ format: ExifFormat, components: Int, ifd: Int,
            _ fill: (UnsafeMutablePointer<UInt8>) -> Void
        ) throws(MediaError) {
            guard let content = content(ifd), let entry = exif_entry_new() else {
                throw MediaError.encodingFailed.with("exif_entry_new failed")
            }
            defer { exif_entry_unref(entry) }
            let size = Int(exif_format_get_size(format)) * components
            // exif_entry_new uses libexif's default allocator, whose free() releases this buffer.
            guard let buffer = calloc(size, 1)?.assumingMemoryBound(to: UInt8.self) else {
                throw MediaError.encodingFailed.with("out of memory")
            }
            entry.pointee.tag = tag
            entry.pointee.format = format
            entry.pointee.components = UInt(components)
            entry.pointee.size = UInt32(size)
            entry.pointee.data = buffer
            fill(buffer)
            exif_content_add_entry(content, entry)
        }

        func short(_ tag: ExifTag, _ value: UInt16, ifd: Int) throws(MediaError) {
            try add(tag, EXIF_FORMAT_SHORT, components: 1, ifd: ifd) { exif_set_short($0, order, value) }
        }

        func long(_ tag: ExifTag, _ value: UInt32, ifd: Int) throws(MediaError) {
            try add(tag, EXIF_FORMAT_LONG, components: 1, ifd: ifd) { exif_set_long($0, order, value) }
        }

        func rational(_ tag: ExifTag, _ value: EXIFRational, ifd: Int) throws(MediaError) {
            try add(tag, EXIF_FORMAT_RATIONAL, components: 1, ifd: ifd) {
                exif_set_rational($0, order, ExifRational(numerator: value.numerator, denominator: value.denominator))
            }
        }

        func ascii(_ tag: ExifTag, _ value: String, ifd: Int) throws(MediaError) {
            let bytes = Array(value.utf8) + [0]
            try add(tag, EXIF_FORMAT_ASCII, components: bytes.count, ifd: ifd) { dst in
                for (i, b) in bytes.enumerated() { dst[i] = b }
            }
        }
    }
}
