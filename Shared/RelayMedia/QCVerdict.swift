/// A QC finding's status, as in seed 001's `qc` object: `"pass"`, `"warn"` or `"fail"`.
/// Ordered by severity, so `max` of several verdicts is the overall one.
package enum QCVerdict: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Good enough to publish.
    case pass
    /// Usable, but the operator should look (and may reshoot).
    case warn
    /// Reshoot.
    case fail

    private var severity: Int {
        switch self {
        case .pass: return 0
        case .warn: return 1
        case .fail: return 2
        }
    }

    /// `pass < warn < fail`.
    package static func < (lhs: QCVerdict, rhs: QCVerdict) -> Bool { lhs.severity < rhs.severity }
}
