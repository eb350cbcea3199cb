/// One consistency loop: master → `first`, `first` → `second` (measured directly), master →
/// `second`. `residualMs` = direct offset − (offset[second] − offset[first]), evaluated at a common
/// instant with each pair's drift line; it is ≈ 0 when all three measurements agree.
public struct LoopResidual: Sendable, Codable, Equatable {
    public var first: String
    public var second: String
    /// Directly measured offset of `second` relative to `first` (ms, at their overlap start).
    public var directOffsetMs: Double
    public var residualMs: Double
    /// Classification of the direct `first`–`second` measurement; loops whose direct measurement
    /// is `no-match` are not used to judge cameras.
    public var directClassification: String

    public init(first: String, second: String, directOffsetMs: Double, residualMs: Double, directClassification: String) {
        self.first = first
        self.second = second
        self.directOffsetMs = directOffsetMs
        self.residualMs = residualMs
        self.directClassification = directClassification
    }
}
