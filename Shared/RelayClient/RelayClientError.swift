import RelayAPI

/// Why a backend call failed, in terms the agent acts on: unreachable (retry later), an HTTP error with
/// the server's envelope (401 → refresh, 429 → wait `retryAfter`, 4xx → give up on this item), or an
/// answer that could not be read. The first and last keep the error that caused them.
package enum RelayClientError: Error, CustomStringConvertible {
    /// The request did not get an answer: the transport's own error (an `HTTPClientError`, a NIO
    /// connection error, a timeout) is `underlying`.
    case unreachable(path: String, underlying: any Error)
    /// A non-2xx answer, with the server's error envelope when it sent one.
    case http(status: Int, envelope: ErrorEnvelope?, retryAfter: Int?)
    /// A 2xx answer whose body is not the expected type: the `DecodingError` is `underlying`.
    case badResponse(path: String, underlying: any Error)

    /// The server's error code (`ENROLLMENT_KEY_INVALID`, …) when there is one.
    package var code: APIErrorCode? {
        if case .http(_, let envelope?, _) = self { return envelope.error.code }
        return nil
    }

    package var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    /// The transport or decoding error behind `.unreachable` and `.badResponse`.
    package var underlying: (any Error)? {
        switch self {
        case .unreachable(_, let underlying), .badResponse(_, let underlying): underlying
        case .http: nil
        }
    }

    package var description: String {
        switch self {
        case .unreachable(let path, let underlying): "backend unreachable (\(path)): \(underlying)"
        case .http(let status, let envelope?, _):
            "\(status) \(envelope.error.code): \(envelope.error.message) (request \(envelope.requestId))"
        case .http(let status, nil, _): "HTTP \(status) without an error body"
        case .badResponse(let path, let underlying): "unreadable answer from \(path): \(underlying)"
        }
    }
}
