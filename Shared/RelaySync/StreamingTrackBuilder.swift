import Foundation

/// Collects a decoder's output for a long recording: the samples into a ``SampleFile`` and, as they
/// pass, the coarse-rate copy the engine's first stage needs into another (the streaming ``Resampler``
/// gives exactly what converting the whole track at once would). Takes raw little-endian Float32 bytes (ffmpeg's
/// output, in chunks that may split a sample) or samples. Not `Sendable`: one decoder feeds one builder.
final class StreamingTrackBuilder {
    let rate: Int
    let coarseRate: Int
    private let writer: SampleFileWriter
    private let coarseWriter: SampleFileWriter
    private let resampler: Resampler
    /// Coarse samples the resampler has just produced (written out after every chunk).
    private var coarse: [Float] = []
    /// Bytes of a sample split across chunks.
    private var pending: [UInt8] = []
    private var converted: [Float] = []
    /// The first write error (reported when the decoder asks for the track).
    private(set) var failure: (any Error)?

    init(rate: Int, coarseRate: Int, scratch: URL) throws {
        self.rate = rate
        self.coarseRate = coarseRate
        writer = try SampleFileWriter(directory: scratch)
        coarseWriter = try SampleFileWriter(directory: scratch)
        resampler = Resampler(inputRate: rate, outputRate: coarseRate)
    }

    /// Appends raw Float32 bytes.
    func append(bytes data: Data) {
        guard failure == nil else { return }
        pending.append(contentsOf: data)
        let whole = pending.count / 4
        guard whole > 0 else { return }
        converted.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes { raw in
            for i in 0..<whole {
                converted.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
            }
        }
        pending.removeFirst(whole * 4)
        converted.withUnsafeBufferPointer { append(samples: $0) }
    }

    /// Appends samples.
    func append(samples: UnsafeBufferPointer<Float>) {
        guard failure == nil else { return }
        do {
            try writer.append(samples)
            resampler.process(samples, into: &coarse)
            try coarse.withUnsafeBufferPointer { try coarseWriter.append($0) }
            coarse.removeAll(keepingCapacity: true)
        } catch {
            failure = error
        }
    }

    /// The track: in memory when it has at most `inMemoryUpTo` samples (read back whole, exactly the
    /// samples decoded), else streamed.
    func finish(inMemoryUpTo limit: Int) throws -> AudioTrack {
        if let failure { throw failure }
        resampler.finish(into: &coarse)
        try coarse.withUnsafeBufferPointer { try coarseWriter.append($0) }
        coarse = []
        let file = writer.finish(), coarseFile = coarseWriter.finish()
        guard file.count > limit else { return AudioTrack(samples: file.readAll(), sampleRate: rate) }
        return AudioTrack(streamed: StreamedAudio(file: file, coarse: coarseFile, coarseRate: coarseRate), sampleRate: rate)
    }
}
