import Foundation

/// Why `relay-agent enroll` did not enroll (the backend's refusals are `RelayClientError`s).
package enum EnrollmentError: Error, CustomStringConvertible {
    /// Credentials exist and `--force` was not given.
    case alreadyEnrolled(credentialsFile: URL)
    /// The enrollment key binds the device to another site than the one asked for.
    case otherSite(bound: String?, requested: String)

    package var description: String {
        switch self {
        case .alreadyEnrolled(let file): "already enrolled (\(file.path)); use --force to enroll again as a new device"
        case .otherSite(let bound, let requested): "the enrollment key binds this device to \(bound ?? "no site"), not \(requested)"
        }
    }
}
