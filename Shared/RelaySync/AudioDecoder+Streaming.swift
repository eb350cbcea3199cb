import Foundation
import Synchronization

extension AudioDecoder {
    /// Decodes `url` for analysis in bounded memory: a recording longer than `streamAboveSeconds` is
    /// decoded in one streaming pass into a file in `scratch` (unlinked at once: nothing is left behind),
    /// with its `coarseRate` copy made on the way, and the engine reads it a window at a time. Shorter ones
    /// come back in memory, exactly as ``decode(_:)`` gives them.
    ///
    /// Uncompressed WAV is judged by its header and read by the built-in reader; everything else goes
    /// through ffmpeg, whose output is taken a chunk at a time. Errors as ``decode(_:)``, plus
    /// ``AudioDecodingError/scratchUnavailable(directory:reason:)``.
    package func decodeForAnalysis(_ url: URL, scratch: URL, streamAboveSeconds: Double = 600, coarseRate: Int = 2000) throws -> AudioTrack {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw AudioDecodingError.fileNotFound(path: path) }
        let limit = Int(max(0, streamAboveSeconds) * Double(sampleRate))
        do {
            let seconds = try WAVReader.duration(path: path)
            guard seconds > streamAboveSeconds else { return try WAVReader.decode(path: path, outputRate: sampleRate) }
            let builder = try StreamingTrackBuilder(rate: sampleRate, coarseRate: coarseRate, scratch: scratch)
            try WAVReader.stream(path: path, outputRate: sampleRate) { builder.append(samples: $0) }
            return try builder.finish(inMemoryUpTo: limit)
        } catch AudioDecodingError.unsupportedWAV {
            return try streamWithFFmpeg(url, scratch: scratch, inMemoryUpTo: limit, coarseRate: coarseRate)
        }
    }

    /// ffmpeg's output taken a chunk at a time into a ``StreamingTrackBuilder``.
    private func streamWithFFmpeg(_ url: URL, scratch: URL, inMemoryUpTo limit: Int, coarseRate: Int) throws -> AudioTrack {
        let path = url.path
        let builder = Mutex(try StreamingTrackBuilder(rate: sampleRate, coarseRate: coarseRate, scratch: scratch))
        _ = try runFFmpeg(path: path) { data in builder.withLock { $0.append(bytes: data) } }
        let track = try builder.withLock { try $0.finish(inMemoryUpTo: limit) }
        guard track.sampleCount > 0 else { throw AudioDecodingError.emptyAudioTrack(path: path) }
        return track
    }
}
