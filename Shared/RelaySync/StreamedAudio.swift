/// A long recording decoded in a streaming pass (``AudioDecoder/decodeForAnalysis(_:scratch:streamAboveSeconds:coarseRate:)``):
/// the samples at the track's rate and the coarse-rate copy the engine's first stage needs (made while
/// decoding), each in a ``SampleFile``, so memory does not grow with the recording's length.
package struct StreamedAudio: Sendable, Equatable {
    package let file: SampleFile
    package let coarse: SampleFile
    package let coarseRate: Int

    package init(file: SampleFile, coarse: SampleFile, coarseRate: Int) {
        self.file = file
        self.coarse = coarse
        self.coarseRate = coarseRate
    }
}
