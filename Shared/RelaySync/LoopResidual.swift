/// One consistency loop: master → `first`, `first` → `second` (measured directly), master →
/// `second`. `residualMs` = direct offset − (offset[second] − offset[first]), evaluated at a common
/// instant with each pair's drift line; it is ≈ 0 when all three measurements agree.
package struct LoopResidual: Sendable, Codable, Equatable {
    package var first: String
    package var second: String
    /// Directly measured offset of `second` relative to `first` (ms, at their overlap start).
    package var directOffsetMs: Double
    package var residualMs: Double
    /// Classification of the direct `first`–`second` measurement; loops whose direct measurement
    /// is `no-match` are not used to judge cameras.
    package var directClassification: String

    package init(first: String, second: String, directOffsetMs: Double, residualMs: Double, directClassification: String) {
        self.first = first
        self.second = second
        self.directOffsetMs = directOffsetMs
        self.residualMs = residualMs
        self.directClassification = directClassification
    }
}
