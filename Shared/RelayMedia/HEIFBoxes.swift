import Foundation

/// A minimal, bounds-checked ISO-BMFF reader that answers one question libheif 1.15's API does not:
/// which item properties (`irot`, `imir`, `clap`, …) are associated with the primary image.
///
/// ``HEIFDecoder`` needs it to apply EXIF orientation only when the file carries no `irot`/`imir`
/// transform (see there). Only `meta` → `pitm`, `iprp` → `ipco`/`ipma` are parsed; any malformed or
/// unexpected structure yields an empty answer rather than an error (libheif reports real errors).
enum HEIFBoxes {
    /// Four-character codes of the properties associated with the primary item, in `ipma` order.
    static func primaryItemProperties(_ data: Data) -> [String] {
        let bytes = [UInt8](data)
        guard let meta = children(bytes, 0..<bytes.count).first(where: { $0.type == "meta" }) else { return [] }
        let metaBody = meta.body.lowerBound + 4 ..< meta.body.upperBound  // FullBox: version + flags
        guard metaBody.lowerBound <= metaBody.upperBound else { return [] }
        let metaChildren = children(bytes, metaBody)
        guard let pitm = metaChildren.first(where: { $0.type == "pitm" }),
              let primary = primaryItemID(bytes, pitm.body),
              let iprp = metaChildren.first(where: { $0.type == "iprp" }) else { return [] }
        let iprpChildren = children(bytes, iprp.body)
        guard let ipco = iprpChildren.first(where: { $0.type == "ipco" }) else { return [] }
        let properties = children(bytes, ipco.body).map(\.type)
        var result: [String] = []
        for ipma in iprpChildren where ipma.type == "ipma" {
            for index in associations(bytes, ipma.body, item: primary) where index >= 1 && index <= properties.count {
                result.append(properties[index - 1])
            }
        }
        return result
    }

    private struct Box {
        let type: String
        let body: Range<Int>
    }

    /// The boxes laid end to end in `range`; stops at the first malformed header.
    private static func children(_ b: [UInt8], _ range: Range<Int>) -> [Box] {
        var boxes: [Box] = []
        var pos = range.lowerBound
        while pos + 8 <= range.upperBound {
            var size = Int(u32(b, pos))
            let type = String(decoding: b[(pos + 4)..<(pos + 8)], as: UTF8.self)
            var header = 8
            if size == 1 {
                guard pos + 16 <= range.upperBound else { break }
                let large = UInt64(u32(b, pos + 8)) << 32 | UInt64(u32(b, pos + 12))
                guard large <= UInt64(range.upperBound - pos) else { break }
                size = Int(large)
                header = 16
            } else if size == 0 {
                size = range.upperBound - pos
            }
            guard size >= header, pos + size <= range.upperBound else { break }
            boxes.append(Box(type: type, body: (pos + header)..<(pos + size)))
            pos += size
        }
        return boxes
    }

    private static func primaryItemID(_ b: [UInt8], _ body: Range<Int>) -> UInt32? {
        guard body.count >= 6 else { return nil }
        let version = b[body.lowerBound]
        if version == 0 { return UInt32(u16(b, body.lowerBound + 4)) }
        guard body.count >= 8 else { return nil }
        return u32(b, body.lowerBound + 4)
    }

    /// Property indices (1-based into `ipco`) that one `ipma` box associates with `item`.
    private static func associations(_ b: [UInt8], _ body: Range<Int>, item: UInt32) -> [Int] {
        guard body.count >= 8 else { return [] }
        let version = b[body.lowerBound]
        let wideIndex = b[body.lowerBound + 3] & 1 == 1  // flags bit 0: 15-bit indices
        let entryCount = Int(u32(b, body.lowerBound + 4))
        var pos = body.lowerBound + 8
        for _ in 0..<min(entryCount, 1 << 20) {
            let idSize = version < 1 ? 2 : 4
            guard pos + idSize + 1 <= body.upperBound else { return [] }
            let itemID = version < 1 ? UInt32(u16(b, pos)) : u32(b, pos)
            let count = Int(b[pos + idSize])
            pos += idSize + 1
            let entrySize = wideIndex ? 2 : 1
            guard pos + count * entrySize <= body.upperBound else { return [] }
            if itemID == item {
                return (0..<count).map { i in
                    wideIndex ? Int(u16(b, pos + 2 * i) & 0x7FFF) : Int(b[pos + i] & 0x7F)
                }
            }
            pos += count * entrySize
        }
        return []
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) << 8 | UInt16(b[i + 1]) }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}
