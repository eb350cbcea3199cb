import AgentCore
import RelayClient

/// The backend refuses this device's refresh (revoked or deleted): uploads pause until an admin restores
/// it or the agent is enrolled again.
package struct DeviceRefusedError: WrappingError, CustomStringConvertible {
    /// The backend's answer (401 or 403).
    package let refusal: RelayClientError

    package var description: String {
        "the backend refuses this device (\(refusal)); uploads are paused. Re-enroll with `relay-agent enroll --force` if it was revoked."
    }

    package var underlying: (any Error)? { refusal }
}
