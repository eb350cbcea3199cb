import CExif
import Foundation

/// Typed, bounds-checked access to the entries of a loaded `ExifData` (internal to ``EXIFReader``).
///
/// IFDs are addressed by their index in `ExifData.ifd`: 0 = IFD0 (main image), 1 = IFD1 (thumbnail),
/// 2 = EXIF sub-IFD, 3 = GPS, 4 = interoperability.
struct EXIFEntries {
    let data: UnsafeMutablePointer<ExifData>

    private var byteOrder: ExifByteOrder { exif_data_get_byte_order(data) }

    private func content(_ index: Int) -> UnsafeMutablePointer<ExifContent>? {
        let ifd = data.pointee.ifd
        switch index {
        case 0: return ifd.0
        case 1: return ifd.1
        case 2: return ifd.2
        case 3: return ifd.3
        case 4: return ifd.4
        default: return nil
        }
    }

    /// The first entry for `tag` in the listed IFDs whose data holds at least `components` values.
    private func entry(_ tag: ExifTag, in ifds: [Int]) -> ExifEntry? {
        for index in ifds {
            guard let content = content(index), let entry = exif_content_get_entry(content, tag) else { continue }
            let e = entry.pointee
            let unit = Int(exif_format_get_size(e.format))
            guard e.data != nil, e.components >= 1, unit > 0, Int(e.size) >= unit else { continue }
            return e
        }
        return nil
    }

    /// BYTE, SHORT, LONG (or signed) as Int; first component.
    func integer(_ tag: ExifTag, in ifds: [Int]) -> Int? {
        guard let e = entry(tag, in: ifds), let p = e.data else { return nil }
        switch e.format {
        case EXIF_FORMAT_BYTE: return Int(p[0])
        case EXIF_FORMAT_SHORT: return Int(exif_get_short(p, byteOrder))
        case EXIF_FORMAT_SSHORT: return Int(exif_get_sshort(p, byteOrder))
        case EXIF_FORMAT_LONG: return Int(exif_get_long(p, byteOrder))
        case EXIF_FORMAT_SLONG: return Int(exif_get_slong(p, byteOrder))
        default: return nil
        }
    }

    /// RATIONAL or SRATIONAL as Double; `nil` for a zero denominator.
    func rational(_ tag: ExifTag, in ifds: [Int]) -> Double? {
        guard let e = entry(tag, in: ifds), let p = e.data else { return nil }
        switch e.format {
        case EXIF_FORMAT_RATIONAL:
            let r = exif_get_rational(p, byteOrder)
            return EXIFRational(r.numerator, r.denominator).value
        case EXIF_FORMAT_SRATIONAL:
            let r = exif_get_srational(p, byteOrder)
            return r.denominator == 0 ? nil : Double(r.numerator) / Double(r.denominator)
        default:
            return nil
        }
    }

    /// ASCII up to the first NUL, whitespace-trimmed; `nil` when empty.
    func ascii(_ tag: ExifTag, in ifds: [Int]) -> String? {
        guard let e = entry(tag, in: ifds), e.format == EXIF_FORMAT_ASCII, let p = e.data else { return nil }
        let bytes = UnsafeBufferPointer(start: p, count: Int(e.size))
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        let text = String(decoding: bytes[0..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
