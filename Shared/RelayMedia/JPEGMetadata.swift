import Foundation

/// Finds and inserts the EXIF APP1 segment of a JPEG by walking its marker segments (bounds-checked;
/// stops at the first scan, so the entropy-coded data is never read).
///
/// The EXIF block used here is the APP1 payload: `"Exif\0\0"` followed by the TIFF structure — the
/// same bytes `exif_data_save_data` produces and ``EXIFReader/read(exifBlock:)`` accepts.
package enum JPEGMetadata {
    /// The `"Exif\0\0"` identifier that starts an EXIF APP1 payload.
    package static let exifIdentifier = Data([0x45, 0x78, 0x69, 0x66, 0x00, 0x00])

    /// The first EXIF APP1 payload, or `nil` when there is none or the header segments are damaged.
    package static func exifBlock(in jpeg: Data) -> Data? {
        var found: Data?
        walkSegments(jpeg) { marker, payload in
            if marker == 0xE1, payload.starts(with: exifIdentifier) {
                found = Data(payload)
                return false
            }
            return true
        }
        return found
    }

    /// Returns `jpeg` with an APP1 segment carrying `exifBlock` inserted after SOI (and after a JFIF
    /// APP0 segment, which must come first). `exifBlock` must start with `"Exif\0\0"` and fit in one
    /// segment (≤ 65,533 bytes). An existing EXIF segment is left in place: readers take the first.
    package static func insertingEXIF(_ exifBlock: Data, into jpeg: Data) throws(MediaError) -> Data {
        guard exifBlock.starts(with: exifIdentifier) else {
            throw MediaError.invalidArgument.with("EXIF block must start with \"Exif\\0\\0\"")
        }
        guard exifBlock.count <= 65_533 else {
            throw MediaError.invalidArgument.with("EXIF block of \(exifBlock.count) bytes does not fit one APP1 segment")
        }
        guard jpeg.count >= 4, jpeg[jpeg.startIndex] == 0xFF, jpeg[jpeg.startIndex + 1] == 0xD8 else {
            throw MediaError.unsupportedFormat.with("not a JPEG (no SOI marker)")
        }
        var insertAt = 2
        let bytes = [UInt8](jpeg)
        if bytes.count >= 6, bytes[2] == 0xFF, bytes[3] == 0xE0 {
            insertAt = 4 + (Int(bytes[4]) << 8 | Int(bytes[5]))
            guard insertAt <= bytes.count else { throw MediaError.truncated.with("JPEG APP0 segment runs past the end") }
        }
        let length = exifBlock.count + 2
        var out = Data(capacity: jpeg.count + length + 2)
        out.append(contentsOf: bytes[0..<insertAt])
        out.append(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)])
        out.append(exifBlock)
        out.append(contentsOf: bytes[insertAt...])
        return out
    }

    /// Calls `visit(marker, payload)` for each header segment until it returns `false`, the first scan
    /// (SOS), EOI, or a malformed length.
    static func walkSegments(_ jpeg: Data, _ visit: (UInt8, Data.SubSequence) -> Bool) {
        let start = jpeg.startIndex
        guard jpeg.count >= 4, jpeg[start] == 0xFF, jpeg[start + 1] == 0xD8 else { return }
        var pos = start + 2
        while pos + 1 < jpeg.endIndex {
            guard jpeg[pos] == 0xFF else { return }
            let marker = jpeg[pos + 1]
            if marker == 0xFF { pos += 1; continue }  // fill byte
            if marker == 0xD9 || marker == 0xDA { return }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { pos += 2; continue }  // no length
            guard pos + 3 < jpeg.endIndex else { return }
            let length = Int(jpeg[pos + 2]) << 8 | Int(jpeg[pos + 3])
            guard length >= 2, pos + 2 + length <= jpeg.endIndex else { return }
            if !visit(marker, jpeg[(pos + 4)..<(pos + 2 + length)]) { return }
            pos += 2 + length
        }
    }
}
