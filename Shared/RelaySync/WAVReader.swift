import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Built-in decoder for uncompressed WAV — the fast path (no ffmpeg process): PCM 8/16/24/32-bit
/// integer and 32/64-bit float, any channel count (averaged to mono), plain RIFF, RF64/BW64 (files
/// over 4 GB, sizes in the `ds64` chunk) and WAVE_FORMAT_EXTENSIBLE. The file is streamed in 4 MB
/// blocks straight into the resampler, so memory stays at the output's size.
enum WAVReader {
    /// Decodes the whole file to mono Float32 at `outputRate` Hz.
    static func decode(path: String, outputRate: Int) throws -> AudioTrack {
        var output: [Float] = []
        try stream(path: path, outputRate: outputRate, reserve: { output.reserveCapacity($0) }) { chunk in output += chunk }
        return AudioTrack(samples: output, sampleRate: outputRate)
    }

    /// Seconds of audio in the file, from its header; throws as `decode` does for a file it cannot read.
    static func duration(path: String) throws -> Double {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw AudioDecodingError.fileNotFound(path: path) }
        defer { close(fd) }
        let format = try readFormat(fd: fd, path: path)
        return Double(format.frameCount) / Double(format.sampleRate)
    }

    /// Decodes the file to mono Float32 at `outputRate` Hz, handing the output to `emit` a block at a time
    /// (the same samples `decode` returns, whatever the blocks). `reserve` gets the expected count first.
    static func stream(
        path: String, outputRate: Int, reserve: (Int) -> Void = { _ in }, emit: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw AudioDecodingError.fileNotFound(path: path) }
        defer { close(fd) }
        let format = try readFormat(fd: fd, path: path)
        guard format.frameCount > 0 else { throw AudioDecodingError.emptyAudioTrack(path: path) }
        let resampler = Resampler(inputRate: format.sampleRate, outputRate: outputRate)
        var output: [Float] = []
        reserve(Int(Double(format.frameCount) * Double(outputRate) / Double(format.sampleRate)) + 64)
        let framesPerBlock = max(1, (4 << 20) / format.blockAlign)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: framesPerBlock * format.blockAlign, alignment: 16)
        defer { raw.deallocate() }
        var mono = [Float](repeating: 0, count: framesPerBlock)
        var frame = 0
        while frame < format.frameCount {
            let frames = min(framesPerBlock, format.frameCount - frame)
            let offset = format.dataOffset + UInt64(frame) * UInt64(format.blockAlign)
            try readFully(fd: fd, into: raw, count: frames * format.blockAlign, offset: offset, path: path)
            mono.withUnsafeMutableBufferPointer { convert(raw, frames: frames, format: format, into: $0.baseAddress!) }
            mono.withUnsafeBufferPointer { resampler.process(UnsafeBufferPointer(rebasing: $0[0..<frames]), into: &output) }
            try output.withUnsafeBufferPointer { try emit($0) }
            output.removeAll(keepingCapacity: true)
            frame += frames
        }
        resampler.finish(into: &output)
        try output.withUnsafeBufferPointer { try emit($0) }
    }

    // MARK: - Header

    /// Reads the header: the `fmt ` and `data` chunks (and `ds64` for RF64), skipping any others.
    private static func readFormat(fd: Int32, path: String) throws -> WAVFormat {
        let fileSize = UInt64(max(0, lseek(fd, 0, SEEK_END)))
        var header = [UInt8](repeating: 0, count: 12)
        guard fileSize >= 12 else { throw AudioDecodingError.unreadableFile(path: path, reason: "too short for a WAV header") }
        try header.withUnsafeMutableBytes { try readFully(fd: fd, into: $0.baseAddress!, count: 12, offset: 0, path: path) }
        let riff = String(decoding: header[0..<4], as: UTF8.self)
        guard ["RIFF", "RF64", "BW64"].contains(riff), String(decoding: header[8..<12], as: UTF8.self) == "WAVE" else {
            throw AudioDecodingError.unsupportedWAV(path: path, reason: "not a RIFF/WAVE file")
        }
        var offset: UInt64 = 12
        var ds64DataSize: UInt64?
        var fmt: (tag: Int, channels: Int, rate: Int, align: Int, bits: Int)?
        while offset + 8 <= fileSize {
            var chunk = [UInt8](repeating: 0, count: 8)
            try chunk.withUnsafeMutableBytes { try readFully(fd: fd, into: $0.baseAddress!, count: 8, offset: offset, path: path) }
            let id = String(decoding: chunk[0..<4], as: UTF8.self)
            let size = UInt64(le32(chunk, 4))
            let body = offset + 8
            switch id {
            case "ds64":
                var d = [UInt8](repeating: 0, count: 16)
                try d.withUnsafeMutableBytes { try readFully(fd: fd, into: $0.baseAddress!, count: 16, offset: body, path: path) }
                ds64DataSize = UInt64(le32(d, 8)) | UInt64(le32(d, 12)) << 32
            case "fmt ":
                guard size >= 16 else { throw AudioDecodingError.unreadableFile(path: path, reason: "fmt chunk too short") }
                let fmtLength = Int(min(size, 40))
                var f = [UInt8](repeating: 0, count: fmtLength)
                try f.withUnsafeMutableBytes { try readFully(fd: fd, into: $0.baseAddress!, count: fmtLength, offset: body, path: path) }
                var tag = Int(le16(f, 0))
                if tag == 0xFFFE, f.count >= 26 { tag = Int(le16(f, 24)) }  // WAVE_FORMAT_EXTENSIBLE sub-format GUID
                fmt = (tag, Int(le16(f, 2)), Int(le32(f, 4)), Int(le16(f, 12)), Int(le16(f, 14)))
            case "data":
                guard let fmt else { throw AudioDecodingError.unreadableFile(path: path, reason: "data chunk before fmt chunk") }
                let encoding: WAVFormat.Encoding
                switch (fmt.tag, fmt.bits) {
                case (1, 8): encoding = .unsignedInt8
                case (1, 16): encoding = .signedInt16
                case (1, 24): encoding = .signedInt24
                case (1, 32): encoding = .signedInt32
                case (3, 32): encoding = .float32
                case (3, 64): encoding = .float64
                default: throw AudioDecodingError.unsupportedWAV(path: path, reason: "format tag \(fmt.tag), \(fmt.bits) bits")
                }
                let bytesPerSample = [WAVFormat.Encoding.unsignedInt8: 1, .signedInt16: 2, .signedInt24: 3, .signedInt32: 4,
                                      .float32: 4, .float64: 8][encoding]!
                guard fmt.channels > 0, fmt.rate > 0, fmt.align >= fmt.channels * bytesPerSample else {
                    throw AudioDecodingError.unreadableFile(path: path, reason: "inconsistent fmt chunk")
                }
                var length = size
                if size == 0xFFFF_FFFF, let ds64DataSize { length = ds64DataSize }
                length = min(length, fileSize - body)
                return WAVFormat(encoding: encoding, channels: fmt.channels, sampleRate: fmt.rate, blockAlign: fmt.align,
                                 dataOffset: body, dataLength: length)
            default:
                break
            }
            offset = body + size + (size & 1)
        }
        throw AudioDecodingError.unreadableFile(path: path, reason: "no data chunk")
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    private static func readFully(fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, offset: UInt64, path: String) throws {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw AudioDecodingError.unreadableFile(path: path, reason: "truncated or unreadable at byte \(offset + UInt64(done))") }
            done += n
        }
    }

    // MARK: - Samples

    /// Interleaved frames → mono (channel mean), −1…1.
    private static func convert(_ raw: UnsafeMutableRawPointer, frames: Int, format: WAVFormat, into out: UnsafeMutablePointer<Float>) {
        let channels = format.channels, align = format.blockAlign
        switch format.encoding {
        case .signedInt16:
            let scale = 1 / (32768 * Float(channels))
            if channels == 1 && align == 2 {
                let s = raw.assumingMemoryBound(to: Int16.self)
                for i in 0..<frames { out[i] = Float(Int16(littleEndian: s[i])) * scale }
            } else if channels == 2 && align == 4 {
                let s = raw.assumingMemoryBound(to: Int16.self)
                for i in 0..<frames {
                    out[i] = Float(Int32(Int16(littleEndian: s[2 * i])) + Int32(Int16(littleEndian: s[2 * i + 1]))) * scale
                }
            } else {
                for i in 0..<frames {
                    var sum: Int32 = 0
                    for c in 0..<channels { sum += Int32(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i * align + 2 * c, as: Int16.self))) }
                    out[i] = Float(sum) * scale
                }
            }
        case .signedInt24:
            let scale = 1 / (8_388_608 * Float(channels))
            let b = raw.assumingMemoryBound(to: UInt8.self)
            for i in 0..<frames {
                var sum: Int32 = 0
                for c in 0..<channels {
                    let p = i * align + 3 * c
                    let v = Int32(b[p]) << 8 | Int32(b[p + 1]) << 16 | Int32(b[p + 2]) << 24
                    sum += v >> 8
                }
                out[i] = Float(sum) * scale
            }
        case .signedInt32:
            let scale = 1 / (2_147_483_648 * Double(channels))
            for i in 0..<frames {
                var sum: Int64 = 0
                for c in 0..<channels { sum += Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * align + 4 * c, as: Int32.self))) }
                out[i] = Float(Double(sum) * scale)
            }
        case .float32:
            let scale = 1 / Float(channels)
            for i in 0..<frames {
                var sum: Float = 0
                for c in 0..<channels {
                    sum += Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * align + 4 * c, as: UInt32.self)))
                }
                out[i] = sum * scale
            }
        case .float64:
            let scale = 1 / Double(channels)
            for i in 0..<frames {
                var sum = 0.0
                for c in 0..<channels {
                    sum += Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * align + 8 * c, as: UInt64.self)))
                }
                out[i] = Float(sum * scale)
            }
        case .unsignedInt8:
            let scale = 1 / (128 * Float(channels))
            let b = raw.assumingMemoryBound(to: UInt8.self)
            for i in 0..<frames {
                var sum: Int32 = 0
                for c in 0..<channels { sum += Int32(b[i * align + c]) - 128 }
                out[i] = Float(sum) * scale
            }
        }
    }
}
