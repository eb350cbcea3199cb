import CSystemd
import Foundation

/// Talks to systemd when the agent runs as a `Type=notify` service: `READY=1` once the queue is open and
/// the folders are watched, `STATUS=` lines that `systemctl status` shows, and `WATCHDOG=1` pings at half
/// the unit's `WatchdogSec`. Outside systemd (`NOTIFY_SOCKET` unset) every call is a no-op.
package struct SystemdNotifier: Sendable {
    package init() {}

    /// True when systemd listens (`NOTIFY_SOCKET` is set).
    package var isActive: Bool { getenvString("NOTIFY_SOCKET") != nil }

    @discardableResult
    package func ready(status: String) -> Bool { send("READY=1\nSTATUS=\(Self.clean(status))") }

    @discardableResult
    package func status(_ text: String) -> Bool { send("STATUS=\(Self.clean(text))") }

    @discardableResult
    package func watchdog() -> Bool { send("WATCHDOG=1") }

    @discardableResult
    package func stopping() -> Bool { send("STOPPING=1") }

    /// How often to ping the watchdog (half of `WatchdogSec`), or nil when the unit has no watchdog.
    package func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec / 2))
    }

    /// Sends one notification; true when systemd received it.
    @discardableResult
    package func send(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    /// A status is one line.
    static func clean(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 }.prefix(200))
    }

    func getenvString(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
