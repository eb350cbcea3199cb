import Foundation
import Glibc

/// What a media file's own structure says about whether it was written to the end. The bytes are read
/// where the format keeps its bookkeeping (segment and box headers, the last bytes), never the whole
/// file, so a multi-gigabyte recording is checked with a few dozen small reads.
///
/// - JPEG (`.jpg`, `.jpeg`): the segments from SOI up to the first scan (SOS) fit in the file, and the
///   file ends with the EOI marker `FF D9` after that scan — trailing zero bytes (padding some cameras
///   add) are allowed. Entropy-coded data cannot contain `FF D9` (an `FF` there is followed by `00` or a
///   restart marker), and an embedded thumbnail's EOI sits inside its APP1 segment, so a prefix cut
///   anywhere does not pass.
/// - ISO-BMFF (`.heic`, `.heif`, `.mp4`, `.mov`, `.m4a`, `.m4v`): the top-level box sizes add up to
///   exactly the file's size, and both the box that indexes the media (`meta` for HEIC/HEIF, `moov` for
///   MP4/MOV) and the media data (`mdat`) are present — so a cut between the index and the data (a
///   "fast start" file's `moov` written first) does not pass either. A fragmented MP4 (`moov` up front,
///   then `moof`/`mdat` pairs) cut exactly at a fragment's end does pass: the other rules (no local
///   writer, the settle) cover that.
/// - Anything else (mkv, webm, mxf, avi, wav, mp3, aac, flac) is `unchecked`: intake relies on its
///   size-stability rule for those.
package enum MediaStructure {
    /// The verdict on one file.
    package enum Verdict: Sendable, Equatable {
        /// The structure is whole.
        case complete
        /// The structure stops short or does not add up (why, for the log).
        case incomplete(String)
        /// The format is not checked here, or its structure cannot tell (an ISO-BMFF box of size 0 runs
        /// "to the end of the file", whatever that is).
        case unchecked
    }

    /// The formats with a check, by file extension (lowercased).
    package enum Format: Sendable, Equatable {
        case jpeg
        /// ISO-BMFF whose top level must hold `requiredBoxes`.
        case isoBMFF(requiredBoxes: [String])

        package init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "jpg", "jpeg": self = .jpeg
            case "heic", "heif": self = .isoBMFF(requiredBoxes: ["meta", "mdat"])
            case "mp4", "mov", "m4a", "m4v": self = .isoBMFF(requiredBoxes: ["moov", "mdat"])
            default: return nil
            }
        }
    }

    /// Checks the file at `url` (its format from its extension). A file that cannot be opened or read is
    /// `incomplete` with the reason: intake does not take what it cannot read.
    package static func check(file url: URL) -> Verdict {
        guard let format = Format(fileExtension: url.pathExtension) else { return .unchecked }
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .incomplete("cannot open: \(SystemErrorNumber.current)") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .incomplete("cannot stat: \(SystemErrorNumber.current)") }
        return check(format, size: Int64(info.st_size)) { offset, count in
            var buffer = [UInt8](repeating: 0, count: count)
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            guard read >= 0 else { throw SystemErrorNumber.current }
            return Array(buffer.prefix(read))
        }
    }

    /// Checks bytes held in memory (what the unit tests feed it).
    package static func check(_ format: Format, data: Data) -> Verdict {
        let bytes = [UInt8](data)
        return check(format, size: Int64(bytes.count)) { offset, count in
            let start = Int(min(offset, Int64(bytes.count)))
            return Array(bytes[start..<min(bytes.count, start + count)])
        }
    }

    /// Checks a file of `size` bytes whose bytes `read(offset, count)` returns (fewer at the end).
    static func check(_ format: Format, size: Int64, read: (Int64, Int) throws -> [UInt8]) -> Verdict {
        do {
            switch format {
            case .jpeg: return try jpeg(size: size, read: read)
            case .isoBMFF(let required): return try isoBMFF(size: size, requiredBoxes: required, read: read)
            }
        } catch {
            return .incomplete("cannot read: \(error)")
        }
    }

    /// Big-endian unsigned integer of `bytes`.
    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
