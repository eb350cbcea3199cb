import Foundation

/// Writes test WAV files in the encodings the decoder must read.
package enum WAVWriter {
    package enum Encoding: Sendable, CaseIterable { case int16, int24, int32, float32 }

    /// Writes `channels` (equal lengths) interleaved at `rate` Hz. `extensible` uses
    /// WAVE_FORMAT_EXTENSIBLE; `rf64` writes an RF64 header (sizes in `ds64`).
    package static func write(_ channels: [[Float]], rate: Int, encoding: Encoding, to url: URL,
                             extensible: Bool = false, rf64: Bool = false) throws {
        let count = channels.first?.count ?? 0
        let bytes = [Encoding.int16: 2, .int24: 3, .int32: 4, .float32: 4][encoding]!
        let align = bytes * channels.count
        let dataSize = count * align
        var header = Data()
        func u16(_ v: Int) { header.append(contentsOf: [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)]) }
        func u32(_ v: Int) { for k in 0..<4 { header.append(UInt8((v >> (8 * k)) & 0xFF)) } }
        func u64(_ v: Int) { for k in 0..<8 { header.append(UInt8((v >> (8 * k)) & 0xFF)) } }
        func tag(_ s: String) { header.append(contentsOf: Array(s.utf8)) }
        let tagValue = encoding == .float32 ? 3 : 1
        let fmtSize = extensible ? 40 : 16
        tag(rf64 ? "RF64" : "RIFF")
        u32(rf64 ? 0xFFFF_FFFF : 4 + (8 + fmtSize) + 8 + dataSize + (rf64 ? 36 : 0))
        tag("WAVE")
        if rf64 { tag("ds64"); u32(28); u64(4 + 36 + 8 + fmtSize + 8 + dataSize); u64(dataSize); u64(count); u32(0) }
        tag("JUNK"); u32(6); header.append(contentsOf: [0, 0, 0, 0, 0, 0])  // a chunk to skip
        tag("fmt "); u32(fmtSize)
        u16(extensible ? 0xFFFE : tagValue); u16(channels.count); u32(rate); u32(rate * align); u16(align); u16(bytes * 8)
        if extensible {
            u16(22); u16(bytes * 8); u32(0)
            u16(tagValue); header.append(contentsOf: [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
        }
        tag("data"); u32(rf64 ? 0xFFFF_FFFF : dataSize)
        var body = [UInt8](repeating: 0, count: dataSize)
        body.withUnsafeMutableBytes { raw in
            for i in 0..<count {
                for (c, channel) in channels.enumerated() {
                    let p = i * align + c * bytes
                    let v = max(-1, min(1, channel[i]))
                    switch encoding {
                    case .int16: raw.storeBytes(of: Int16(max(-32768, min(32767, (v * 32768).rounded()))).littleEndian, toByteOffset: p, as: Int16.self)
                    case .int24:
                        let q = Int32(max(-8_388_608, min(8_388_607, (Double(v) * 8_388_608).rounded())))
                        raw[p] = UInt8(truncatingIfNeeded: q); raw[p + 1] = UInt8(truncatingIfNeeded: q >> 8); raw[p + 2] = UInt8(truncatingIfNeeded: q >> 16)
                    case .int32: raw.storeBytes(of: Int32(max(-2_147_483_648, min(2_147_483_647, (Double(v) * 2_147_483_648).rounded()))).littleEndian, toByteOffset: p, as: Int32.self)
                    case .float32: raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: p, as: UInt32.self)
                    }
                }
            }
        }
        header.append(contentsOf: body)
        try header.write(to: url)
    }
}
