import AgentCore
import Foundation
import RelayClient

/// The backend refused the device's proof for its time (`DEVICE_PROOF_STALE`: `signed_at` outside its
/// window; `DEVICE_PROOF_REPLAYED`: not newer than the last proof it took) even when signed by the
/// server's own clock. That is this machine's clock (no RTC, NTP not yet synced), not a revoked device:
/// the refresh is tried again in `retryIn`, and `status` says "clock skew".
package struct ClockSkewError: WrappingError, CustomStringConvertible {
    /// The backend's answer.
    package let refusal: RelayClientError
    /// This machine's clock minus the server's, when the server's is known.
    package let skew: TimeInterval?
    /// When the refresh is tried again.
    package let retryIn: TimeInterval

    package var description: String {
        let by = skew.map { String(format: " (this machine's clock is %+.0f s from the server's)", $0) } ?? ""
        return "clock skew\(by): the backend did not take the device's proof (\(refusal)); retrying in \(Int(retryIn)) s. Check NTP (`timedatectl`)."
    }

    package var underlying: (any Error)? { refusal }
}
