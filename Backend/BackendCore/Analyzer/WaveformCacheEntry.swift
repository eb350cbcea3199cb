import Foundation

/// One cached waveform in `analyzer_waveforms`: which file (path, size, mtime) at which width, where the
/// JSON is in the blob store, and for which org and analysis.
package struct WaveformCacheEntry: Sendable, Equatable {
    package var key: String
    package var orgId: UUID
    package var sourcePath: String
    package var sourceSize: Int64
    package var sourceModified: Double
    package var width: Int
    package var analysisId: String?
    package var bytes: Int
    package var generatedAt: Date

    package init(
        key: String, orgId: UUID, sourcePath: String, sourceSize: Int64, sourceModified: Double, width: Int, analysisId: String?, bytes: Int,
        generatedAt: Date
    ) {
        self.key = key
        self.orgId = orgId
        self.sourcePath = sourcePath
        self.sourceSize = sourceSize
        self.sourceModified = sourceModified
        self.width = width
        self.analysisId = analysisId
        self.bytes = bytes
        self.generatedAt = generatedAt
    }
}
