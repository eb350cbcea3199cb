/// The version of this build of Relay, reported by health checks and `--version`.
package enum RelayVersion {
    package static let current = "0.1.0"
}
