import Foundation

/// The one ffmpeg run that makes a camera's derivatives (pure, so the flags are tested without ffmpeg):
/// one decode, a constant frame rate (variable-rate sources are converted), then
/// - `proxy.mp4`: small H.264/AAC for review, `+faststart`;
/// - `mezzanine.mov`: intra-frame ProRes 4:2:2 10-bit with 24-bit PCM, for editing (ffmpeg's `prores`
///   encoder: measured 5.7× faster than `prores_ks` on 1080p here, same profiles);
/// - `audio.wav`: the first audio track as 16-bit PCM at its own rate and channels.
package enum IngestCommands {
    package static let proxyFile = "proxy.mp4"
    package static let mezzanineFile = "mezzanine.mov"
    package static let audioFile = "audio.wav"

    static let proresProfiles = ["proxy": "0", "lt": "1", "standard": "2", "hq": "3"]

    /// The arguments for `input`, read as `container` only.
    package static func derivatives(
        input: URL, container: MediaContainer, folder: URL, media: ProbedMedia, proxyHeight: Int, mezzanineProfile: String
    ) -> [String] {
        var arguments = HLSCommands.common + container.inputArguments(input)
        if let video = media.video {
            let rate = HLSCommands.frameRate(video.standardFrameRate)
            let gop = max(1, Int((video.standardFrameRate * 2).rounded()))
            let landscape = video.width >= video.height
            let short = min(proxyHeight, min(video.width, video.height))
            let even = short - short % 2
            let scale = landscape ? "scale=-2:\(even)" : "scale=\(even):-2"
            arguments += [
                "-filter_complex",
                "[0:v:0]fps=\(rate),split=2[p][m];[p]\(scale):flags=bicubic,format=yuv420p[proxy];[m]format=yuv422p10le[mezz]",
                "-map", "[proxy]", "-map", "0:a:0?", "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-profile:v", "high",
                "-g", "\(gop)", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart", "-sn", "-dn",
                folder.appendingPathComponent(proxyFile).path,
                "-map", "[mezz]", "-map", "0:a:0?", "-c:v", "prores", "-profile:v", proresProfiles[mezzanineProfile] ?? "1",
                "-c:a", "pcm_s24le", "-sn", "-dn",
                folder.appendingPathComponent(mezzanineFile).path,
            ]
        }
        if media.audioCodec != nil {
            arguments += ["-map", "0:a:0", "-vn", "-sn", "-dn", "-c:a", "pcm_s16le", folder.appendingPathComponent(audioFile).path]
        }
        return arguments
    }
}
