import Foundation

/// The photo formats Relay accepts, detected from magic bytes (never from a file name or a declared
/// content type alone).
package enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// JPEG/JFIF/EXIF: starts `FF D8 FF`.
    case jpeg
    /// HEIC: an ISO-BMFF `ftyp` box naming an HEVC-coded HEIF brand.
    case heic

    /// The canonical content type (`image/jpeg`, `image/heic`).
    package var contentType: String { "image/\(rawValue)" }

    /// The storage-key extension (`jpg`, `heic`).
    package var fileExtension: String { self == .jpeg ? "jpg" : "heic" }

    /// HEIF brands whose images are HEVC-coded (libheif decodes them with libde265).
    private static let heicBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx"]

    /// Detects the format from the first bytes; `nil` when it is neither JPEG nor HEIC (PNG, AVIF,
    /// random bytes, an empty file).
    package init?(detecting data: Data) {
        let b = [UInt8](data.prefix(64))
        if b.count >= 3, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF {
            self = .jpeg
            return
        }
        // ISO-BMFF: [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4×n]
        guard b.count >= 16, b[4...7].elementsEqual("ftyp".utf8) else { return nil }
        let size = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
        var brands = [String(decoding: b[8..<12], as: UTF8.self)]
        var offset = 16
        while offset + 4 <= min(size, b.count) {
            brands.append(String(decoding: b[offset..<(offset + 4)], as: UTF8.self))
            offset += 4
        }
        guard brands.contains(where: Self.heicBrands.contains) else { return nil }
        self = .heic
    }

    /// The format a declared content type names (parameters and case ignored; `image/jpg` and
    /// `image/heif` accepted as aliases); `nil` for anything else.
    package init?(contentType: String) {
        let base = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch base {
        case "image/jpeg", "image/jpg": self = .jpeg
        case "image/heic", "image/heif": self = .heic
        default: return nil
        }
    }
}
