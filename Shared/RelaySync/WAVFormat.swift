/// The parts of a RIFF/WAVE (or RF64/BW64) header the reader needs.
struct WAVFormat: Equatable, Sendable {
    enum Encoding: Equatable, Sendable { case unsignedInt8, signedInt16, signedInt24, signedInt32, float32, float64 }

    var encoding: Encoding
    var channels: Int
    var sampleRate: Int
    /// Bytes per frame (all channels).
    var blockAlign: Int
    /// File offset of the first sample byte.
    var dataOffset: UInt64
    /// Length of the sample data in bytes (clamped to the file).
    var dataLength: UInt64

    var frameCount: Int { Int(dataLength / UInt64(blockAlign)) }
}
