import AgentCore
import Foundation
import RelayMedia
import Testing

@Suite("Agent configuration, upload windows, bandwidth bucket, token refresh")
struct AgentConfigurationTests {
    /// `systemd/agent.example.json`, the example the README points to.
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../systemd/agent.example.json").standardized

    func parse(_ json: String) throws -> AgentConfiguration { try AgentConfiguration.parse(Data(json.utf8), source: "agent.json") }

    func error(_ json: String) -> String {
        do {
            _ = try parse(json)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("every setting is read; defaults fill the rest")
    func full() throws {
        let config = try parse(
            #"{"watch_folders": ["/srv/a", "/srv/b"], "state_dir": "/var/lib/x", "site_id": "s1", "session_mode": "stills", "frame_count": 36, "settle_seconds": 0.5, "unverified_settle_seconds": 45, "concurrency": 4, "bandwidth_limit_bytes_per_second": 2000000, "upload_windows": ["22:00-06:00"], "recording_upload_windows": ["01:00-05:00"], "max_recording_uploads": 2, "heartbeat_seconds": 60, "delete_originals_after_hours": 48, "retention_days": 7, "qc": {"sharpness_pass": 150, "highlights_fail": 0.5}}"#)
        #expect(config.watchFolders.map(\.path) == ["/srv/a", "/srv/b"])
        #expect(config.stateDirectory.path == "/var/lib/x")
        #expect(config.queueDatabase.path == "/var/lib/x/queue.sqlite")
        #expect(config.sessionMode == "stills" && config.frameCount == 36 && config.concurrency == 4)
        #expect(config.bandwidthLimit == 2_000_000)
        #expect(config.uploadWindows.map(\.description) == ["22:00-06:00"])
        #expect(config.windows(recording: true).map(\.description) == ["01:00-05:00"])
        #expect(config.windows(recording: false).map(\.description) == ["22:00-06:00"])
        #expect(config.maxRecordingUploads == 2 && config.recordingLanes == 2)
        #expect(config.qc.sharpnessPass == 150 && config.qc.highlightsFail == 0.5 && config.qc.sharpnessWarn == 40)
        #expect(config.deleteOriginalsAfterHours == 48)
        #expect(config.retentionDays == 7)
        #expect(config.unverifiedSettleSeconds == 45)
        let minimal = try parse(#"{"watch_folders": ["/srv/capture"]}"#)
        #expect(minimal.deleteOriginalsAfterHours == nil, "files are kept unless deletion is asked for")
        #expect(minimal.retentionDays == 30)
        #expect(minimal.unverifiedSettleSeconds == 30)
        // 0 and 1 are numbers, not booleans (Foundation on Linux says `0 is Bool`).
        let edges = try parse(
            #"{"watch_folders": ["/srv/capture"], "delete_originals_after_hours": 0, "bandwidth_limit_bytes_per_second": 0, "concurrency": 1, "frame_count": 1, "settle_seconds": 0, "qc": {"sharpness_warn": 0, "shadows_fail": 1}}"#)
        #expect(edges.deleteOriginalsAfterHours == 0 && edges.bandwidthLimit == 0 && edges.concurrency == 1 && edges.frameCount == 1)
        #expect(edges.settleSeconds == 0 && edges.qc.sharpnessWarn == 0 && edges.qc.shadowsFail == 1)
        #expect(try AgentConfiguration.load(from: Self.example).watchFolders.map(\.path) == ["/srv/capture"], "the shipped example loads")
        #expect(minimal.stateDirectory.path == "/var/lib/relay-agent" && minimal.sessionMode == "studio360" && minimal.frameCount == 24)
        let widths = try parse(#"{"watch_folders": ["/srv/capture"], "qc": {"edge_width_fail": 3.4, "edge_width_warn": 3.1}}"#)
        #expect(widths.qc.edgeWidthFail == 3.4 && widths.qc.edgeWidthWarn == 3.1)
    }

    @Test("an installed configuration with the earlier sharpness measure's limits still loads; they are ignored")
    func retiredQCKeysAreIgnored() throws {
        let config = try parse(#"{"watch_folders": ["/srv/capture"], "qc": {"edge_fail": 0.0021, "edge_warn": 0.0034, "edge_fail_large": 0.045, "edge_warn_large": 0.072, "highlights_fail": 0.1}}"#)
        #expect(config.qc.edgeWidthFail == QCDefaults.edgeWidthFail && config.qc.edgeWidthWarn == QCDefaults.edgeWidthWarn)
        #expect(config.qc.highlightsFail == 0.1)
        #expect(error(#"{"watch_folders": ["/srv"], "qc": {"edge_fail": "low"}}"#).contains("qc.edge_fail"))
        #expect(error(#"{"watch_folders": ["/srv"], "qc": {"edge_width_fail": 2.5, "edge_width_warn": 2.8}}"#).contains("edge_width_warn"))
    }

    @Test("mistakes are refused with the key named")
    func refused() {
        #expect(error(#"{"watch_folders": ["/srv"], "concurency": 2}"#).contains("concurency is not a setting"))
        #expect(error(#"{"watch_folders": []}"#).contains("watch_folders"))
        #expect(error(#"{"watch_folders": ["relative/path"]}"#).contains("absolute"))
        #expect(error(#"{"watch_folders": ["/srv"], "frame_count": 2.5}"#).contains("frame_count"))
        #expect(error(#"{"watch_folders": ["/srv"], "concurrency": 0}"#).contains("concurrency"))
        #expect(error(#"{"watch_folders": ["/srv"], "session_mode": "video"}"#).contains("session_mode"))
        #expect(error(#"{"watch_folders": ["/srv"], "upload_windows": ["25:00-06:00"]}"#).contains("25:00-06:00"))
        #expect(error(#"{"watch_folders": ["/srv"], "recording_upload_windows": "night"}"#).contains("recording_upload_windows"))
        #expect(error(#"{"watch_folders": ["/srv"], "max_recording_uploads": 0}"#).contains("max_recording_uploads"))
        #expect(error(#"{"watch_folders": ["/srv"], "max_recording_uploads": 1.5}"#).contains("max_recording_uploads"))
        #expect(error(#"{"watch_folders": ["/srv"], "bandwidth_limit_bytes_per_second": 100}"#).contains("16384"))
        #expect(error(#"{"watch_folders": ["/srv"], "qc": {"sharpnes_pass": 1}}"#).contains("qc.sharpnes_pass"))
        #expect(error(#"{"watch_folders": ["/srv"], "qc": {"sharpness_pass": 10, "sharpness_warn": 20}}"#).contains("sharpness_warn"))
        #expect(error("[1, 2]").contains("not a JSON object"))
        #expect(error(#"{"watch_folders": ["/srv"], "concurrency": true}"#).contains("concurrency"))
        #expect(error(#"{"watch_folders": ["/srv"], "settle_seconds": false}"#).contains("settle_seconds"))
        #expect(error(#"{"watch_folders": ["/srv"], "qc": {"shadows_fail": true}}"#).contains("qc.shadows_fail"))
        #expect(error(#"{"recording_folders": ["/srv/rec"]}"#).contains("project_id is required"))
        #expect(error(#"{"recording_folders": ["/srv/rec"], "project_id": "has space"}"#).contains("project_id must be"))
        #expect(error(#"{"recording_folders": ["rec"], "project_id": "p"}"#).contains("recording_folders must be a list of absolute paths"))
        #expect(error(#"{"watch_folders": [], "recording_folders": []}"#).contains("at least one folder"))
        #expect(error(#"{"watch_folders": ["/srv"], "delete_originals_after_hours": -1}"#).contains("delete_originals_after_hours must be a number"))
        #expect(error(#"{"watch_folders": ["/srv"], "delete_originals_after_hours": true}"#).contains("delete_originals_after_hours"))
        #expect(error(#"{"watch_folders": ["/srv"], "delete_originals_after_hours": "24"}"#).contains("delete_originals_after_hours"))
        #expect(error(#"{"watch_folders": ["/srv"], "retention_days": 0}"#).contains("retention_days must be a number"))
    }

    @Test("recording folders need a project; photo folders may then be left out")
    func recordings() throws {
        let config = try parse(#"{"recording_folders": ["/srv/recordings"], "project_id": "church-main"}"#)
        #expect(config.watchFolders.isEmpty)
        #expect(config.recordingFolders.map(\.path) == ["/srv/recordings"])
        #expect(config.projectId == "church-main")
        #expect(config.allFolders.map(\.path) == ["/srv/recordings"])
        let both = try parse(#"{"watch_folders": ["/srv/capture"], "recording_folders": ["/srv/recordings"], "project_id": "p.1"}"#)
        #expect(both.allFolders.map(\.path) == ["/srv/capture", "/srv/recordings"])
    }

    /// (window, minute of day, open?)
    static let windows: [(String, Int, Bool)] = [
        ("22:00-06:00", 22 * 60, true), ("22:00-06:00", 23 * 60 + 59, true), ("22:00-06:00", 0, true), ("22:00-06:00", 5 * 60 + 59, true),
        ("22:00-06:00", 6 * 60, false), ("22:00-06:00", 12 * 60, false), ("09:30-17:00", 9 * 60 + 29, false),
        ("09:30-17:00", 9 * 60 + 30, true), ("09:30-17:00", 17 * 60, false), ("00:00-00:00", 13 * 60, true), ("00:00-24:00", 23 * 60, true),
    ]

    @Test(arguments: Self.windows.indices)
    func window(_ index: Int) throws {
        let (text, minute, open) = Self.windows[index]
        #expect(try #require(UploadWindow(text)).contains(minute: minute) == open)
    }

    @Test("malformed windows are not windows; the next opening is found")
    func windowParsingAndNextOpening() throws {
        for bad in ["22-06", "22:00", "22:00-6:00", "ab:cd-ef:gh", "24:30-01:00", "12:60-13:00"] { #expect(UploadWindow(bad) == nil, "\(bad)") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let windows = [try #require(UploadWindow("22:00-06:00"))]
        let noon = try #require(calendar.date(from: DateComponents(year: 2026, month: 11, day: 24, hour: 12, minute: 0)))
        #expect(!windows.isOpen(at: noon, calendar: calendar))
        #expect(windows.nextOpening(after: noon, calendar: calendar) == noon.addingTimeInterval(10 * 3600))
        #expect([UploadWindow]().isOpen(at: noon, calendar: calendar))
        #expect(windows.nextOpening(after: noon.addingTimeInterval(11 * 3600), calendar: calendar) == nil)
    }

    /// (bytes, at second, wait seconds) against a 1000 B/s bucket created full at 0.
    static let bucket: [(Int, Double, Double)] = [(500, 0, 0), (500, 0, 0), (500, 0, 0.5), (1000, 0.5, 1.0), (100, 10, 0)]

    @Test("token bucket: a full second of burst, then bytes/rate of waiting; debt is paid before new credit")
    func tokenBucket() {
        var bucket = TokenBucket(rate: 1000, now: 0)
        for (bytes, now, wait) in Self.bucket {
            #expect(abs(bucket.take(bytes, now: now) - wait) < 1e-9, "\(bytes) at \(now)")
        }
    }

    @Test("the token is refreshed `before` ahead of expiry, or at half its life when that is sooner")
    func refreshDue() {
        let issued = Date(timeIntervalSince1970: 1_000_000)
        var credentials = DeviceCredentials(
            server: "http://x", orgId: "o", siteId: nil, deviceId: "d", privateKey: "", accessToken: "t",
            expiresAt: issued.addingTimeInterval(30 * 86_400), issuedAt: issued)
        let threeDays: TimeInterval = 3 * 86_400
        #expect(!credentials.refreshDue(before: threeDays, now: issued.addingTimeInterval(26 * 86_400)))
        #expect(credentials.refreshDue(before: threeDays, now: issued.addingTimeInterval(27 * 86_400)))
        credentials.expiresAt = issued.addingTimeInterval(600)
        #expect(!credentials.refreshDue(before: threeDays, now: issued.addingTimeInterval(299)))
        #expect(credentials.refreshDue(before: threeDays, now: issued.addingTimeInterval(300)))
        credentials.issuedAt = nil
        #expect(credentials.refreshDue(before: threeDays, now: issued))
    }
}
