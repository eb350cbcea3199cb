import Foundation

/// Reads a media file's streams with ffprobe and decides whether it is a video HLS can be made from.
public struct MediaProbe: Sendable {
    let ffprobe: String
    let runner: MediaToolRunner

    public init(ffprobe: String = "ffprobe", runner: MediaToolRunner = MediaToolRunner()) {
        self.ffprobe = ffprobe
        self.runner = runner
    }

    /// Why a file is not a usable video, in words for the uploader.
    public struct NotAVideo: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Probes `file`. Throws `NotAVideo` when ffprobe cannot read it or finds no video stream, and
    /// `MediaToolError.launchFailed` when ffprobe is missing.
    public func probe(_ file: URL) async throws -> VideoMetadata {
        let output: MediaToolRunner.Output
        do {
            output = try await runner.run(
                ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", file.path])
        } catch MediaToolError.failed(_, _, let stderr) {
            let detail = stderr.split(separator: "\n").last.map { String($0).replacingOccurrences(of: file.path, with: "input") }
            throw NotAVideo(reason: "not a readable media file" + (detail.map { " (\($0))" } ?? ""))
        }
        return try Self.metadata(fromJSON: output.stdout)
    }

    /// Parses ffprobe's `-show_format -show_streams` JSON. Pure, so it is tested on fixtures.
    public static func metadata(fromJSON data: Data) throws -> VideoMetadata {
        guard let root = try? JSONDecoder().decode(ProbeOutput.self, from: data) else {
            throw NotAVideo(reason: "not a readable media file (ffprobe gave no stream information)")
        }
        let streams = root.streams ?? []
        // Cover art in audio files is a one-frame "video" stream marked attached_pic: not a video.
        guard
            let video = streams.first(where: {
                $0.codecType == "video" && ($0.disposition?["attached_pic"] ?? 0) == 0
            })
        else {
            throw NotAVideo(reason: "the file has no video stream")
        }
        guard let width = video.width, let height = video.height, width > 0, height > 0 else {
            throw NotAVideo(reason: "the video stream has no picture size")
        }
        let duration = Double(root.format?.duration ?? "") ?? Double(video.duration ?? "") ?? 0
        guard duration > 0 else { throw NotAVideo(reason: "the video has no duration (a still image or an empty stream)") }
        let audio = streams.first { $0.codecType == "audio" }
        return VideoMetadata(
            durationSeconds: duration, width: width, height: height,
            frameRate: Self.rate(video.avgFrameRate) ?? Self.rate(video.rFrameRate) ?? 30,
            videoCodec: video.codecName ?? "unknown", audioCodec: audio?.codecName, pixelFormat: video.pixFmt,
            videoProfile: video.profile, videoLevel: video.level, formatName: root.format?.formatName ?? "unknown")
    }

    /// `30000/1001` → 29.97; `nil` for `0/0` or nonsense.
    static func rate(_ text: String?) -> Double? {
        guard let text else { return nil }
        let parts = text.split(separator: "/")
        guard let numerator = Double(parts.first ?? "") else { return nil }
        let denominator = parts.count > 1 ? Double(parts[1]) ?? 0 : 1
        guard denominator > 0 else { return nil }
        let value = numerator / denominator
        return value > 0 && value <= 240 ? value : nil
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
