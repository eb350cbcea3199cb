/// A track converted for analysis: at the analysis rate (fine stage) and the coarse rate.
struct PreparedTrack: Sendable {
    let analysis: SampleSource
    let coarse: SampleSource
    /// Duration (s).
    let duration: Double

    init(_ track: AudioTrack, configuration: SyncConfiguration) {
        if let streamed = track.streamed, track.sampleRate == configuration.analysisRate, streamed.coarseRate == configuration.coarseRate {
            analysis = .file(streamed.file)
            coarse = .file(streamed.coarse)
            duration = Double(streamed.file.count) / Double(configuration.analysisRate)
            return
        }
        let samples = Resampler.resample(track.materialized, from: track.sampleRate, to: configuration.analysisRate)
        analysis = .memory(samples)
        coarse = .memory(Resampler.resample(samples, from: configuration.analysisRate, to: configuration.coarseRate))
        duration = Double(samples.count) / Double(configuration.analysisRate)
    }

    /// Read from a file: long, so the coarse stage correlates in blocks rather than in one transform.
    var isStreamed: Bool {
        if case .file = analysis { return true }
        return false
    }
}
