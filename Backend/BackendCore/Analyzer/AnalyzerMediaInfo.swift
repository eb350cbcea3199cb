import Foundation

/// What ffprobe says about a file in the media roots: seed 002's file fields.
package struct AnalyzerMediaInfo: Sendable, Equatable, Codable {
    /// Seed 002's `FileType`: `audio`, `video` or `unknown`.
    package var type: String
    package var durationSeconds: Double?
    package var sampleRate: Int?
    package var bitDepth: Int?
    package var channels: Int?
    /// The first audio stream's codec; `nil` when there is none.
    package var audioCodec: String?
    /// Why it cannot be analysed, when it cannot (no audio stream, unreadable, too short).
    package var problem: String?

    package static let unknown = AnalyzerMediaInfo(type: "unknown", problem: "not a readable audio or video file")

    package init(
        type: String, durationSeconds: Double? = nil, sampleRate: Int? = nil, bitDepth: Int? = nil, channels: Int? = nil,
        audioCodec: String? = nil, problem: String? = nil
    ) {
        self.type = type
        self.durationSeconds = durationSeconds
        self.sampleRate = sampleRate
        self.bitDepth = bitDepth
        self.channels = channels
        self.audioCodec = audioCodec
        self.problem = problem
    }

    /// Extensions listed as media before probing (others are `unknown` and not probed while listing).
    package static let audioExtensions: Set<String> = ["wav", "wave", "bwf", "rf64", "aif", "aiff", "flac", "mp3", "m4a", "aac", "ogg", "oga", "opus", "wma", "ac3", "eac3", "w64", "caf"]
    package static let videoExtensions: Set<String> = ["mov", "mp4", "m4v", "mxf", "mkv", "webm", "avi", "mts", "m2ts", "ts", "mpg", "mpeg", "wmv", "3gp", "dv"]

    /// `audio`, `video` or `unknown` by extension.
    package static func typeByExtension(_ name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        return audioExtensions.contains(ext) ? "audio" : videoExtensions.contains(ext) ? "video" : "unknown"
    }

    /// Parses ffprobe's `-show_format -show_streams` JSON. Pure, so it is tested on fixtures.
    package static func parse(ffprobeJSON data: Data, minDurationSeconds: Double) -> AnalyzerMediaInfo {
        struct Output: Decodable {
            struct Stream: Decodable {
                var codec_type: String?
                var codec_name: String?
                var sample_rate: String?
                var channels: Int?
                var bits_per_sample: Int?
                var bits_per_raw_sample: String?
                var sample_fmt: String?
                var duration: String?
                var disposition: [String: Int]?
            }
            struct Format: Decodable { var duration: String? }
            var streams: [Stream]?
            var format: Format?
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: data), let streams = output.streams, !streams.isEmpty else {
            return .unknown
        }
        let video = streams.first { $0.codec_type == "video" && ($0.disposition?["attached_pic"] ?? 0) == 0 }
        let audio = streams.first { $0.codec_type == "audio" }
        let duration = Double(output.format?.duration ?? "") ?? Double(audio?.duration ?? video?.duration ?? "")
        var info = AnalyzerMediaInfo(type: video != nil ? "video" : audio != nil ? "audio" : "unknown", durationSeconds: duration)
        guard let audio else {
            info.problem = "the file has no audio stream"
            return info
        }
        info.audioCodec = audio.codec_name
        info.sampleRate = Int(audio.sample_rate ?? "")
        info.channels = audio.channels
        info.bitDepth = [audio.bits_per_sample, Int(audio.bits_per_raw_sample ?? "")].compactMap { $0 }.first { $0 > 0 }
            ?? bitDepth(sampleFormat: audio.sample_fmt)
        if let duration, duration < minDurationSeconds {
            info.problem = "the audio is \(String(format: "%.2f", duration)) s long; at least \(Int(minDurationSeconds)) s is needed"
        } else if duration == nil {
            info.problem = "the file has no duration"
        }
        return info
    }

    /// Bits of a decoded sample format (`s16`, `s32p`, `fltp`…), for codecs that do not state a depth.
    static func bitDepth(sampleFormat: String?) -> Int? {
        guard let format = sampleFormat?.replacingOccurrences(of: "p", with: "") else { return nil }
        return ["u8": 8, "s16": 16, "s32": 32, "flt": 32, "dbl": 64, "s64": 64][format]
    }
}
