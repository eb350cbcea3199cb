import Foundation

/// What a device last said about itself in its `heartbeat` event (`POST /v1/events`, `meta`), as the
/// admin API shows it. The agent sends these members; anything else in the heartbeat's `meta` stays in
/// the event log only, and a member of the wrong type or out of range reads as `null`.
package struct DeviceHealth: Codable, Sendable, Equatable {
    /// The last QC failure the device saw.
    package struct QCFailure: Codable, Sendable, Equatable {
        package var fileName: String
        package var angleDeg: Double?
        package var reason: String
        package var at: Date?

        package init(fileName: String, angleDeg: Double?, reason: String, at: Date?) {
            self.fileName = fileName
            self.angleDeg = angleDeg
            self.reason = reason
            self.at = at
        }

        enum CodingKeys: String, CodingKey {
            case fileName = "file_name"
            case angleDeg = "angle_deg"
            case reason
            case at
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fileName, forKey: .fileName)
            try container.encode(angleDeg, forKey: .angleDeg)
            try container.encode(reason, forKey: .reason)
            try container.encode(at, forKey: .at)
        }
    }

    /// When the server received the heartbeat (server clock).
    package var reportedAt: Date
    /// When the device measured it (device clock).
    package var measuredAt: Date?
    package var version: String?
    /// Uploads not finished yet.
    package var queued: Int?
    /// Age of the oldest of them, seconds.
    package var oldestPendingSeconds: Double?
    package var bytesPending: Int64?
    /// Files the queue refused (not photos, unreadable, too large).
    package var rejected: Int?
    /// Watch folders or files the agent cannot read right now.
    package var intakeErrors: Int?
    /// Free space where the agent keeps its state, bytes.
    package var diskFreeBytes: Int64?
    /// Device clock minus server clock, seconds (positive: the device is ahead).
    package var clockSkewSeconds: Double?
    /// Whether uploads may run now under the device's upload windows.
    package var uploadWindowOpen: Bool?
    package var lastQCFailure: QCFailure?

    package init(
        reportedAt: Date, measuredAt: Date? = nil, version: String? = nil, queued: Int? = nil, oldestPendingSeconds: Double? = nil,
        bytesPending: Int64? = nil, rejected: Int? = nil, intakeErrors: Int? = nil, diskFreeBytes: Int64? = nil,
        clockSkewSeconds: Double? = nil, uploadWindowOpen: Bool? = nil, lastQCFailure: QCFailure? = nil
    ) {
        self.reportedAt = reportedAt
        self.measuredAt = measuredAt
        self.version = version
        self.queued = queued
        self.oldestPendingSeconds = oldestPendingSeconds
        self.bytesPending = bytesPending
        self.rejected = rejected
        self.intakeErrors = intakeErrors
        self.diskFreeBytes = diskFreeBytes
        self.clockSkewSeconds = clockSkewSeconds
        self.uploadWindowOpen = uploadWindowOpen
        self.lastQCFailure = lastQCFailure
    }

    enum CodingKeys: String, CodingKey {
        case reportedAt = "reported_at"
        case measuredAt = "measured_at"
        case version
        case queued
        case oldestPendingSeconds = "oldest_pending_seconds"
        case bytesPending = "bytes_pending"
        case rejected
        case intakeErrors = "intake_errors"
        case diskFreeBytes = "disk_free_bytes"
        case clockSkewSeconds = "clock_skew_seconds"
        case uploadWindowOpen = "upload_window_open"
        case lastQCFailure = "last_qc_failure"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reportedAt, forKey: .reportedAt)
        try container.encode(measuredAt, forKey: .measuredAt)
        try container.encode(version, forKey: .version)
        try container.encode(queued, forKey: .queued)
        try container.encode(oldestPendingSeconds, forKey: .oldestPendingSeconds)
        try container.encode(bytesPending, forKey: .bytesPending)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(intakeErrors, forKey: .intakeErrors)
        try container.encode(diskFreeBytes, forKey: .diskFreeBytes)
        try container.encode(clockSkewSeconds, forKey: .clockSkewSeconds)
        try container.encode(uploadWindowOpen, forKey: .uploadWindowOpen)
        try container.encode(lastQCFailure, forKey: .lastQCFailure)
    }
}
