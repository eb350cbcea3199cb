/// The version of this build of Relay, reported by health checks and `--version`.
public enum RelayVersion {
    public static let current = "0.1.0"
}
