extension MediaStructure {
    /// A JPEG is whole when its segments up to the first scan fit in the file and its last bytes (after
    /// any zero padding) are the EOI marker, after that scan.
    static func jpeg(size: Int64, read: (Int64, Int) throws -> [UInt8]) throws -> Verdict {
        guard size >= 4, try read(0, 2) == [0xFF, 0xD8] else { return .incomplete("not a JPEG: no start-of-image marker") }
        var position: Int64 = 2
        var scanStart: Int64?
        // Markers before the first scan: APPn (EXIF, its thumbnail, ICC, MPF), DQT, SOFn, DHT, DRI, COM.
        for _ in 0..<4096 {
            var header = try read(position, 4)
            // Fill bytes: any number of FF before a marker.
            while header.count >= 2, header[0] == 0xFF, header[1] == 0xFF {
                position += 1
                header = try read(position, 4)
            }
            guard header.count >= 2, header[0] == 0xFF else {
                return header.count < 2 ? .incomplete("cut before the image data") : .incomplete("no marker at byte \(position)")
            }
            let marker = header[1]
            // Standalone markers carry no length.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                position += 2
                continue
            }
            if marker == 0xD9 { return .incomplete("end-of-image before any image data") }
            guard header.count == 4 else { return .incomplete("cut in a segment header at byte \(position)") }
            let length = Int64(bigEndian(header[2..<4]))
            guard length >= 2 else { return .incomplete("bad segment length at byte \(position)") }
            let end = position + 2 + length
            guard end <= size else { return .incomplete("segment FF\(hex(marker)) runs past the end (\(end) of \(size) bytes)") }
            position = end
            if marker == 0xDA {
                scanStart = end
                break
            }
        }
        guard let scanStart else { return .incomplete("no image data found") }
        // The end: zero padding is allowed, up to a bound (a file preallocated with zeros and still being
        // filled has far more).
        let tailLength = Int(min(size - scanStart, 1 << 16))
        let tail = try read(size - Int64(tailLength), tailLength)
        guard let last = tail.lastIndex(where: { $0 != 0 }) else { return .incomplete("ends in zeros, no end-of-image marker") }
        guard last >= 1, tail[last - 1] == 0xFF, tail[last] == 0xD9 else { return .incomplete("no end-of-image marker at the end") }
        return .complete
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
