import Foundation

/// A container format ffmpeg may read uploads in: one of the allow-listed demuxers, so an upload that is
/// really an HLS or concat playlist, an image sequence or a device never makes ffmpeg open anything but
/// the uploaded file. ffprobe runs with the same list as its format whitelist, and every ffmpeg run is
/// told the probed demuxer (`-f`) instead of guessing it again.
package struct MediaContainer: Sendable, Equatable {
    /// The demuxer's name as ffmpeg's `-f` takes it (`mov`, `matroska`, …).
    package let demuxer: String

    /// The allowed demuxers, by the first name ffprobe's `format_name` lists: MP4/MOV (and 3GP, M4A,
    /// MJ2), Matroska/WebM, AVI, MPEG-TS, MPEG-PS, MXF, WAV, MP3, FLAC, Ogg, ADTS AAC.
    package static let allowedDemuxers = ["mov", "matroska", "avi", "mpegts", "mpeg", "mxf", "wav", "mp3", "flac", "ogg", "aac"]

    /// ffprobe's `format_name` (`mov,mp4,m4a,3gp,3g2,mj2`), or nil when that demuxer is not allowed.
    package init?(formatName: String) {
        guard let first = formatName.split(separator: ",").first.map(String.init), Self.allowedDemuxers.contains(first) else {
            return nil
        }
        demuxer = first
    }

    /// The container of ffprobe's `format_name`, or a `MediaRefusal` naming the format.
    package static func required(formatName: String) throws(MediaRefusal) -> MediaContainer {
        guard let container = MediaContainer(formatName: formatName) else {
            throw MediaRefusal(reason: "the container format \(MediaRefusal.printable(formatName)) is not accepted")
        }
        return container
    }

    /// Input options shared by ffprobe and ffmpeg: only the `file` protocol, only allowed demuxers.
    package static let hardening = ["-protocol_whitelist", "file", "-format_whitelist", allowedDemuxers.joined(separator: ",")]

    /// `-i file` for ffmpeg, with the hardening and this demuxer forced.
    package func inputArguments(_ file: URL) -> [String] {
        Self.hardening + ["-f", demuxer, "-i", file.path]
    }

    /// The demuxer ffmpeg refused in `stderr` ("[hls @ 0x…] Format not on whitelist …"), when it did.
    package static func refusedDemuxer(in stderr: String) -> String? {
        guard let line = stderr.split(separator: "\n").first(where: { $0.contains("Format not on whitelist") }) else { return nil }
        guard line.hasPrefix("["), let end = line.firstIndex(of: " ") else { return "" }
        return String(line[line.index(after: line.startIndex)..<end])
    }
}
