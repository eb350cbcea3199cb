import Foundation

/// Uploads that lie to ffmpeg, made by the real ffmpeg at test time (plus a byte patch where ffmpeg would
/// not write the lie itself), so no hostile media is committed.
package enum HostileMedia {
    /// Two frames of H.264 4:4:4 (not remuxable, so the ladder's `fps` filter runs) in MP4, the second
    /// stamped 10⁶ s after the first: a constant-rate output would be 30 million frames.
    package static func timestampGap(_ file: URL) async throws {
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=1:duration=2",
            "-vf", "setpts='if(eq(N,1),1000000/TB,PTS)'", "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-video_track_timescale", "1", file.path,
        ])
    }

    /// An HLS media playlist (text) naming `target` by its absolute path, to be uploaded as a video.
    package static func playlist(_ file: URL, pointingAt target: URL) throws {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.0,\n\(target.path)\n#EXT-X-ENDLIST\n"
        try Data(text.utf8).write(to: file)
    }

    /// An ffconcat list naming `target` by its absolute path, to be uploaded as a video.
    package static func concatList(_ file: URL, pointingAt target: URL) throws {
        try Data("ffconcat version 1.0\nfile '\(target.path)'\n".utf8).write(to: file)
    }

    /// A one-frame raw-video AVI whose headers (`avih` and the stream's `BITMAPINFOHEADER`) claim
    /// `width`×`height`. ffprobe reports the claim as long as ffmpeg's own sanity bound (about 268 MP)
    /// holds; larger claims it reports as no size at all.
    package static func pictureSizeClaim(_ file: URL, width: Int32, height: Int32) async throws {
        let honest = file.deletingLastPathComponent().appendingPathComponent("honest-\(UUID().uuidString.prefix(6)).avi")
        defer { try? FileManager.default.removeItem(at: honest) }
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=16x16:rate=1:duration=1",
            "-c:v", "rawvideo", "-pix_fmt", "gray", honest.path,
        ])
        var bytes = [UInt8](try Data(contentsOf: honest))
        func patch(_ offset: Int, _ value: Int32) {
            withUnsafeBytes(of: value.littleEndian) { for (index, byte) in $0.enumerated() { bytes[offset + index] = byte } }
        }
        func chunk(_ name: String) throws -> Int {
            let tag = Array(name.utf8)
            guard let start = (0..<(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == tag }) else {
                throw TestVideos.FFmpegFailed(description: "no \(name) chunk in the AVI ffmpeg wrote")
            }
            return start
        }
        // avih: tag, size, then dwMicroSecPerFrame … dwWidth at +32, dwHeight at +36 of the body.
        let avih = try chunk("avih") + 8
        patch(avih + 32, width)
        patch(avih + 36, height)
        // strf (video): BITMAPINFOHEADER biSize, biWidth, biHeight.
        let strf = try chunk("strf") + 8
        patch(strf + 4, width)
        patch(strf + 8, height)
        try Data(bytes).write(to: file)
    }

    /// Half a second of 64×64 H.264 at `fps` frames per second in MP4.
    package static func frameRate(_ file: URL, fps: Int) async throws {
        try await TestVideos.run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=\(fps):duration=0.5",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file.path,
        ])
    }

    /// Half a second of H.264 with `audioStreams` copies of a tone, in Matroska.
    package static func manyStreams(_ file: URL, audioStreams: Int) async throws {
        var arguments = [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10:duration=0.5",
            "-f", "lavfi", "-i", "sine=duration=0.5", "-map", "0:v",
        ]
        for _ in 0..<audioStreams { arguments += ["-map", "1:a"] }
        arguments += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", file.path]
        try await TestVideos.run("ffmpeg", arguments)
    }

    /// `jpeg` with its frame header (SOF0/SOF2) claiming `width`×`height`: a decompression bomb's header on
    /// a few hundred bytes of data.
    package static func jpegSizeClaim(_ jpeg: Data, width: UInt16, height: UInt16) throws -> Data {
        var bytes = [UInt8](jpeg)
        guard let sof = (2..<(bytes.count - 9)).first(where: { bytes[$0] == 0xFF && (bytes[$0 + 1] == 0xC0 || bytes[$0 + 1] == 0xC2) }) else {
            throw TestVideos.FFmpegFailed(description: "no SOF0/SOF2 marker in the JPEG")
        }
        // FF Cx, length (2), precision (1), height (2), width (2).
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        return Data(bytes)
    }

    /// A PNG signature and IHDR chunk claiming `width`×`height` (8-bit RGB), then IEND: no pixel data.
    package static func pngSizeClaim(width: UInt32, height: UInt32) -> Data {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IEND", []))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }

    /// CRC-32 (ISO-HDLC, as PNG uses), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
