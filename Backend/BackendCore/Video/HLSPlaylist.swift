import Foundation

/// Reading, checking and writing HLS playlists (RFC 8216). Pure functions: the HTTP layer only ever
/// serves playlists that went through here, so no storage path reaches a client.
package enum HLSPlaylist {
    /// One media segment of a media playlist.
    package struct Segment: Sendable, Equatable {
        package var name: String
        package var duration: Double

        package init(name: String, duration: Double) {
            self.name = name
            self.duration = duration
        }
    }

    /// A media playlist as ffmpeg wrote it, with URIs rewritten to `segment/{name}`.
    package struct Media: Sendable, Equatable {
        package var text: String
        package var segments: [Segment]
        /// Whether it ends with `#EXT-X-ENDLIST` (an event playlist still growing does not).
        package var isComplete: Bool = true
        package var duration: Double { segments.reduce(0) { $0 + $1.duration } }
    }

    /// Why a playlist was refused.
    package struct Invalid: Error, Sendable, CustomStringConvertible, ClientFacingError {
        package let reason: String
        package var description: String { "invalid HLS playlist: \(reason)" }
        package var clientReason: String { "packaging produced an unusable playlist (\(reason))" }
    }

    /// Checks a finished VOD media playlist and rewrites each segment URI to `segment/{name}`, where
    /// `name` is the URI's last path component and must be a valid segment id (`HLSNames`). With
    /// `growing`, an EVENT playlist without `#EXT-X-ENDLIST` (still being written) is taken too.
    package static func rewriteMedia(_ text: String, growing: Bool = false) throws -> Media {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.first == "#EXTM3U" else { throw Invalid(reason: "does not start with #EXTM3U") }
        let complete = lines.contains("#EXT-X-ENDLIST")
        if !complete {
            guard growing else { throw Invalid(reason: "has no #EXT-X-ENDLIST (incomplete)") }
            guard lines.contains("#EXT-X-PLAYLIST-TYPE:EVENT") else { throw Invalid(reason: "an open playlist that is not of type EVENT") }
        }
        var output: [String] = []
        var segments: [Segment] = []
        var pendingDuration: Double?
        for line in lines {
            if line.hasPrefix("#EXT-X-MAP") || line.hasPrefix("#EXT-X-KEY") {
                throw Invalid(reason: "\(line.prefix(12)) is not supported")
            }
            if line.hasPrefix("#EXTINF:") {
                let value = line.dropFirst("#EXTINF:".count).split(separator: ",", maxSplits: 1).first ?? ""
                guard let duration = Double(value), duration >= 0 else { throw Invalid(reason: "bad EXTINF \(line)") }
                pendingDuration = duration
                output.append(line)
            } else if line.hasPrefix("#") || line.isEmpty {
                output.append(line)
            } else {
                guard let duration = pendingDuration else { throw Invalid(reason: "segment URI without EXTINF") }
                let name = String(line.split(separator: "/").last ?? "")
                guard HLSNames.isSegment(name) else { throw Invalid(reason: "unexpected segment name") }
                segments.append(Segment(name: name, duration: duration))
                output.append("segment/" + name)
                pendingDuration = nil
            }
        }
        guard !segments.isEmpty else { throw Invalid(reason: "has no segments") }
        return Media(text: output.joined(separator: "\n") + "\n", segments: segments, isComplete: complete)
    }

    /// One entry of a master playlist.
    package struct Variant: Sendable, Equatable {
        /// Rendition name; its playlist is `{name}.m3u8` beside the master.
        package var name: String
        /// Peak segment bit rate, bits/s (RFC 8216 §4.3.4.2).
        package var bandwidth: Int
        package var averageBandwidth: Int
        package var width: Int
        package var height: Int
        /// RFC 6381 codecs, e.g. `avc1.64001f,mp4a.40.2`; omitted when unknown.
        package var codecs: String?
        package var frameRate: Double?

        package init(
            name: String, bandwidth: Int, averageBandwidth: Int, width: Int, height: Int, codecs: String?, frameRate: Double?
        ) {
            self.name = name
            self.bandwidth = bandwidth
            self.averageBandwidth = averageBandwidth
            self.width = width
            self.height = height
            self.codecs = codecs
            self.frameRate = frameRate
        }

        /// Peak and average bit rate of a rendition from its segments' durations and sizes in bytes.
        package static func bitRates(segments: [Segment], sizes: [Int64]) -> (peak: Int, average: Int) {
            var peak = 0.0
            var totalBits = 0.0
            var totalDuration = 0.0
            for (segment, size) in zip(segments, sizes) {
                let bits = Double(size) * 8
                totalBits += bits
                totalDuration += segment.duration
                // Very short tail segments overstate the rate: measure them over at least one second.
                peak = max(peak, bits / max(segment.duration, 1))
            }
            let average = totalDuration > 0 ? totalBits / totalDuration : 0
            return (Int(peak.rounded(.up)), Int(average.rounded(.up)))
        }
    }

    /// A master playlist listing `variants` in the given order.
    package static func master(_ variants: [Variant]) -> String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
        for variant in variants {
            var attributes = [
                "BANDWIDTH=\(max(variant.bandwidth, 1))", "AVERAGE-BANDWIDTH=\(max(variant.averageBandwidth, 1))",
                "RESOLUTION=\(variant.width)x\(variant.height)",
            ]
            if let codecs = variant.codecs { attributes.append("CODECS=\"\(codecs)\"") }
            if let frameRate = variant.frameRate { attributes.append("FRAME-RATE=\(String(format: "%.3f", frameRate))") }
            lines.append("#EXT-X-STREAM-INF:" + attributes.joined(separator: ","))
            lines.append(variant.name + ".m3u8")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 6381 codec string of an H.264 stream from ffprobe's profile name and level (e.g. `High`, 40 →
    /// `avc1.640028`), plus AAC-LC when there is audio. `nil` when the profile is unknown.
    package static func codecs(h264Profile: String?, level: Int?, hasAudio: Bool) -> String? {
        guard let profile = h264Profile?.lowercased(), let level, level > 0 else { return nil }
        let (idc, constraints): (Int, Int) =
            switch profile {
            case "constrained baseline": (66, 0xC0)
            case "baseline": (66, 0x00)
            case "main": (77, 0x40)
            case "high": (100, 0x00)
            default: (0, 0)
            }
        guard idc > 0 else { return nil }
        let video = String(format: "avc1.%02x%02x%02x", idc, constraints, level)
        return hasAudio ? video + ",mp4a.40.2" : video
    }
}
