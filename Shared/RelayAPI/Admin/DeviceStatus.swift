/// How a device is doing, as the admin API judges it (`GET /v1/admin/devices`, `status`).
package enum DeviceStatus: String, Codable, Sendable, CaseIterable {
    /// Heard from within `device_stale_seconds`.
    case ok
    /// Silent for longer than `device_stale_seconds` (no heartbeat, no sign-in).
    case stale
    /// Revoked: its tokens no longer work.
    case revoked
}
