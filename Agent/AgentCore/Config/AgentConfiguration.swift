import Foundation
import RelayMedia

/// The agent's settings, from a JSON file (`/etc/relay-agent/agent.json` by default, see
/// `systemd/agent.example.json`). Every key is optional except that `watch_folders` or
/// `recording_folders` must name a folder; unknown keys are refused so a typo does not silently fall back
/// to a default.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `state_dir` | `/var/lib/relay-agent` | credentials, queue database (the systemd unit's `StateDirectory`) |
/// | `watch_folders` | — | folders whose subfolders are capture sessions (photos, seed 001) |
/// | `recording_folders` | — | folders whose subfolders are multi-camera recording sessions (videos, seed 000 multipart) |
/// | `project_id` | — | project of the recording sessions (required with `recording_folders`) |
/// | `site_id` | the device's site | site the agent's sessions are created at |
/// | `session_mode` | `studio360` | `studio360`, `walk360` or `stills` |
/// | `frame_count` | 24 | studio360 frames per turn: angles are `index × 360 / frame_count` in capture order |
/// | `settle_seconds` | 2 | a file must be unchanged this long before it is taken |
/// | `unverified_settle_seconds` | 30 | a file whose structure does not show it whole (or cannot: mkv, mxf, wav, …) must keep its size and mtime across scans this far apart (`StableSizeRule`) |
/// | `rescan_seconds` | 60 | full rescan of the watch folders (inotify does the rest) |
/// | `concurrency` | 2 | uploads in flight |
/// | `bandwidth_limit_bytes_per_second` | 0 (none) | cap on upload bytes/s, all uploads together |
/// | `upload_windows` | always | local-time windows (`"HH:MM-HH:MM"`, may cross midnight) in which uploads run |
/// | `recording_upload_windows` | `upload_windows` | windows for recordings only (videos at night, photos any time) |
/// | `max_recording_uploads` | `concurrency` − 1 (at least 1) | recordings in flight at once: the other workers stay free for photos, which always go first |
/// | `heartbeat_seconds` | 300 | heartbeat event period |
/// | `token_refresh_before_seconds` | 259200 (3 days) | refresh the device token this long before it expires (or at half its life, if sooner) |
/// | `delete_originals_after_hours` | never | delete a file this many hours after the backend acknowledged its bytes (0: at once); only if it still holds exactly those bytes |
/// | `retention_days` | 30 | finished queue rows are kept this long: then rejected items and acknowledged items whose file is gone are removed (an acknowledged file still on disk keeps its row: its SHA-256 stops a copy going up twice) |
/// | `qc` | QCThresholds defaults | `edge_width_fail`, `edge_width_warn`, `white_fail_below`, `white_warn_below`, `low_key_peak`, `dim_light_ev100`, `clip_spike_fail`, `black_fail_above`, `session_warn_ev`, `session_fail_ev`, `mean_fail_below`, `mean_warn_below`, `mean_warn_above`, `mean_fail_above`, `shadows_warn`, `shadows_fail`, `highlights_warn`, `highlights_fail`; `sharpness_pass`/`sharpness_warn` are still read but no longer decide; `edge_fail`, `edge_warn`, `edge_fail_large`, `edge_warn_large` (an earlier measure's) are accepted and ignored |
package struct AgentConfiguration: Sendable, Equatable {
    package var stateDirectory: URL
    package var watchFolders: [URL]
    package var recordingFolders: [URL]
    package var projectId: String?
    package var siteId: String?
    package var sessionMode: String
    package var frameCount: Int
    package var settleSeconds: Double
    /// The quiet period of `StableSizeRule`: longer than any pause of a writer (`unverified_settle_seconds`).
    package var unverifiedSettleSeconds: Double
    package var rescanSeconds: Double
    package var concurrency: Int
    package var bandwidthLimit: Int64
    package var uploadWindows: [UploadWindow]
    /// Windows for recordings when set (`recording_upload_windows`), else `uploadWindows`.
    package var recordingUploadWindows: [UploadWindow]?
    /// `max_recording_uploads`; nil: `concurrency` − 1, at least 1 (`recordingLanes`).
    package var maxRecordingUploads: Int?
    package var heartbeatSeconds: Double
    package var tokenRefreshBeforeSeconds: Double
    /// Hours after acknowledgement at which an uploaded file is deleted; nil keeps every file.
    package var deleteOriginalsAfterHours: Double?
    /// Days a finished queue row is kept (see `UploadQueueStore.prune`).
    package var retentionDays: Double = 30
    package var qc: QCThresholds

    package init(
        stateDirectory: URL = URL(fileURLWithPath: "/var/lib/relay-agent"), watchFolders: [URL] = [], recordingFolders: [URL] = [], projectId: String? = nil, siteId: String? = nil,
        sessionMode: String = "studio360", frameCount: Int = 24, settleSeconds: Double = 2, unverifiedSettleSeconds: Double = 30, rescanSeconds: Double = 60,
        concurrency: Int = 2, bandwidthLimit: Int64 = 0, uploadWindows: [UploadWindow] = [], heartbeatSeconds: Double = 300,
        tokenRefreshBeforeSeconds: Double = 3 * 86_400, deleteOriginalsAfterHours: Double? = nil, qc: QCThresholds = QCThresholds()
    ) {
        self.stateDirectory = stateDirectory
        self.watchFolders = watchFolders
        self.recordingFolders = recordingFolders
        self.projectId = projectId
        self.siteId = siteId
        self.sessionMode = sessionMode
        self.frameCount = frameCount
        self.settleSeconds = settleSeconds
        self.unverifiedSettleSeconds = unverifiedSettleSeconds
        self.rescanSeconds = rescanSeconds
        self.concurrency = concurrency
        self.bandwidthLimit = bandwidthLimit
        self.uploadWindows = uploadWindows
        self.heartbeatSeconds = heartbeatSeconds
        self.tokenRefreshBeforeSeconds = tokenRefreshBeforeSeconds
        self.deleteOriginalsAfterHours = deleteOriginalsAfterHours
        self.qc = qc
    }

    /// The windows an item's class uploads in.
    package func windows(recording: Bool) -> [UploadWindow] {
        recording ? recordingUploadWindows ?? uploadWindows : uploadWindows
    }

    /// Recordings in flight at once: by default one worker less than `concurrency`, so a photo never
    /// waits for a recording to finish (with one worker, a recording steps aside between parts).
    package var recordingLanes: Int { max(1, min(maxRecordingUploads ?? (concurrency - 1), concurrency)) }

    static let keys: Set<String> = [
        "state_dir", "watch_folders", "recording_folders", "project_id", "site_id", "session_mode", "frame_count", "settle_seconds", "unverified_settle_seconds", "rescan_seconds", "concurrency",
        "bandwidth_limit_bytes_per_second", "upload_windows", "recording_upload_windows", "max_recording_uploads", "heartbeat_seconds",
        "token_refresh_before_seconds",
        "delete_originals_after_hours", "retention_days", "qc",
    ]
    /// QC settings of an earlier sharpness measure, read and ignored.
    static let retiredQCKeys: Set<String> = ["edge_fail", "edge_warn", "edge_fail_large", "edge_warn_large"]

    static var qcKeys: [String: WritableKeyPath<QCThresholds, Double>] {
        [
        "sharpness_pass": \.sharpnessPass, "sharpness_warn": \.sharpnessWarn, "mean_fail_below": \.meanFailBelow,
        "mean_warn_below": \.meanWarnBelow, "mean_warn_above": \.meanWarnAbove, "mean_fail_above": \.meanFailAbove,
        "shadows_warn": \.shadowsWarn, "shadows_fail": \.shadowsFail, "highlights_warn": \.highlightsWarn,
        "highlights_fail": \.highlightsFail, "edge_width_fail": \.edgeWidthFail, "edge_width_warn": \.edgeWidthWarn,
        "white_fail_below": \.whiteFailBelow,
        "white_warn_below": \.whiteWarnBelow, "low_key_peak": \.lowKeyPeak, "dim_light_ev100": \.dimLightEV100,
        "clip_spike_fail": \.clipSpikeFail, "black_fail_above": \.blackFailAbove, "session_warn_ev": \.sessionWarnEV,
        "session_fail_ev": \.sessionFailEV,
        ]
    }

    /// Reads a configuration file; every problem is a `ConfigurationError` naming the key.
    package static func load(from file: URL) throws -> AgentConfiguration {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ConfigurationError.unreadable(file: file)
        }
        return try parse(data, source: file.path)
    }

    package static func parse(_ data: Data, source: String = "configuration") throws -> AgentConfiguration {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigurationError.notAnObject(source: source)
        }
        func fail(_ key: String, _ what: String) -> ConfigurationError { .invalid(source: source, key: key, problem: what) }
        if let unknown = object.keys.filter({ !keys.contains($0) }).sorted().first {
            throw fail(unknown, "is not a setting (known: \(keys.sorted().joined(separator: ", ")))")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let value = object[key] else { return nil }
            guard let number = value as? NSNumber, !number.isJSONBool, range.contains(number.doubleValue) else {
                throw fail(key, "must be a number in \(range.lowerBound)…\(range.upperBound)")
            }
            return number.doubleValue
        }
        func string(_ key: String) throws -> String? {
            guard let value = object[key] else { return nil }
            guard let text = value as? String, !text.isEmpty else { throw fail(key, "must be a non-empty string") }
            return text
        }
        var config = AgentConfiguration()
        if let dir = try string("state_dir") { config.stateDirectory = URL(fileURLWithPath: dir) }
        func folders(_ key: String) throws -> [URL] {
            guard let value = object[key] else { return [] }
            guard let list = value as? [String], list.allSatisfy({ $0.hasPrefix("/") }) else { throw fail(key, "must be a list of absolute paths") }
            return list.map { URL(fileURLWithPath: $0) }
        }
        config.watchFolders = try folders("watch_folders")
        config.recordingFolders = try folders("recording_folders")
        guard !(config.watchFolders.isEmpty && config.recordingFolders.isEmpty) else {
            throw fail("watch_folders", "or recording_folders must name at least one folder")
        }
        config.projectId = try string("project_id")
        if let project = config.projectId,
            !(project.utf8.count <= 64 && project.utf8.allSatisfy { $0.isASCIILetterOrDigit || "._-".utf8.contains($0) })
        {
            throw fail("project_id", "must be 1–64 characters of A–Z a–z 0–9 . _ -")
        }
        if !config.recordingFolders.isEmpty && config.projectId == nil {
            throw fail("project_id", "is required with recording_folders (the project recording sessions belong to)")
        }
        config.siteId = try string("site_id")
        if let mode = try string("session_mode") {
            guard ["studio360", "walk360", "stills"].contains(mode) else { throw fail("session_mode", "must be studio360, walk360 or stills") }
            config.sessionMode = mode
        }
        if let frames = try number("frame_count", 1...720) {
            guard frames == frames.rounded() else { throw fail("frame_count", "must be an integer") }
            config.frameCount = Int(frames)
        }
        config.settleSeconds = try number("settle_seconds", 0...3600) ?? config.settleSeconds
        config.unverifiedSettleSeconds = try number("unverified_settle_seconds", 0...86_400) ?? config.unverifiedSettleSeconds
        config.rescanSeconds = try number("rescan_seconds", 1...86_400) ?? config.rescanSeconds
        config.concurrency = Int(try number("concurrency", 1...16) ?? Double(config.concurrency))
        config.bandwidthLimit = Int64(try number("bandwidth_limit_bytes_per_second", 0...1e11) ?? 0)
        if config.bandwidthLimit > 0 && config.bandwidthLimit < 16_384 {
            throw fail("bandwidth_limit_bytes_per_second", "must be 0 (no limit) or at least 16384")
        }
        func windows(_ key: String) throws -> [UploadWindow]? {
            guard let windows = object[key] else { return nil }
            guard let list = windows as? [String] else { throw fail(key, "must be a list of \"HH:MM-HH:MM\"") }
            return try list.map { text in
                guard let window = UploadWindow(text) else { throw fail(key, "entry \"\(text)\" is not HH:MM-HH:MM") }
                return window
            }
        }
        config.uploadWindows = try windows("upload_windows") ?? config.uploadWindows
        config.recordingUploadWindows = try windows("recording_upload_windows")
        if let lanes = try number("max_recording_uploads", 1...16) {
            guard lanes == lanes.rounded() else { throw fail("max_recording_uploads", "must be an integer") }
            config.maxRecordingUploads = Int(lanes)
        }
        config.heartbeatSeconds = try number("heartbeat_seconds", 5...86_400) ?? config.heartbeatSeconds
        config.tokenRefreshBeforeSeconds = try number("token_refresh_before_seconds", 60...30 * 86_400) ?? config.tokenRefreshBeforeSeconds
        config.deleteOriginalsAfterHours = try number("delete_originals_after_hours", 0...87_600)
        config.retentionDays = try number("retention_days", 1...36_500) ?? config.retentionDays
        if let qc = object["qc"] {
            guard let values = qc as? [String: Any] else { throw fail("qc", "must be an object") }
            for (key, value) in values {
                // The DCT-share limits of the measure before the edge width: still accepted (an
                // installed configuration must not stop the daemon on upgrade), no longer used.
                if Self.retiredQCKeys.contains(key), value is NSNumber { continue }
                guard let path = qcKeys[key] else { throw fail("qc.\(key)", "is not a QC setting (known: \(qcKeys.keys.sorted().joined(separator: ", ")))") }
                guard let number = value as? NSNumber, !number.isJSONBool, number.doubleValue >= 0 else { throw fail("qc.\(key)", "must be a number ≥ 0") }
                config.qc[keyPath: path] = number.doubleValue
            }
            guard config.qc.sharpnessWarn <= config.qc.sharpnessPass else { throw fail("qc.sharpness_warn", "must not exceed qc.sharpness_pass") }
            guard config.qc.edgeWidthWarn <= config.qc.edgeWidthFail else { throw fail("qc.edge_width_warn", "must not exceed qc.edge_width_fail") }
            guard config.qc.whiteFailBelow <= config.qc.whiteWarnBelow else { throw fail("qc.white_fail_below", "must not exceed qc.white_warn_below") }
            guard config.qc.sessionWarnEV <= config.qc.sessionFailEV else { throw fail("qc.session_warn_ev", "must not exceed qc.session_fail_ev") }
        }
        return config
    }

    /// Every folder intake watches.
    package var allFolders: [URL] { watchFolders + recordingFolders }

    /// The queue database.
    package var queueDatabase: URL { stateDirectory.appendingPathComponent("queue.sqlite") }
}

extension NSNumber {
    /// `true`/`false` in the JSON. Not `is Bool`: on Linux that is also true of the numbers 0 and 1, which
    /// refused `"bandwidth_limit_bytes_per_second": 0` and `"concurrency": 1`.
    var isJSONBool: Bool { String(cString: objCType) == "c" }
}

extension UInt8 {
    var isASCIILetterOrDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
