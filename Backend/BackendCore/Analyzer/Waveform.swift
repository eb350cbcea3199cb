import Foundation

/// One file's waveform, seed 002's shape: `peaks` and `rms` per column (0…1 of full scale).
package struct Waveform: Sendable, Codable, Equatable {
    package var sourcePath: String
    package var sourceName: String
    package var duration: Double
    package var sampleRate: Int
    package var width: Int
    package var peaks: [Float]
    package var rms: [Float]
    package var generatedAt: Date

    enum CodingKeys: String, CodingKey {
        case sourcePath = "source_path", sourceName = "source_name", duration, sampleRate = "sample_rate", width, peaks, rms
        case generatedAt = "generated_at"
    }

    package init(sourcePath: String, duration: Double, sampleRate: Int, peaks: [Float], rms: [Float], generatedAt: Date) {
        self.sourcePath = sourcePath
        sourceName = (sourcePath as NSString).lastPathComponent
        self.duration = duration
        self.sampleRate = sampleRate
        width = peaks.count
        self.peaks = peaks
        self.rms = rms
        self.generatedAt = generatedAt
    }
}
