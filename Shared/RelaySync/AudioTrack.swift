/// Mono audio for analysis: Float32 samples (nominally −1…1) at `sampleRate` Hz.
///
/// Tracks of any rate can be mixed in one analysis (44.1 and 48 kHz cameras, say): the engine
/// converts each to ``SyncConfiguration/analysisRate`` with a zero-phase resampler first.
/// ``AudioDecoder`` produces tracks straight at the analysis rate, which skips that step.
package struct AudioTrack: Sendable, Equatable {
    /// The samples, first sample at time 0 of the recording.
    package let samples: [Float]
    /// Samples per second.
    package let sampleRate: Int

    package init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Length in seconds.
    package var durationSeconds: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }
}
