import CExif
import Foundation

/// Reads ``EXIFMetadata`` with libexif, from JPEG bytes or from a raw EXIF block (HEIC files carry
/// one as an `Exif` metadata item: see ``HEIFDecoder/exifBlock(_:)``).
///
/// Missing or unreadable EXIF gives an empty ``EXIFMetadata``, never an error: a photo without EXIF
/// is still a photo. The `ExifData` is created, loaded and released inside each call (one owner), and
/// libexif's "fix to the specification" option is switched off so that reading never invents values
/// (with it on, libexif adds a default `DateTime` of *now* and the like).
///
/// Entries are looked up with `exif_content_get_entry` on the IFD the tag belongs to, through the
/// `ExifData.ifd` tuple (`exif_data_get_entry` is a macro and does not import into Swift).
package enum EXIFReader {
    /// EXIF of a JPEG (its first `APP1 "Exif"` segment).
    package static func read(jpeg: Data) -> EXIFMetadata {
        guard let block = JPEGMetadata.exifBlock(in: jpeg) else { return EXIFMetadata() }
        return read(exifBlock: block)
    }

    /// EXIF from a block that is either `"Exif\0\0"` + TIFF (a JPEG APP1 payload) or bare TIFF
    /// (starting `II*\0` or `MM\0*`).
    package static func read(exifBlock: Data) -> EXIFMetadata {
        let block: Data
        if exifBlock.starts(with: JPEGMetadata.exifIdentifier) {
            block = exifBlock
        } else if exifBlock.starts(with: [0x49, 0x49, 0x2A, 0x00]) || exifBlock.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            block = JPEGMetadata.exifIdentifier + exifBlock  // libexif only recognises the "Exif" header
        } else {
            return EXIFMetadata()
        }
        guard block.count < Int(UInt32.max), let data = exif_data_new() else { return EXIFMetadata() }
        defer { exif_data_unref(data) }
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        block.withUnsafeBytes { raw in
            exif_data_load_data(data, raw.bindMemory(to: UInt8.self).baseAddress, UInt32(raw.count))
        }
        return extract(EXIFEntries(data: data))
    }

    private static func extract(_ entries: EXIFEntries) -> EXIFMetadata {
        var meta = EXIFMetadata()
        meta.iso = entries.integer(EXIF_TAG_ISO_SPEED_RATINGS, in: [2, 0]).flatMap { $0 > 0 ? $0 : nil }
        if let seconds = entries.rational(EXIF_TAG_EXPOSURE_TIME, in: [2, 0]), seconds > 0, seconds.isFinite {
            meta.exposureSeconds = seconds
            meta.shutter = formatShutter(seconds)
        }
        var fNumber = entries.rational(EXIF_TAG_FNUMBER, in: [2, 0])
        if fNumber == nil || fNumber == 0, let apex = entries.rational(EXIF_TAG_APERTURE_VALUE, in: [2, 0]) {
            fNumber = pow(2, apex / 2)
        }
        if let fNumber, fNumber > 0, fNumber.isFinite {
            meta.fNumber = fNumber
            meta.aperture = "f/" + formatOneDecimal(fNumber)
        }
        let stamp = entries.ascii(EXIF_TAG_DATE_TIME_ORIGINAL, in: [2, 0]) ?? entries.ascii(EXIF_TAG_DATE_TIME, in: [0])
        if let stamp, let iso = isoTimestamp(stamp) {
            meta.timestamp = iso + (entries.ascii(EXIF_TAG_OFFSET_TIME_ORIGINAL, in: [2, 0]).flatMap(validOffset) ?? "")
        }
        meta.pixelWidth = entries.integer(EXIF_TAG_PIXEL_X_DIMENSION, in: [2]).flatMap { $0 > 0 ? $0 : nil }
        meta.pixelHeight = entries.integer(EXIF_TAG_PIXEL_Y_DIMENSION, in: [2]).flatMap { $0 > 0 ? $0 : nil }
        meta.orientation = entries.integer(EXIF_TAG_ORIENTATION, in: [0]).flatMap(ImageOrientation.init(exifValue:))
        meta.make = entries.ascii(EXIF_TAG_MAKE, in: [0])
        meta.model = entries.ascii(EXIF_TAG_MODEL, in: [0])
        return meta
    }

    /// `1/250` below one second, `2` or `1.5` from one second up.
    static func formatShutter(_ seconds: Double) -> String {
        if seconds < 1 {
            return "1/\(Int((1 / seconds).rounded()))"
        }
        return formatOneDecimal(seconds)
    }

    /// One decimal, a trailing `.0` dropped: 1.8 → "1.8", 8 → "8".
    static func formatOneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// `"YYYY:MM:DD HH:MM:SS"` → `"YYYY-MM-DDTHH:MM:SS"`; `nil` for blanks, zeros and garbage.
    static func isoTimestamp(_ exif: String) -> String? {
        let chars = Array(exif.utf8.prefix(19))
        guard chars.count == 19 else { return nil }
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        guard digitPositions.allSatisfy({ (48...57).contains(chars[$0]) }),
              chars[4] == 58, chars[7] == 58, chars[10] == 32 || chars[10] == 84, chars[13] == 58, chars[16] == 58
        else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(chars[$1] - 48) } }
        let (month, day, hour, minute, second) = (number(5..<7), number(8..<10), number(11..<13), number(14..<16), number(17..<19))
        guard number(0..<4) > 0, (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        var out = chars
        out[4] = 45; out[7] = 45; out[10] = 84  // '-', '-', 'T'
        return String(decoding: out, as: UTF8.self)
    }

    /// `"+02:00"` / `"-05:30"` as is; anything else (blank, `"   :  "`) → nil.
    static func validOffset(_ offset: String) -> String? {
        let c = Array(offset.utf8)
        guard c.count == 6, c[0] == 43 || c[0] == 45, c[3] == 58,
              [1, 2, 4, 5].allSatisfy({ (48...57).contains(c[$0]) }) else { return nil }
        return offset
    }
}
