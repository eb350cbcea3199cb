import Foundation

extension DeviceHealth {
    /// The heartbeat `meta` members the agent sends (`DeviceHealth`'s wire names), read leniently: a
    /// member missing, of the wrong type or out of range is `nil`; nothing here throws.
    package init(heartbeat meta: [String: JSONValue], reportedAt: Date) {
        func number(_ key: CodingKeys, in range: ClosedRange<Double>) -> Double? {
            guard case .number(let value) = meta[key.rawValue], value.isFinite, range.contains(value) else { return nil }
            return value
        }
        func count(_ key: CodingKeys) -> Int? { number(key, in: 0...1e12).map { Int($0) } }
        func bytes(_ key: CodingKeys) -> Int64? { number(key, in: 0...1e18).map { Int64($0) } }
        func text(_ value: JSONValue?, limit: Int) -> String? {
            guard case .string(let text) = value, !text.isEmpty else { return nil }
            return String(text.prefix(limit))
        }
        func date(_ value: JSONValue?) -> Date? {
            guard case .number(let seconds) = value, seconds.isFinite, (0...253_402_300_799).contains(seconds) else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        var failure: QCFailure?
        if case .object(let object) = meta[CodingKeys.lastQCFailure.rawValue], let fileName = text(object["file_name"], limit: 255),
            let reason = text(object["reason"], limit: 500)
        {
            var angle: Double?
            if case .number(let value) = object["angle_deg"], value.isFinite, (0..<360).contains(value) { angle = value }
            failure = QCFailure(fileName: fileName, angleDeg: angle, reason: reason, at: date(object["at"]))
        }
        var windowOpen: Bool?
        if case .bool(let open) = meta[CodingKeys.uploadWindowOpen.rawValue] { windowOpen = open }
        self.init(
            reportedAt: reportedAt, measuredAt: date(meta[CodingKeys.measuredAt.rawValue]),
            version: text(meta[CodingKeys.version.rawValue], limit: 64), queued: count(.queued),
            oldestPendingSeconds: number(.oldestPendingSeconds, in: 0...1e10), bytesPending: bytes(.bytesPending),
            rejected: count(.rejected), intakeErrors: count(.intakeErrors), diskFreeBytes: bytes(.diskFreeBytes),
            clockSkewSeconds: number(.clockSkewSeconds, in: -1e9...1e9), uploadWindowOpen: windowOpen, lastQCFailure: failure)
    }
}
