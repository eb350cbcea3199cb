import AgentCore
import RelayClient

/// The backend refuses this device's refresh (revoked or deleted): uploads pause until an admin restores
/// it or the agent is enrolled again.
public struct DeviceRefusedError: WrappingError, CustomStringConvertible {
    /// The backend's answer (401 or 403).
    public let refusal: RelayClientError

    public var description: String {
        "the backend refuses this device (\(refusal)); uploads are paused. Re-enroll with `relay-agent enroll --force` if it was revoked."
    }

    public var underlying: (any Error)? { refusal }
}
