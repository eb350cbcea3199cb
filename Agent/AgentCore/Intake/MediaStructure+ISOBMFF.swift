extension MediaStructure {
    /// An ISO-BMFF file (HEIC, MP4, MOV) is whole when its top-level boxes end exactly at the file's end
    /// and `requiredBoxes` (the index of the media, `meta` or `moov`, and the data, `mdat`) are among them.
    /// A box whose size runs past the end is still being written (a recorder's `mdat` grows until `moov`
    /// is written after it).
    static func isoBMFF(size: Int64, requiredBoxes: [String], read: (Int64, Int) throws -> [UInt8]) throws -> Verdict {
        var position: Int64 = 0
        var types: Set<String> = []
        // A fragmented recording has a `moof`/`mdat` pair per fragment (seconds each); this bounds the walk
        // for a malformed file, not a real one.
        for _ in 0..<1_000_000 {
            if position == size {
                let missing = requiredBoxes.filter { !types.contains($0) }
                return missing.isEmpty ? .complete : .incomplete("no \(missing.joined(separator: ", ")) box")
            }
            let header = try read(position, 16)
            guard header.count >= 8 else { return .incomplete("cut in a box header at byte \(position)") }
            guard let type = boxType(header[4..<8]) else { return .incomplete("no box at byte \(position) (not ISO-BMFF)") }
            var boxSize = Int64(bigEndian(header[0..<4]))
            var headerLength: Int64 = 8
            if boxSize == 1 {
                guard header.count == 16 else { return .incomplete("cut in a box header at byte \(position)") }
                let large = bigEndian(header[8..<16])
                guard large <= UInt64(Int64.max) else { return .incomplete("box \(type) too large") }
                boxSize = Int64(large)
                headerLength = 16
            } else if boxSize == 0 {
                // "Extends to the end of the file": the last box, whose end says nothing.
                return .unchecked
            }
            guard boxSize >= headerLength else { return .incomplete("box \(type) has a bad size at byte \(position)") }
            let (end, overflow) = position.addingReportingOverflow(boxSize)
            guard !overflow, end <= size else {
                return .incomplete("box \(type) runs past the end (\(overflow ? Int64.max : end) of \(size) bytes)")
            }
            types.insert(type)
            position = end
        }
        return .incomplete("too many boxes")
    }

    /// A box type: four printable ASCII characters (`©` types of QuickTime are inside boxes, not at the top).
    static func boxType(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
