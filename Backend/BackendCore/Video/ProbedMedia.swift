/// Streams of a media file as ffprobe reports them.
public struct ProbedMedia: Sendable, Equatable {
    public struct Video: Sendable, Equatable {
        public var codec: String
        public var width: Int
        public var height: Int
        public var pixelFormat: String?
        public var profile: String?
        public var level: Int?
        /// `avg_frame_rate`: frames over duration.
        public var averageFrameRate: Double?
        /// `r_frame_rate`: the stream's base rate.
        public var nominalFrameRate: Double?

        /// Frame timing is variable when the average rate departs from the base rate by more than 1 %
        /// (phones and screen recorders drop or stretch frames).
        public var isVariableFrameRate: Bool {
            guard let average = averageFrameRate, let nominal = nominalFrameRate else { return false }
            return abs(average - nominal) / nominal > 0.01
        }

        /// The standard rate nearest the average (23.976 … 60), what a constant-rate output uses.
        public var standardFrameRate: Double {
            let rate = averageFrameRate ?? nominalFrameRate ?? 30
            let standards = [24000.0 / 1001, 24, 25, 30000.0 / 1001, 30, 48, 50, 60000.0 / 1001, 60]
            return standards.min { abs($0 - rate) < abs($1 - rate) } ?? 30
        }
    }

    public var durationSeconds: Double
    public var video: Video?
    public var audioCodec: String?
    public var formatName: String
}
