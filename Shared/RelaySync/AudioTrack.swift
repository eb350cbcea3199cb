/// Mono audio for analysis: Float32 samples (nominally −1…1) at `sampleRate` Hz.
///
/// Tracks of any rate can be mixed in one analysis (44.1 and 48 kHz cameras, say): the engine
/// converts each to ``SyncConfiguration/analysisRate`` with a zero-phase resampler first.
/// ``AudioDecoder`` produces tracks straight at the analysis rate, which skips that step.
///
/// A long recording decoded for analysis keeps its samples in a file instead (``streamed``; `samples`
/// is then empty): the engine and the feature estimators read it a window or a chunk at a time.
package struct AudioTrack: Sendable, Equatable {
    /// The samples, first sample at time 0 of the recording; empty when ``streamed`` holds them.
    package let samples: [Float]
    /// Samples per second.
    package let sampleRate: Int
    /// The samples in a file, for a long recording; nil for one in memory.
    package let streamed: StreamedAudio?

    package init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
        streamed = nil
    }

    package init(streamed: StreamedAudio, sampleRate: Int) {
        samples = []
        self.sampleRate = sampleRate
        self.streamed = streamed
    }

    /// Number of samples, wherever they are.
    package var sampleCount: Int { streamed?.file.count ?? samples.count }

    /// Length in seconds.
    package var durationSeconds: Double { sampleRate > 0 ? Double(sampleCount) / Double(sampleRate) : 0 }

    /// The samples as a prepared track reads them.
    var source: SampleSource { streamed.map { .file($0.file) } ?? .memory(samples) }

    /// Every sample in memory (reads a streamed track whole: for the few paths that need it).
    package var materialized: [Float] { streamed?.file.readAll() ?? samples }
}
