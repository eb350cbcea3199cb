import Foundation

/// The device's credentials cannot be read, written or used.
package enum CredentialsError: WrappingError, CustomStringConvertible {
    /// `credentials.json` exists but does not decode.
    case unreadable(file: URL, any Error)
    /// The new credentials could not be written to their temp file.
    case notWritten(temp: URL)
    /// The temp file could not replace `credentials.json`.
    case notReplaced(file: URL, SystemErrorNumber)
    /// The stored private key is not base64.
    case malformedPrivateKey

    package var description: String {
        switch self {
        case .unreadable(let file, let error): "\(file.path) is not readable credentials: \(error)"
        case .notWritten(let temp): "cannot write \(temp.path) (is the state directory writable and the disk not full?)"
        case .notReplaced(let file, let error): "cannot replace \(file.path): \(error)"
        case .malformedPrivateKey: "credentials hold a malformed private key"
        }
    }

    package var underlying: (any Error)? {
        switch self {
        case .unreadable(_, let error): error
        case .notReplaced(_, let error): error.posix
        case .notWritten, .malformedPrivateKey: nil
        }
    }
}
