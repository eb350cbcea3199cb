import Foundation
import RelayIO

/// Reads a media file's streams with ffprobe and decides whether it is a video HLS can be made from.
///
/// ffprobe reads only through the `file` protocol and only with the allowed demuxers (`MediaContainer`),
/// so probing a playlist disguised as a video never opens the files it names; it runs under the
/// limits' minimum timeout, and what it reports is checked against `MediaLimits` before anyone decodes.
package struct MediaProbe: Sendable {
    let ffprobe: String
    let limits: MediaLimits
    let runner: MediaToolRunner

    package init(ffprobe: String = "ffprobe", limits: MediaLimits = MediaLimits(), runner: MediaToolRunner = MediaToolRunner()) {
        self.ffprobe = ffprobe
        self.limits = limits
        self.runner = runner
    }

    /// Why a file is not a usable video, in words for the uploader.
    package struct NotAVideo: Error, Sendable, CustomStringConvertible, ClientFacingError {
        package let reason: String
        package var description: String { reason }
        package var clientReason: String { reason }
    }

    /// Probes `file`. Throws `NotAVideo` when ffprobe cannot read it or finds no video stream,
    /// `MediaRefusal` when its container is not allowed or it exceeds a limit, and `MediaToolError` when
    /// ffprobe is missing or runs out of time.
    package func probe(_ file: URL) async throws -> VideoMetadata {
        try Self.metadata(try await probeMedia(file))
    }

    /// Every stream ffprobe finds (audio-only files included), within the limits. Throws `NotAVideo` when
    /// ffprobe cannot read the file at all and `MediaRefusal` as `probe` does.
    package func probeMedia(_ file: URL) async throws -> ProbedMedia {
        let output: MediaToolRunner.Output
        do {
            output = try await runner.run(
                ffprobe,
                ["-v", "error"] + MediaContainer.hardening + ["-print_format", "json", "-show_format", "-show_streams", "--", file.path],
                timeout: limits.toolTimeout(inputSeconds: 0))
        } catch MediaToolError.failed(_, _, let stderr) {
            if let demuxer = MediaContainer.refusedDemuxer(in: stderr) {
                let name = demuxer.isEmpty ? "" : MediaRefusal.printable(demuxer) + " "
                throw MediaRefusal(reason: "the container format \(name)is not accepted (playlists, image sequences and devices never are)")
            }
            let detail = stderr.split(separator: "\n").last.map { String($0).replacingOccurrences(of: file.path, with: "input") }
            throw NotAVideo(reason: "not a readable media file" + (detail.map { " (\($0))" } ?? ""))
        }
        let media = try Self.media(fromJSON: output.stdout)
        try limits.check(media)
        return media
    }

    /// Parses ffprobe's `-show_format -show_streams` JSON and requires a video stream. Pure, so it is
    /// tested on fixtures.
    package static func metadata(fromJSON data: Data) throws -> VideoMetadata {
        try metadata(try media(fromJSON: data))
    }

    static func metadata(_ media: ProbedMedia) throws -> VideoMetadata {
        guard let video = media.video else { throw NotAVideo(reason: "the file has no video stream") }
        guard media.durationSeconds > 0 else { throw NotAVideo(reason: "the video has no duration (a still image or an empty stream)") }
        return VideoMetadata(
            durationSeconds: media.durationSeconds, width: video.width, height: video.height,
            frameRate: video.averageFrameRate ?? video.nominalFrameRate ?? 30, videoCodec: video.codec, audioCodec: media.audioCodec,
            pixelFormat: video.pixelFormat, videoProfile: video.profile, videoLevel: video.level, formatName: media.formatName)
    }

    /// The streams of ffprobe's JSON. Cover art in audio files (a one-frame `attached_pic` stream) does not
    /// count as video.
    package static func media(fromJSON data: Data) throws -> ProbedMedia {
        guard let root = try? JSONDecoder().decode(ProbeOutput.self, from: data) else {
            throw NotAVideo(reason: "not a readable media file (ffprobe gave no stream information)")
        }
        let streams = root.streams ?? []
        guard !streams.isEmpty else { throw NotAVideo(reason: "the file has no audio or video stream") }
        let videoStream = streams.first { $0.codecType == "video" && ($0.disposition?["attached_pic"] ?? 0) == 0 }
        let audio = streams.first { $0.codecType == "audio" }
        var video: ProbedMedia.Video?
        if let stream = videoStream {
            guard let width = stream.width, let height = stream.height, width > 0, height > 0 else {
                throw NotAVideo(reason: "the video stream has no picture size")
            }
            video = ProbedMedia.Video(
                codec: stream.codecName ?? "unknown", width: width, height: height, pixelFormat: stream.pixFmt, profile: stream.profile,
                level: stream.level, averageFrameRate: rate(stream.avgFrameRate, upTo: .infinity), nominalFrameRate: rate(stream.rFrameRate))
        }
        let duration = Double(root.format?.duration ?? "") ?? Double(videoStream?.duration ?? audio?.duration ?? "") ?? 0
        return ProbedMedia(
            durationSeconds: duration, video: video, audioCodec: audio?.codecName, formatName: root.format?.formatName ?? "unknown",
            streamCount: streams.count)
    }

    /// `30000/1001` → 29.97; `nil` for `0/0`, nonsense or more than `limit` (a base rate above 240 is a
    /// timebase, not a frame rate; an average rate is kept whatever it is, for `MediaLimits` to judge).
    static func rate(_ text: String?, upTo limit: Double = 240) -> Double? {
        guard let text else { return nil }
        let parts = text.split(separator: "/")
        guard let numerator = Double(parts.first ?? "") else { return nil }
        let denominator = parts.count > 1 ? Double(parts[1]) ?? 0 : 1
        guard denominator > 0 else { return nil }
        let value = numerator / denominator
        return value > 0 && value <= limit && value.isFinite ? value : nil
    }

    struct ProbeOutput: Decodable {
        var streams: [Stream]?
        var format: Format?

        struct Stream: Decodable {
            var codecType: String?
            var codecName: String?
            var profile: String?
            var level: Int?
            var width: Int?
            var height: Int?
            var pixFmt: String?
            var avgFrameRate: String?
            var rFrameRate: String?
            var duration: String?
            var disposition: [String: Int]?

            enum CodingKeys: String, CodingKey {
                case codecType = "codec_type", codecName = "codec_name", profile, level, width, height, pixFmt = "pix_fmt"
                case avgFrameRate = "avg_frame_rate", rFrameRate = "r_frame_rate", duration, disposition
            }
        }

        struct Format: Decodable {
            var duration: String?
            var formatName: String?

            enum CodingKeys: String, CodingKey {
                case duration, formatName = "format_name"
            }
        }
    }
}
