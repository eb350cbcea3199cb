import RelayAPI

/// Why a backend call failed, in terms the agent acts on: unreachable (retry later), an HTTP error with
/// the server's envelope (401 → refresh, 429 → wait `retryAfter`, 4xx → give up on this item), or an
/// answer that could not be read.
public enum RelayClientError: Error, Sendable, CustomStringConvertible {
    case unreachable(path: String, underlying: String)
    case http(status: Int, envelope: ErrorEnvelope?, retryAfter: Int?)
    case badResponse(path: String, reason: String)

    /// The server's error code (`ENROLLMENT_KEY_INVALID`, …) when there is one.
    public var code: String? {
        if case .http(_, let envelope?, _) = self { return envelope.error.code }
        return nil
    }

    public var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .unreachable(let path, let underlying): "backend unreachable (\(path)): \(underlying)"
        case .http(let status, let envelope?, _): "\(status) \(envelope.error.code): \(envelope.error.message) (request \(envelope.requestId))"
        case .http(let status, nil, _): "HTTP \(status) without an error body"
        case .badResponse(let path, let reason): "unreadable answer from \(path): \(reason)"
        }
    }
}
