import Foundation

/// Seed 002's settings (the audio sync analyzer). Keys are listed in the README ("Configuration").
package struct AnalyzerConfiguration: Sendable, Equatable {
    /// Folders the analyzer may list and read, on shared storage. Key `analyzer_media_roots`: a
    /// comma-separated list of folders; default `{data_dir}/media` (created at start). Nothing outside
    /// them is ever listed or read.
    package var mediaRoots: [String]
    /// Largest file `POST /v1/files/upload` takes. Key `analyzer_max_upload_bytes`, default 4 GiB.
    package var maxUploadBytes: Int64
    /// Longest input (either file) an analysis decodes. Key `analyzer_max_duration_seconds`, default 4 h.
    package var maxDurationSeconds: Int
    /// Whether batch webhooks may point at loopback, private, link-local or CGNAT addresses. Key
    /// `analyzer_webhook_allow_private`, default false (a webhook is otherwise a way to make the server
    /// call into its own network).
    package var webhookAllowPrivate: Bool
    /// Recordings longer than this are decoded into scratch files and read a window at a time. Key
    /// `sync_stream_above_seconds` (shared with seed 000's sync), default 600.
    package var streamAboveSeconds: Int
    /// Shortest audio an analysis accepts. Fixed: the engine needs a second to correlate.
    package static let minDurationSeconds = 1.0

    package init(
        mediaRoots: [String], maxUploadBytes: Int64 = 4 << 30, maxDurationSeconds: Int = 4 * 3600, webhookAllowPrivate: Bool = false,
        streamAboveSeconds: Int = 600
    ) {
        self.webhookAllowPrivate = webhookAllowPrivate
        self.streamAboveSeconds = streamAboveSeconds
        self.mediaRoots = mediaRoots
        self.maxUploadBytes = maxUploadBytes
        self.maxDurationSeconds = maxDurationSeconds
    }

    package init(_ source: ConfigurationSource, dataDir: String) throws {
        let roots = (source.string("analyzer_media_roots") ?? dataDir + "/media")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !roots.isEmpty else { throw ConfigurationError("analyzer_media_roots must name at least one folder") }
        self.init(
            mediaRoots: roots,
            maxUploadBytes: Int64(try source.int("analyzer_max_upload_bytes", default: 4 << 30, in: 1024...(1 << 40))),
            maxDurationSeconds: try source.int("analyzer_max_duration_seconds", default: 4 * 3600, in: 10...(24 * 3600)),
            webhookAllowPrivate: try source.bool("analyzer_webhook_allow_private", default: false),
            streamAboveSeconds: try MulticamConfiguration.streamAboveSeconds(source))
    }
}
