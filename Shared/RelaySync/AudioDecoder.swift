import Foundation
import RelayIO

/// Decodes any camera file's first audio stream to a mono Float32 ``AudioTrack`` at
/// ``sampleRate`` (default 8 kHz, the engine's analysis rate, so the engine need not resample).
///
/// - Uncompressed WAV (RIFF/RF64/BW64, PCM int 8/16/24/32, float 32/64, any channels) is read by
///   the built-in reader and resampled in-process — no ffmpeg, a fraction of the cost.
/// - Everything else (MP4/MOV/M4A/MXF/AAC/…) goes through
///   `ffmpeg -nostdin -v error -i FILE -map 0:a:0 -ac 1 -ar RATE -af asetnsamples=n=8192:p=0
///   -f f32le pipe:1`, run by RelayIO's `MediaToolRunner` (pipes drained on dedicated threads).
///
/// Errors: ``AudioDecodingError/noAudioTrack(path:)`` for media without an audio stream,
/// ``AudioDecodingError/unreadableFile(path:reason:)`` for files that are not (intact) media,
/// ``AudioDecodingError/fileNotFound(path:)``, ``AudioDecodingError/ffmpegNotFound(_:)``.
package struct AudioDecoder: Sendable {
    /// Output sample rate (Hz).
    package var sampleRate: Int
    /// ffmpeg executable: a path, or a name looked up on PATH.
    package var ffmpeg: String

    /// Decoded audio is collected whole (a 4-hour service is ~460 MB at 8 kHz); ffmpeg's messages are
    /// short with `-v error`, and `classify` reads them.
    static let runner = MediaToolRunner(stdoutLimit: .max, stderrTailBytes: 64 << 10)

    package init(sampleRate: Int = 8000, ffmpeg: String = "ffmpeg") {
        self.sampleRate = sampleRate
        self.ffmpeg = ffmpeg
    }

    /// Decodes `url`, choosing the WAV fast path when the file is an uncompressed WAV.
    package func decode(_ url: URL) throws -> AudioTrack {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw AudioDecodingError.fileNotFound(path: path) }
        do {
            return try WAVReader.decode(path: path, outputRate: sampleRate)
        } catch AudioDecodingError.unsupportedWAV {
            return try decodeWithFFmpeg(url)
        }
    }

    /// Decodes `url` through ffmpeg regardless of its format.
    package func decodeWithFFmpeg(_ url: URL) throws -> AudioTrack {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw AudioDecodingError.fileNotFound(path: path) }
        let bytes = try runFFmpeg(path: path)
        let count = bytes.count / 4
        guard count > 0 else { throw AudioDecodingError.emptyAudioTrack(path: path) }
        let samples = [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count {
                    buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            }
            initialised = count
        }
        return AudioTrack(samples: samples, sampleRate: sampleRate)
    }

    /// Runs ffmpeg on `path` to mono Float32 at ``sampleRate`` on stdout, handed to `onData` in chunks when
    /// given (the returned data is then empty), else collected and returned; its failures mapped to
    /// ``AudioDecodingError``.
    func runFFmpeg(path: String, onData: (@Sendable (Data) -> Void)? = nil) throws -> Data {
        guard let executable = ExecutableLookup.resolve(ffmpeg) else { throw AudioDecodingError.ffmpegNotFound(ffmpeg) }
        // `asetnsamples` only regroups the decoded audio into 8192-sample frames: ffmpeg otherwise
        // writes one ~700-byte chunk per AAC frame, and the pipe wake-ups cost ~25 % extra CPU.
        let arguments = ["-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1",
                         "-ar", String(sampleRate), "-af", "asetnsamples=n=8192:p=0", "-f", "f32le", "pipe:1"]
        do {
            if let onData { return try Self.runner.runBlocking(executable.path, arguments, onData: onData).stdout }
            return try Self.runner.runBlocking(executable.path, arguments).stdout
        } catch .launchFailed(_, let reason) {
            throw AudioDecodingError.ffmpegNotFound("\(executable.path): \(reason)")
        } catch .failed(_, let status, let message) {
            throw Self.classify(path: path, status: status, message: message)
        } catch {
            throw AudioDecodingError.ffmpegFailed(path: path, status: -1, message: "\(error)")
        }
    }

    /// Maps ffmpeg's exit and message to a specific error.
    static func classify(path: String, status: Int32, message: String) -> AudioDecodingError {
        let lower = message.lowercased()
        if lower.contains("matches no streams") || lower.contains("does not contain any stream")
            || lower.contains("output file #0 does not contain any stream") {
            return .noAudioTrack(path: path)
        }
        if lower.contains("no such file") { return .fileNotFound(path: path) }
        let unreadable = ["invalid data found", "moov atom not found", "could not find codec parameters",
                          "end of file", "permission denied", "invalid argument", "error opening input", "unknown format"]
        if unreadable.contains(where: lower.contains) {
            let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
            return .unreadableFile(path: path, reason: firstLine)
        }
        return .ffmpegFailed(path: path, status: status, message: message)
    }
}
