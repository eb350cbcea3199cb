/// A track converted for analysis: at the analysis rate (fine stage) and the coarse rate.
struct PreparedTrack: Sendable {
    let analysis: [Float]
    let coarse: [Float]
    /// Duration (s).
    let duration: Double

    init(_ track: AudioTrack, configuration: SyncConfiguration) {
        analysis = Resampler.resample(track.samples, from: track.sampleRate, to: configuration.analysisRate)
        coarse = Resampler.resample(analysis, from: configuration.analysisRate, to: configuration.coarseRate)
        duration = Double(analysis.count) / Double(configuration.analysisRate)
    }
}
