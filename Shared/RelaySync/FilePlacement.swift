/// Where one file of a camera sits on the master's timeline, measured on its own: its offset (and drift)
/// in the convention of ``SyncAnalysis/offsetsMs``, the master times its first and last samples play
/// at, and the gap since the camera's previous file ended.
package struct FilePlacement: Sendable, Codable, Equatable {
    /// ``CameraFile/number``.
    package var number: Int
    /// ``CameraFile/id``.
    package var id: String
    /// This file's offset (ms) at the start of its overlap with the master: `t_file − t_master`.
    package var offsetMs: Double
    /// Offset (ms) extrapolated along the drift line to the master's time 0.
    package var offsetAtMasterStartMs: Double
    package var driftPPM: Double
    package var confidence: Double
    /// ``SyncClassification`` raw value.
    package var classification: String
    package var reason: String
    /// Length of the file (s, its own clock).
    package var durationSeconds: Double
    /// Master time (s) of the file's first sample; nil when the file was not placed (`no-match`).
    package var startSeconds: Double?
    /// Master time (s) of the file's last sample; nil when not placed.
    package var endSeconds: Double?
    /// Master time (ms) between the camera's previous file's end and this file's start (negative when
    /// they overlap); nil for the first file, or when either file was not placed.
    package var gapBeforeMs: Double?

    package init(
        number: Int, id: String, offsetMs: Double, offsetAtMasterStartMs: Double, driftPPM: Double, confidence: Double,
        classification: String, reason: String, durationSeconds: Double, startSeconds: Double?, endSeconds: Double?,
        gapBeforeMs: Double?
    ) {
        self.number = number
        self.id = id
        self.offsetMs = offsetMs
        self.offsetAtMasterStartMs = offsetAtMasterStartMs
        self.driftPPM = driftPPM
        self.confidence = confidence
        self.classification = classification
        self.reason = reason
        self.durationSeconds = durationSeconds
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.gapBeforeMs = gapBeforeMs
    }

    /// A master file: placed end to end after the master's earlier files.
    static func master(number: Int, id: String, startSeconds: Double, durationSeconds: Double, gapBeforeMs: Double?) -> FilePlacement {
        FilePlacement(
            number: number, id: id, offsetMs: -startSeconds * 1000, offsetAtMasterStartMs: -startSeconds * 1000, driftPPM: 0, confidence: 1,
            classification: SyncClassification.looksGood.rawValue, reason: "master file, joined end to end with the master's other files",
            durationSeconds: durationSeconds, startSeconds: startSeconds, endSeconds: startSeconds + durationSeconds, gapBeforeMs: gapBeforeMs)
    }

    /// A camera file measured against the master; `previous` is the camera's file before it.
    static func measured(_ file: CameraFile, detail: CameraSyncDetail, previous: FilePlacement?) -> FilePlacement {
        let duration = file.track.durationSeconds
        var start: Double?
        var end: Double?
        if detail.classification != SyncClassification.noMatch.rawValue {
            // Camera time of master time t: t·(1 + slope) + intercept, slope in s/s.
            let scale = 1 + detail.driftPPM * 1e-6
            start = -detail.offsetAtMasterStartMs / 1000 / scale
            end = (duration - detail.offsetAtMasterStartMs / 1000) / scale
        }
        var gap: Double?
        if let start, let before = previous?.endSeconds { gap = (start - before) * 1000 }
        return FilePlacement(
            number: file.number, id: file.id, offsetMs: detail.offsetMs, offsetAtMasterStartMs: detail.offsetAtMasterStartMs,
            driftPPM: detail.driftPPM, confidence: detail.confidence, classification: detail.classification, reason: detail.reason,
            durationSeconds: duration, startSeconds: start, endSeconds: end, gapBeforeMs: gap)
    }
}
