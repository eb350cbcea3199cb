import Foundation

/// ffmpeg command lines for HLS output. Pure, so the flags are tested without running ffmpeg.
package enum HLSCommands {
    static let common = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats"]

    /// Stream copy of the first video and audio stream into MPEG-TS segments `src_00000.ts…` and
    /// `src.m3u8` in `folder`: seconds of work, playable at once. `input` is read as `container` only.
    package static func remux(input: URL, container: MediaContainer, folder: URL, segmentSeconds: Int) -> [String] {
        common + container.inputArguments(input) + ["-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-sn", "-dn"]
            + hlsOutput(rendition: HLSNames.sourceRendition, folder: folder, segmentSeconds: segmentSeconds)
    }

    /// One decode, one scaled H.264/AAC encode per rung, each into its own media playlist. Constant
    /// frame rate (variable-frame-rate input is converted), closed GOPs with a keyframe forced every
    /// `segmentSeconds`, so segments of every rung start on the same instants. `growing` writes event
    /// playlists that ffmpeg rewrites (atomically) after each finished segment, for publishing while it runs.
    /// `readRate` paces the input at that many times real time (`-readrate`).
    package static func ladder(
        input: URL, container: MediaContainer, folder: URL, metadata: VideoMetadata, rungs: [HLSRung], segmentSeconds: Int,
        preset: String, growing: Bool = false, readRate: Double? = nil
    ) -> [String] {
        let rate = frameRate(metadata.frameRate)
        let gop = max(1, Int((metadata.frameRate * Double(segmentSeconds)).rounded()))
        let landscape = metadata.width >= metadata.height
        let labels = rungs.indices.map { "[v\($0)]" }
        var graph = "[0:v:0]fps=\(rate),split=\(rungs.count)" + rungs.indices.map { "[s\($0)]" }.joined()
        for (index, rung) in rungs.enumerated() {
            let scale = landscape ? "scale=-2:\(rung.shortSide)" : "scale=\(rung.shortSide):-2"
            graph += ";[s\(index)]\(scale):flags=bicubic,format=yuv420p\(labels[index])"
        }
        let pace = readRate.map { ["-readrate", String(format: "%.3f", $0)] } ?? []
        var arguments = common + pace + container.inputArguments(input) + ["-filter_complex", graph]
        for (index, rung) in rungs.enumerated() {
            arguments += [
                "-map", labels[index], "-map", "0:a:0?",
                "-c:v", "libx264", "-preset", preset, "-profile:v", "high",
                "-b:v", "\(rung.videoKbps)k", "-maxrate", "\(rung.videoKbps * 107 / 100)k", "-bufsize", "\(rung.videoKbps * 3 / 2)k",
                "-g", "\(gop)", "-keyint_min", "\(gop)", "-sc_threshold", "0", "-flags", "+cgop",
                "-force_key_frames", "expr:gte(t,n_forced*\(segmentSeconds))",
                "-c:a", "aac", "-b:a", "\(rung.audioKbps)k", "-ac", "2", "-ar", "48000",
                "-sn", "-dn",
            ]
            arguments += hlsOutput(rendition: rung.name, folder: folder, segmentSeconds: segmentSeconds, growing: growing)
        }
        return arguments
    }

    /// HLS muxer options. `growing`: an EVENT playlist, and segments and playlist written to `.tmp` and
    /// renamed when whole (`temp_file`), so whatever the playlist lists is complete on disk.
    static func hlsOutput(rendition: String, folder: URL, segmentSeconds: Int, growing: Bool = false) -> [String] {
        [
            "-f", "hls", "-hls_time", "\(segmentSeconds)", "-hls_playlist_type", growing ? "event" : "vod", "-hls_list_size", "0",
            "-hls_flags", growing ? "independent_segments+temp_file" : "independent_segments",
            "-hls_segment_filename", folder.appendingPathComponent("\(rendition)_%05d.ts").path,
            folder.appendingPathComponent("\(rendition).m3u8").path,
        ]
    }

    /// ffmpeg's rational for common NTSC rates (29.97 → 30000/1001), else the rate to 3 decimals.
    static func frameRate(_ fps: Double) -> String {
        for base in [24.0, 30.0, 60.0] where abs(fps - base * 1000 / 1001) < 0.005 {
            return "\(Int(base * 1000))/1001"
        }
        let clamped = min(max(fps, 1), 120)
        return clamped == clamped.rounded() ? "\(Int(clamped))" : String(format: "%.3f", clamped)
    }

    /// Seconds of output so far from one `-progress` line (`out_time_us=…`), or nil.
    package static func progressSeconds(_ line: Substring) -> Double? {
        for prefix in ["out_time_us=", "out_time_ms="] where line.hasPrefix(prefix) {
            // Both keys carry microseconds (out_time_ms is misnamed in ffmpeg).
            guard let micros = Double(line.dropFirst(prefix.count)), micros >= 0 else { return nil }
            return micros / 1_000_000
        }
        return nil
    }
}
